/**
 * The stored calls bench/dashboard-read.ts reads: N sessions (default 100,000) spread over the
 * last `days` days, made deterministically (a seeded PRNG) and written through the store's own
 * write paths, so the rows are what a server would have stored:
 *
 * - callers walk examples/restaurant.yaml's menus (main_menu, reservations, connect_call,
 *   book_table, reschedule_table) with its keys, some pressing a wrong key or nothing, some hanging
 *   up at a menu; each VCA's exchange carries its menu, keys and next menu and a callflow answer;
 *   a few answers are fallbacks (timeout, error);
 * - three in four calls inbound (callers from a pool of 20,000 numbers, so numbers repeat), one in
 *   four outbound, of which a third nobody answered (no VCA at all: the summary makes the row);
 * - most sessions answered by the current flow's fingerprint, the rest by two older ones;
 * - every session but the newest 20 has its summary (VSS version 5): COMPLETED, ERROR (with a
 *   -20xx code), FAILED, NO_ANSWER, BUSY, with a duration and a MOS;
 * - calls overlap as they do on a line: exchanges of 40 calls at a time are interleaved.
 *
 * SQLite: the operations the store's worker runs (`openSqliteDatabase`): `writeExchanges` (the
 * group commit of VCAs) and `saveSummaries` (the group commit of VSS) in batches. PostgreSQL: the
 * store's `recordExchange` and `saveSummary` (which group-commits summaries), many at once.
 */
import { openSqliteDatabase } from "../src/store/sqlite/database.js";
import { summaryRecord, type ExchangeRecord } from "../src/store/sqlite/records.js";
import type { SessionSummaryInput, Store, VcaExchange } from "../src/store/index.js";

/** The restaurant's menus: each key leads to a menu, or out of the menus (null: a say then hangup, or a transfer). */
const MENUS: Record<string, Record<string, string | null>> = {
  main_menu: { "1": "reservations", "2": "connect_call", "3": null },
  reservations: { "1": "book_table", "2": "reschedule_table", "3": "main_menu" },
  connect_call: { "1": null, "2": "main_menu" },
  book_table: { "1": null, "2": null },
  reschedule_table: { "1": null, "2": null },
};
const VIRTUAL_NUMBER = "+6568888888";
const CALLERS = 20_000;
const OVERLAP = 40;
const ACTIVE_NEWEST = 20;

/** One exchange of a planned call. */
export interface PlannedStep {
  menu: string | null;
  keys: string | null;
  nextMenu: string | null;
  fallback: "timeout" | "error" | null;
}

/** One planned call: what the seeders write for it. */
export interface PlannedSession {
  sessionId: string;
  direction: "INBOUND" | "OUTBOUND";
  source: string;
  destination: string;
  fingerprint: string;
  /** Epoch ms of the first delivery. */
  startedAt: number;
  steps: PlannedStep[];
  /** The VSS sessionStatus; null: still active (no summary yet). */
  sessionStatus: string | null;
  durationSeconds: number;
  mos: number;
}

/** A small deterministic PRNG (mulberry32), so two runs seed the same calls. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, weighted: readonly (readonly [T, number])[]): T {
  const total = weighted.reduce((sum, [, w]) => sum + w, 0);
  let roll = random() * total;
  for (const [value, w] of weighted) if ((roll -= w) < 0) return value;
  return (weighted.at(-1) as readonly [T, number])[0];
}

/** A caller's walk through the menus: the first VCA, then a key per menu until the call leaves them. */
function walk(random: () => number): PlannedStep[] {
  const fallback = () => (random() < 0.005 ? pick(random, [["timeout", 3], ["error", 1]] as const) : null);
  const steps: PlannedStep[] = [{ menu: null, keys: null, nextMenu: "main_menu", fallback: fallback() }];
  let at: string | null = "main_menu";
  for (let hops = 0; at !== null && hops < 8; hops++) {
    // Some callers hang up at a menu: the session ends with its last answer prompting it.
    if (random() < 0.12) break;
    const options: Record<string, string | null> = MENUS[at] ?? {};
    const roll = random();
    let keys: string | null;
    let next: string | null;
    if (roll < 0.04) [keys, next] = [null, null]; // no input: "Invalid input", hangup
    else if (roll < 0.08) [keys, next] = ["9", null]; // a key the menu does not have
    else {
      keys = pick(random, Object.keys(options).map((key, i) => [key, i === 0 ? 3 : 2] as const));
      next = options[keys] ?? null;
    }
    steps.push({ menu: at, keys, nextMenu: next, fallback: fallback() });
    at = next;
  }
  return steps;
}

function number(random: () => number, pool: number): string {
  const n = Math.floor(random() * pool);
  return `+65${n % 2 === 0 ? "9" : "8"}${String((n * 7919 + 1_234_567) % 10_000_000).padStart(7, "0")}`;
}

/**
 * The planned calls, oldest first, started evenly over the last `days` days before `now`.
 * `fingerprints[0]` is the current flow's (about 80% of the calls), the others older ones.
 */
export function planSessions(count: number, days: number, now: number, fingerprints: readonly string[]): PlannedSession[] {
  const random = prng(20261129);
  const span = days * 86_400_000;
  const sessions: PlannedSession[] = [];
  for (let i = 0; i < count; i++) {
    const startedAt = Math.round(now - span + ((i + random()) * span) / count) - 60_000;
    const outbound = random() < 0.25;
    const caller = number(random, CALLERS);
    const unanswered = outbound && random() < 0.33;
    const fingerprint = pick(random, fingerprints.map((f, index) => [f, index === 0 ? 8 : 1] as const));
    const steps = unanswered ? [] : walk(random);
    const active = i >= count - ACTIVE_NEWEST;
    const sessionStatus = active
      ? null
      : unanswered
        ? pick(random, [["NO_ANSWER", 3], ["BUSY", 1], ["FAILED", 1]] as const)
        : pick(random, [["COMPLETED", 93], ["ERROR", 4], ["FAILED", 2], ["CANCELED", 1]] as const);
    sessions.push({
      sessionId: `bench-${i.toString(36).padStart(5, "0")}-${Math.floor(random() * 2 ** 32).toString(16).padStart(8, "0")}`,
      direction: outbound ? "OUTBOUND" : "INBOUND",
      source: outbound ? VIRTUAL_NUMBER : caller,
      destination: outbound ? caller : VIRTUAL_NUMBER,
      fingerprint,
      startedAt,
      steps,
      sessionStatus,
      durationSeconds: unanswered ? 0 : 10 + Math.floor(random() * 170),
      mos: Math.round((3.2 + random() * 1.4) * 10) / 10,
    });
  }
  return sessions;
}

/** The exchanges of the calls, in the order a server would have answered them (`OVERLAP` calls at a time). */
function* interleaved(sessions: readonly PlannedSession[]): Generator<[PlannedSession, number]> {
  for (let start = 0; start < sessions.length; start += OVERLAP) {
    const group = sessions.slice(start, start + OVERLAP);
    const longest = Math.max(0, ...group.map((s) => s.steps.length));
    for (let step = 0; step < longest; step++) for (const session of group) if (step < session.steps.length) yield [session, step];
  }
}

function answerOf(step: PlannedStep): { clientActionId?: string; callflow: unknown[] } {
  if (step.nextMenu !== null) {
    return {
      clientActionId: step.nextMenu,
      callflow: [{ action: "sayAndCapture", params: { promptMessage: `The ${step.nextMenu.replace("_", " ")} menu: press 1, 2 or 3.`, voiceProfile: "en-US-BenjaminRUS", minDigits: 1, maxDigits: 1, noOfTries: 2 } }],
    };
  }
  return { callflow: [{ action: "say", params: { text: "Thank you for calling ABC Restaurant.", voiceProfile: "en-US-BenjaminRUS" } }, { action: "hangup" }] };
}

/** The VCA exchange of step `index` of `session`, as the server hands it to the store. */
export function exchangeOf(session: PlannedSession, index: number): VcaExchange {
  const step = session.steps[index] as PlannedStep;
  const at = session.startedAt + index * 8000;
  const received = {
    namespace: "VOICE",
    eventType: "CALL_ACTION",
    description: "Action request of a call",
    payload: {
      eventId: `${session.sessionId}-e${index}`,
      callId: `${session.sessionId}-a`,
      sessionId: session.sessionId,
      subAccountId: "acme_voice",
      callStatus: index === 0 ? "CALL_RECEIVED" : "ACTION_COMPLETED",
      callDirection: session.direction,
      callType: "PSTN",
      source: session.source,
      destination: session.destination,
      sourceFormat: "MSISDN",
      destinationFormat: "MSISDN",
      callDuration: index * 8,
      eventData: { dtmf: step.keys },
      ...(step.menu === null ? {} : { clientActionId: step.menu }),
      timestamp: new Date(at).toISOString(),
    },
  };
  return {
    eventId: `${session.sessionId}-e${index}`,
    sessionId: session.sessionId,
    subAccountId: "acme_voice",
    callDirection: session.direction,
    source: session.source,
    destination: session.destination,
    received,
    receivedText: JSON.stringify(received),
    receivedAt: new Date(at),
    answer: answerOf(step) as VcaExchange["answer"],
    answeredAt: new Date(at + 3),
    fallbackReason: step.fallback,
    vars: step.keys === null ? {} : { lastKeys: step.keys, [`${step.menu ?? "start"}_choice`]: step.keys },
    flowFingerprint: session.fingerprint,
    menu: step.menu,
    keys: step.keys,
    nextMenu: step.nextMenu,
  };
}

/** The VSS of a session that ended, as the server hands it to the store. */
export function summaryOf(session: PlannedSession): SessionSummaryInput {
  const status = session.sessionStatus as string;
  const ended = session.startedAt + Math.max(1, session.steps.length) * 8000 + 2000;
  const reached = session.steps.length > 0;
  const payload = {
    sessionId: session.sessionId,
    subAccountId: "acme_voice",
    sessionStatus: status,
    startTime: new Date(session.startedAt).toISOString(),
    endTime: new Date(ended).toISOString(),
    lastAction: "HANGUP",
    callCount: 1,
    ...(status === "ERROR" ? { errorDetails: { errorCode: -2003, errorMessage: "Callflow action failed" } } : {}),
    details: {
      callA: {
        callId: `${session.sessionId}-a`,
        callDirection: session.direction,
        callType: "PSTN",
        initiatedTimestamp: new Date(session.startedAt).toISOString(),
        ...(reached ? { connectedTimestamp: new Date(session.startedAt + 1000).toISOString() } : {}),
        disconnectedTimestamp: new Date(ended).toISOString(),
        source: session.source,
        destination: session.destination,
        callStatus: reached ? "COMPLETED" : status,
        callDuration: session.durationSeconds,
        ...(reached ? { callQuality: { mos: session.mos, packetLossRate: 0.01, jitter: 12 } } : {}),
      },
    },
  };
  return { sessionId: session.sessionId, subAccountId: "acme_voice", sessionStatus: status, payload, receivedAt: new Date(ended) };
}

/** An exchange as the SQLite worker's group commit takes it (what write-behind.ts packs). */
export function exchangeRecord(exchange: VcaExchange): ExchangeRecord {
  return {
    sessionId: exchange.sessionId,
    sessionKey: null,
    eventId: exchange.eventId,
    subAccountId: exchange.subAccountId,
    callDirection: exchange.callDirection,
    source: exchange.source,
    destination: exchange.destination,
    receivedAt: exchange.receivedAt.getTime(),
    receivedText: exchange.receivedText ?? JSON.stringify(exchange.received),
    answeredAt: exchange.answeredAt.getTime(),
    answerText: JSON.stringify(exchange.answer),
    fallbackReason: exchange.fallbackReason,
    varsText: exchange.vars === null ? null : JSON.stringify(exchange.vars),
    flowFingerprint: exchange.flowFingerprint ?? null,
    menu: exchange.menu ?? null,
    keys: exchange.keys ?? null,
    nextMenu: exchange.nextMenu ?? null,
  };
}

/** What a seeding wrote, and how long it took. */
export interface SeedFigures {
  sessions: number;
  exchanges: number;
  summaries: number;
  seconds: number;
}

const BATCH = 2000;

/**
 * Writes the calls into a new SQLite file at `path` through the store's worker operations, in
 * batches (a summary's batch after the exchanges of its calls, as a VSS follows its VCAs).
 */
export function seedSqlite(path: string, sessions: readonly PlannedSession[]): SeedFigures {
  const started = Date.now();
  const db = openSqliteDatabase({ path, exclusive: true, busyTimeoutMs: 5000, checkpointIntervalMs: 0 });
  let exchanges = 0;
  let summaries = 0;
  try {
    let batch: ExchangeRecord[] = [];
    const flush = () => {
      if (batch.length > 0) db.writeExchanges(batch);
      exchanges += batch.length;
      batch = [];
    };
    for (const [session, index] of interleaved(sessions)) {
      batch.push(exchangeRecord(exchangeOf(session, index)));
      if (batch.length >= BATCH) flush();
    }
    flush();
    const ended = sessions.filter((s) => s.sessionStatus !== null);
    for (let i = 0; i < ended.length; i += BATCH) {
      const outcomes = db.saveSummaries(ended.slice(i, i + BATCH).map((s) => summaryRecord(summaryOf(s))));
      const failed = outcomes.find((o) => !o.ok);
      if (failed) throw new Error(`seeding SQLite: a summary was refused: ${JSON.stringify(failed)}`);
      summaries += outcomes.length;
    }
    db.checkpoint();
  } finally {
    db.close();
  }
  return { sessions: sessions.length, exchanges, summaries, seconds: (Date.now() - started) / 1000 };
}

/** Runs `work` on every item, `concurrency` at a time. */
async function inParallel<T>(items: Iterable<T>, concurrency: number, work: (item: T) => Promise<unknown>): Promise<void> {
  const iterator = items[Symbol.iterator]();
  const worker = async () => {
    for (let next = iterator.next(); !next.done; next = iterator.next()) await work(next.value);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/**
 * Writes the calls through a PostgreSQL store's own write path: each VCA's `recordExchange` (one
 * statement, committed), then each VSS's `saveSummary` (group-committed), 32 at a time.
 */
export async function seedPostgres(store: Store, sessions: readonly PlannedSession[]): Promise<SeedFigures> {
  const started = Date.now();
  let exchanges = 0;
  // The calls in groups of OVERLAP, one group's exchanges at a time in order (a session's second
  // exchange never overtakes its first), then their summaries.
  for (let start = 0; start < sessions.length; start += 4000) {
    const slice = sessions.slice(start, start + 4000);
    const longest = Math.max(0, ...slice.map((s) => s.steps.length));
    for (let step = 0; step < longest; step++) {
      const due = slice.filter((s) => step < s.steps.length);
      await inParallel(due, 32, (session) => store.recordExchange(exchangeOf(session, step)));
      exchanges += due.length;
    }
  }
  const ended = sessions.filter((s) => s.sessionStatus !== null);
  await inParallel(ended, 32, (session) => store.saveSummary(summaryOf(session)));
  return { sessions: sessions.length, exchanges, summaries: ended.length, seconds: (Date.now() - started) / 1000 };
}
