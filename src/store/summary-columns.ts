/**
 * What a stored summary adds to its session's row, so reports filter and count without parsing
 * JSON: the outcome (`classifySummary`), the error code, the echoed clientRequestId, and the
 * caller's leg's duration and MOS. Both adapters write these with the summary, and fill them for
 * summaries stored before the columns existed. The first leg's direction and numbers fill a row
 * no VCA filled (an outbound call nobody answered has no VCA), so filters by direction and number
 * find those sessions too.
 *
 * @example
 * summaryColumns(vss.payload); // { outcome: "unreachable", errorCode: null, clientRequestId: "r1-1", durationSeconds: 0, mos: null, direction: "OUTBOUND", ... }
 */
import { classifySummary } from "../voice/index.js";

/** The session columns a summary fills. */
export interface SummaryColumns {
  outcome: string;
  errorCode: number | null;
  clientRequestId: string | null;
  durationSeconds: number | null;
  mos: number | null;
  /** The first leg's `callDirection` (INBOUND or OUTBOUND), kept only where the session's row has none. */
  direction: string | null;
  /** The first leg's `source`, kept only where the session's row has none. */
  source: string | null;
  /** The first leg's `destination`, kept only where the session's row has none. */
  destination: string | null;
}

/**
 * The columns for a summary's payload (camel-cased, as stored); never throws. A value no column
 * could hold as it came (an id with a control character or over 256 characters, a duration past
 * a year, a MOS outside 1.0-5.0, a code outside 32 bits) is left null: the payload keeps it, and
 * the summary must never be refused for a report's column.
 */
export function summaryColumns(payload: unknown): SummaryColumns {
  const summary = classifySummary(payload);
  return {
    outcome: summary.outcome,
    errorCode: within(summary.errorCode, -2_147_483_648, 2_147_483_647),
    clientRequestId: plainIdentifier(summary.clientRequestId),
    durationSeconds: within(summary.durationSeconds, 0, MAX_DURATION_SECONDS),
    mos: within(summary.mos, 1, 5),
    direction: summary.direction,
    source: plainIdentifier(firstLegText(payload, "source")),
    destination: plainIdentifier(firstLegText(payload, "destination")),
  };
}

/** A text field of the first leg (`details.callA`), as stored (camel-cased); null when absent or not text. */
function firstLegText(payload: unknown, name: "source" | "destination"): string | null {
  const details = field(payload, "details");
  const value = field(field(details, "callA"), name);
  return typeof value === "string" && value !== "" ? value : null;
}

function field(value: unknown, name: string): unknown {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[name] : undefined;
}

const MAX_DURATION_SECONDS = 366 * 86_400;
// eslint-disable-next-line no-control-regex
const NOT_PLAIN = /[\u0000-\u001f\u007f]|[\ud800-\udfff]/;

function within(value: number | null, min: number, max: number): number | null {
  return value !== null && value >= min && value <= max ? value : null;
}

function plainIdentifier(value: string | null): string | null {
  return value !== null && value.length <= 256 && !NOT_PLAIN.test(value) ? value : null;
}
