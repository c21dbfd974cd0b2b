/**
 * The SQLite store's own write operations, without HTTP or threads: CPU time per VCA exchange
 * (written in groups of 16, as the write-behind store sends them) and per summary (groups of 11,
 * as the summaries' group commit forms at 100 connections), on the restaurant's calls of
 * bench/dashboard-seed.ts. With `--before`, the same operations from another checkout's
 * `src/store/sqlite/database.ts` (its own schema) take turns with this one's on the same calls,
 * so a schema or statement change is measured against what it replaces in one run:
 *
 *   node --import tsx bench/worker-writes.ts --before /tmp/other-checkout [--sessions 1500] [--rounds 10]
 *
 * (`git worktree add /tmp/other-checkout <commit>` and a `node_modules` link make one.) Each
 * round writes `--sessions` new calls to each target, alternating which goes first; the ratio
 * is the median of the per-round ratios. Files live in a temp folder, removed at the end.
 * Bounded: at most 20,000 sessions a round and 50 rounds.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { exchangeOf, exchangeRecord, planSessions, summaryOf, type PlannedSession } from "./dashboard-seed.js";
import { flag, isMain, textFlag } from "./harness.js";
import type { ExchangeRecord, SqliteOperations, SummaryRecord } from "../src/store/sqlite/records.js";
import type { SessionSummaryInput } from "../src/store/index.js";

const EXCHANGE_GROUP = 16;
const SUMMARY_GROUP = 11;

interface Target {
  name: string;
  db: SqliteOperations;
  summaryRecord: (summary: SessionSummaryInput) => SummaryRecord;
  /** µs of CPU per exchange and per summary, one entry per round. */
  exchange: number[];
  summary: number[];
}

const cpuMicros = () => {
  const used = process.cpuUsage();
  return used.user + used.system;
};

async function openTarget(name: string, root: string, dir: string): Promise<Target> {
  const { openSqliteDatabase } = (await import(join(root, "src/store/sqlite/database.ts"))) as typeof import("../src/store/sqlite/database.js");
  const { summaryRecord } = (await import(join(root, "src/store/sqlite/records.ts"))) as typeof import("../src/store/sqlite/records.js");
  const db = openSqliteDatabase({ path: join(dir, `${name}.db`), exclusive: true, busyTimeoutMs: 5000, checkpointIntervalMs: 0 });
  return { name, db, summaryRecord, exchange: [], summary: [] };
}

/** Writes the calls' exchanges (in the order concurrent calls make them), then their summaries. */
function writeCalls(target: Target, sessions: readonly PlannedSession[]): void {
  const keys = new Map<string, number>();
  const records = sessions.flatMap((s) => s.steps.map((_, i) => exchangeRecord(exchangeOf(s, i)))).sort((a, b) => a.receivedAt - b.receivedAt);
  let started = cpuMicros();
  for (let i = 0; i < records.length; i += EXCHANGE_GROUP) {
    // The main thread knows a session's key after its first commit, as the store's cache does.
    const group: ExchangeRecord[] = records.slice(i, i + EXCHANGE_GROUP).map((r) => ({ ...r, sessionKey: keys.get(r.sessionId) ?? null }));
    target.db.writeExchanges(group).forEach((key, j) => keys.set((group[j] as ExchangeRecord).sessionId, key));
  }
  target.exchange.push((cpuMicros() - started) / records.length);
  const summaries = sessions.filter((s) => s.sessionStatus !== null).map((s) => target.summaryRecord(summaryOf(s)));
  started = cpuMicros();
  for (let i = 0; i < summaries.length; i += SUMMARY_GROUP) target.db.saveSummaries(summaries.slice(i, i + SUMMARY_GROUP));
  target.summary.push((cpuMicros() - started) / summaries.length);
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

export async function runWorkerWrites(options: { sessions: number; rounds: number; before?: string; log: (line: string) => void }): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-worker-writes-"));
  const warmUp = Math.min(3000, options.sessions * 2);
  const plan = planSessions(warmUp + options.sessions * options.rounds, 1, Date.now(), ["fp-current", "fp-old"]);
  const targets = [await openTarget("this", resolve(import.meta.dirname, ".."), dir)];
  if (options.before) targets.unshift(await openTarget("before", resolve(options.before), dir));
  try {
    for (const target of targets) writeCalls(target, plan.slice(0, warmUp));
    for (const target of targets) target.exchange.length = target.summary.length = 0;
    for (let round = 0; round < options.rounds; round++) {
      const calls = plan.slice(warmUp + round * options.sessions, warmUp + (round + 1) * options.sessions);
      for (const target of round % 2 === 0 ? targets : [...targets].reverse()) writeCalls(target, calls);
    }
    for (const t of targets) {
      options.log(`${t.name.padEnd(6)}  exchange ${median(t.exchange).toFixed(1)} µs (rounds ${t.exchange.map((x) => x.toFixed(1)).join(" ")})`);
      options.log(`${"".padEnd(6)}  summary  ${median(t.summary).toFixed(1)} µs (rounds ${t.summary.map((x) => x.toFixed(1)).join(" ")})`);
    }
    if (targets.length === 2) {
      const [before, after] = targets as [Target, Target];
      const ratio = (key: "exchange" | "summary") => median(after[key].map((x, i) => x / (before[key][i] as number))).toFixed(3);
      options.log(`this / before, median of the rounds' ratios: exchange ${ratio("exchange")}, summary ${ratio("summary")}`);
    }
  } finally {
    for (const target of targets) target.db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  const sessions = Math.min(20_000, Math.max(100, flag("sessions", 1500)));
  const rounds = Math.min(50, Math.max(1, flag("rounds", 10)));
  const before = textFlag("before", "");
  console.log(`SQLite worker writes: ${rounds} rounds of ${sessions} calls, groups of ${EXCHANGE_GROUP} exchanges and ${SUMMARY_GROUP} summaries, node ${process.version}`);
  await runWorkerWrites({ sessions, rounds, ...(before ? { before } : {}), log: (line) => console.log(line) });
}
