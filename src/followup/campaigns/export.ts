/**
 * A campaign's results, one row per contact, for `GET /api/campaigns/:name/export` and
 * `switchboard campaign export`: its id, phone, outcome (its request's final state, or where it
 * stands while the campaign runs), attempts, and what its last session left: sessionId, status,
 * error code, the callee's duration, the digits pressed and the variables set. Read a page at a
 * time (one store read per page), so 100,000 contacts stream out in bounded memory.
 *
 * @example
 * for await (const page of exportPages(store.outbound, "spring")) for (const row of page) reply.raw.write(exportCsvLine(row));
 */
import type { OutboundResult, OutboundStore, StoredVariables } from "../../store/index.js";
import { csvLine } from "./csv.js";

/** One contact's result. */
export interface ExportRow {
  /** The contact's id: its `id` column, or its line in the file. */
  id: string;
  phone: string;
  /** completed, unreachable, failed, error or canceled; scheduled or dialing while it runs. */
  outcome: string;
  attempts: number;
  lastSessionId: string | null;
  /** The last session's status (COMPLETED, BUSY, NO_ANSWER, ERROR, ...), once stored. */
  lastStatus: string | null;
  /** The last attempt's error code (a -10xx refusal or a -20xx session error). */
  errorCode: number | null;
  /** Seconds the callee was connected on the last call. */
  durationSeconds: number | null;
  /** The keys pressed on the last call, one entry per answered prompt. */
  digits: string[];
  /** The last session's variables. */
  variables: StoredVariables;
}

/** The export's CSV header, in column order. */
export const EXPORT_COLUMNS = ["id", "phone", "outcome", "attempts", "last_session_id", "last_status", "error_code", "duration_seconds", "digits", "variables"] as const;

/** Rows read from the store at a time. */
export const EXPORT_PAGE = 1000;

/** A stored request and its last session, as an export row. */
export function exportRow({ request, session }: OutboundResult): ExportRow {
  return {
    id: request.contactId ?? request.requestId,
    phone: request.to,
    outcome: request.state,
    attempts: request.attempts,
    lastSessionId: request.lastSessionId,
    lastStatus: session?.status ?? null,
    errorCode: request.lastErrorCode,
    durationSeconds: session?.durationSeconds ?? null,
    digits: session?.keys ?? [],
    variables: session?.vars ?? {},
  };
}

/** The campaign's rows, a page at a time, in request order (id order, or file order without ids). */
export async function* exportPages(store: OutboundStore, campaign: string, pageSize = EXPORT_PAGE): AsyncGenerator<ExportRow[]> {
  let after: string | undefined;
  for (;;) {
    const page = await store.listOutboundResults({ campaign, limit: pageSize, ...(after === undefined ? {} : { after }) });
    if (page.length === 0) return;
    yield page.map(exportRow);
    if (page.length < pageSize) return;
    after = page[page.length - 1]!.request.requestId;
  }
}

/** One row as a CSV line (digits space-separated, variables as JSON). */
export function exportCsvLine(row: ExportRow): string {
  return csvLine([
    row.id,
    row.phone,
    row.outcome,
    String(row.attempts),
    row.lastSessionId ?? "",
    row.lastStatus ?? "",
    row.errorCode === null ? "" : String(row.errorCode),
    row.durationSeconds === null ? "" : String(row.durationSeconds),
    row.digits.join(" "),
    Object.keys(row.variables).length === 0 ? "" : JSON.stringify(row.variables),
  ]);
}

/** The CSV header line. */
export function exportCsvHeader(): string {
  return csvLine(EXPORT_COLUMNS);
}
