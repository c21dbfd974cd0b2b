import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openSqliteDatabase } from "./database.js";
import type { ExchangeRecord, SummaryRecord } from "./records.js";
import { toFlowEdgeCounts, type EdgeRow, type HangupRow } from "../report-rows.js";
import { summaryColumns } from "../summary-columns.js";

const dir = mkdtempSync(join(tmpdir(), "switchboard-flow-counts-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DAY_MS = 86_400_000;
const T0 = Date.parse("2026-03-01T00:00:00.000Z");
const MENUS: Record<string, Record<string, string | null>> = { main: { "1": "hours", "2": "book", "9": "main" }, hours: { "0": "main", "1": null }, book: { "1": null } };

/** A deterministic walk: sessions over three days, two flows, replays, wrong keys, timeouts. */
function walks(count: number): { id: string; at: number; flow: string; steps: [string | null, string | null, string | null][] }[] {
  let seed = 7;
  const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  return Array.from({ length: count }, (_, n) => {
    const steps: [string | null, string | null, string | null][] = [[null, null, "main"]];
    for (let at: string | null = "main"; at !== null && steps.length < 6 && random() > 0.15; ) {
      const options: Record<string, string | null> = MENUS[at] ?? {};
      const keys: string | null = random() < 0.1 ? null : (Object.keys(options)[Math.floor(random() * Object.keys(options).length)] ?? null);
      const next: string | null = keys === null ? at : (options[keys] ?? null);
      steps.push([at, keys, next]);
      at = next;
    }
    return { id: `s-${n}`, at: T0 + Math.floor((n / count) * 3 * DAY_MS), flow: n % 5 === 0 ? "fp-old" : "fp", steps };
  });
}

const exchange = (id: string, n: number, at: number, flow: string, [menu, keys, nextMenu]: [string | null, string | null, string | null]): ExchangeRecord => ({
  sessionId: id, sessionKey: null, eventId: `${id}-${n}`, subAccountId: "acme", callDirection: "INBOUND", source: "+6591110001", destination: "+6560000001",
  receivedAt: at + n * 1000, receivedText: "{}", answeredAt: at + n * 1000, answerText: "{}", fallbackReason: null, varsText: "{}", flowFingerprint: flow, menu, keys, nextMenu,
});
const summary = (id: string, at: number): SummaryRecord => {
  const payload = { sessionId: id, sessionStatus: "COMPLETED", details: { callA: { callDirection: "INBOUND", callStatus: "COMPLETED" } } };
  return { sessionId: id, subAccountId: "acme", sessionStatus: "COMPLETED", payloadText: JSON.stringify(payload), receivedAt: new Date(at).toISOString(), jobs: [], columns: summaryColumns(payload) };
};

describe("a flow's counts kept for ended sessions (schema 8)", () => {
  it("equal the counts from the exchanges when summaries end sessions in groups, twice over, and exchanges come after", () => {
    // Not exclusive: the definition below reads the file through a second connection.
    const db = openSqliteDatabase({ path: join(dir, "groups.db"), exclusive: false, busyTimeoutMs: 1000, checkpointIntervalMs: 0 });
    try {
      const sessions = walks(300);
      for (const s of sessions) db.writeExchanges(s.steps.slice(0, -1).map((step, n) => exchange(s.id, n, s.at, s.flow, step)));
      // Every tenth session stays in progress; the others end in groups of 11 (as the group commit
      // forms them), some summaries delivered twice, and then their last exchange comes late.
      const ending = sessions.filter((_, n) => n % 10 !== 0);
      for (let i = 0; i < ending.length; i += 11) {
        const group = ending.slice(i, i + 11).map((s) => summary(s.id, s.at + 60_000));
        expect(db.saveSummaries([...group, ...group.slice(0, 2)]).every((outcome) => outcome.ok)).toBe(true);
      }
      for (const s of sessions) db.writeExchanges([exchange(s.id, s.steps.length - 1, s.at, s.flow, s.steps.at(-1)!)]);

      for (const since of [undefined, new Date(T0 + DAY_MS), new Date(T0 + DAY_MS + 3_600_000), new Date(T0 + 2.5 * DAY_MS)]) {
        const kept = db.flowEdgeCounts(since === undefined ? {} : { since });
        expect(kept).toEqual(countedFromExchanges(since));
        expect(kept.edges.length).toBeGreaterThan(5);
      }
    } finally {
      db.close();
    }
  });
});

/** The definition, counted from every exchange as schema 7 did (and PostgreSQL does). */
function countedFromExchanges(since: Date | undefined) {
  const raw = new Database(join(dir, "groups.db"), { readonly: true, fileMustExist: true });
  try {
    const where = since === undefined ? "" : `WHERE s.created_at >= '${since.toISOString()}'`;
    const edges = raw.prepare(`SELECT s.flow_fingerprint, e.menu, e.keys, e.next_menu, count(DISTINCT e.session_no) AS count
      FROM sessions s JOIN vca_exchanges e ON e.session_no = s.session_no ${where} GROUP BY s.flow_fingerprint, e.menu, e.keys, e.next_menu`).all() as EdgeRow[];
    const hangups = raw.prepare(`SELECT flow_fingerprint, menu, count(*) AS sessions FROM (
      SELECT s.flow_fingerprint, (SELECT x.next_menu FROM vca_exchanges x WHERE x.session_no = s.session_no ORDER BY x.seq DESC LIMIT 1) AS menu
      FROM sessions s WHERE s.status <> 'ACTIVE' ${since === undefined ? "" : `AND s.created_at >= '${since.toISOString()}'`})
      WHERE menu IS NOT NULL GROUP BY flow_fingerprint, menu`).all() as HangupRow[];
    return toFlowEdgeCounts(edges, hangups);
  } finally {
    raw.close();
  }
}
