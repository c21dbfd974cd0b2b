/**
 * The read side's reports as both adapters build them: the rows their SQL returns (grouped counts
 * and sums), folded into `SessionStats` and `FlowEdgeCounts` here, once, so SQLite and Postgres
 * hand the read API identical objects (same order, same rounding) whatever order or float
 * summation their database used.
 *
 * @example
 * toSessionStats(query.since, { counts, fallbacks, retries });
 */
import { OUTCOMES, type CallDirection, type Outcome } from "../voice/index.js";
import type { FallbackReason, FlowEdge, FlowEdgeCounts, FlowHangup, OutcomeCount, SessionStats } from "./types.js";

/** How many sessions one page of a number search (`ListSessionsQuery.q`) examines at most. */
export const SEARCH_WINDOW = 50_000;

/** One group of sessions by direction and outcome, with its sums (what the stats SQL returns). */
export interface OutcomeGroupRow {
  call_direction: string | null;
  outcome: string | null;
  sessions: number | string;
  durations: number | string;
  duration_total: number | string | null;
  moses: number | string;
  mos_total: number | string | null;
}

/** What the stats SQL returns: groups, fallbacks by reason, and the two retry counts. */
export interface StatsRows {
  counts: OutcomeGroupRow[];
  fallbacks: { reason: string; count: number | string }[];
  retries: { scheduled: number | string; placed: number | string };
}

const DIRECTIONS: readonly (CallDirection | null)[] = ["INBOUND", "OUTBOUND", null];
const FALLBACK_REASONS: readonly FallbackReason[] = ["error", "timeout", "invalid", "store_unavailable"];

const rounded = (value: number): number => Math.round(value * 1000) / 1000;
const mean = (total: number, count: number): number | null => (count === 0 ? null : rounded(total / count));

function directionOf(value: string | null): CallDirection | null {
  return value === "INBOUND" || value === "OUTBOUND" ? value : null;
}

function outcomeOf(value: string | null): Outcome | null {
  return (OUTCOMES as readonly string[]).includes(value ?? "") ? (value as Outcome) : null;
}

/**
 * `SessionStats` from the stats SQL's rows. A direction other than INBOUND/OUTBOUND counts as
 * unknown; averages and the rate are rounded to 3 decimals.
 */
export function toSessionStats(since: Date | undefined, rows: StatsRows): SessionStats {
  const cells = new Map<string, OutcomeCount>();
  let sessions = 0;
  let classified = 0;
  let completed = 0;
  let durations = 0;
  let durationTotal = 0;
  let moses = 0;
  let mosTotal = 0;
  for (const row of rows.counts) {
    const direction = directionOf(row.call_direction);
    const outcome = outcomeOf(row.outcome);
    const count = Number(row.sessions);
    const key = `${direction}/${outcome}`;
    const cell = cells.get(key) ?? { direction, outcome, sessions: 0 };
    cell.sessions += count;
    cells.set(key, cell);
    sessions += count;
    if (outcome !== null) classified += count;
    if (outcome === "completed") completed += count;
    durations += Number(row.durations);
    durationTotal += Number(row.duration_total ?? 0);
    moses += Number(row.moses);
    mosTotal += Number(row.mos_total ?? 0);
  }
  const order = (cell: OutcomeCount) => DIRECTIONS.indexOf(cell.direction) * 10 + (cell.outcome === null ? OUTCOMES.length : OUTCOMES.indexOf(cell.outcome));
  const fallbacks = Object.fromEntries(FALLBACK_REASONS.map((reason) => [reason, 0])) as Record<FallbackReason, number>;
  for (const row of rows.fallbacks) {
    if ((FALLBACK_REASONS as readonly string[]).includes(row.reason)) fallbacks[row.reason as FallbackReason] += Number(row.count);
  }
  return {
    since: since === undefined ? null : since.toISOString(),
    sessions,
    counts: [...cells.values()].sort((a, b) => order(a) - order(b)),
    completionRate: classified === 0 ? null : rounded(completed / classified),
    averageDurationSeconds: mean(durationTotal, durations),
    averageMos: mean(mosTotal, moses),
    fallbacks,
    retries: { scheduled: Number(rows.retries.scheduled), placed: Number(rows.retries.placed) },
  };
}

/** One edge group as the edges SQL returns it. */
export interface EdgeRow {
  flow_fingerprint: string | null;
  menu: string | null;
  keys: string | null;
  next_menu: string | null;
  count: number | string;
}

/** One hang-up group as the hang-ups SQL returns it. */
export interface HangupRow {
  flow_fingerprint: string | null;
  menu: string;
  sessions: number | string;
}

/** Null first, then by UTF-16 code units: the same order whatever collation the database has. */
function compareText(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

function compareBy<T>(...keys: ((item: T) => string | null)[]): (a: T, b: T) => number {
  return (a, b) => {
    for (const key of keys) {
      const order = compareText(key(a), key(b));
      if (order !== 0) return order;
    }
    return 0;
  };
}

/** `FlowEdgeCounts` from the edges and hang-ups SQL's rows, in a fixed order. */
export function toFlowEdgeCounts(edgeRows: readonly EdgeRow[], hangupRows: readonly HangupRow[]): FlowEdgeCounts {
  const edges: FlowEdge[] = edgeRows.map((row) => ({ fingerprint: row.flow_fingerprint, menu: row.menu, keys: row.keys, nextMenu: row.next_menu, count: Number(row.count) }));
  const hangups: FlowHangup[] = hangupRows.map((row) => ({ fingerprint: row.flow_fingerprint, menu: row.menu, sessions: Number(row.sessions) }));
  return {
    edges: edges.sort(compareBy((e) => e.fingerprint, (e) => e.menu, (e) => e.keys, (e) => e.nextMenu)),
    hangups: hangups.sort(compareBy((h) => h.fingerprint, (h) => h.menu)),
  };
}
