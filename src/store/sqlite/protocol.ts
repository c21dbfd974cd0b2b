/**
 * What the SQLite store's main-thread half and its worker thread (which owns the connection) say
 * to each other over their MessagePort. Everything is plain data: a worker cannot hand over class
 * instances, so texts are made on the main thread, times travel as numbers or ISO text, and errors
 * as `{ code, message }`, rebuilt into `StoreError`s on the main thread.
 *
 * @example
 * port.postMessage({ id: 7, op: "getSession", args: ["s-1"] } satisfies WorkerRequest);
 * // later, from the worker: { id: 7, ok: true, value: { session, summary, timeline, callStatuses } }
 */
import type { MessagePort } from "node:worker_threads";
import { STORE_ERROR_CODES, StoreError, unavailable, type StoreErrorCode } from "../errors.js";
import type { FallbackReason, ListSessionsQuery, SessionDetail, SessionPage } from "../types.js";

/** What the worker needs to open the database (the cache and queue options stay on the main thread). */
export interface DatabaseOptions {
  path: string;
  exclusive: boolean;
  busyTimeoutMs: number;
  checkpointIntervalMs: number;
}

/** One answered VCA of a batch, as the worker writes it (unpacked from `PackedExchanges`). */
export interface ExchangeRecord {
  sessionId: string;
  /** The session row's key when the main thread knows it; null: the worker finds or inserts the row. */
  sessionNo: number | null;
  eventId: string;
  subAccountId: string | null;
  callDirection: string | null;
  source: string | null;
  destination: string | null;
  /** Epoch milliseconds (cheaper than ISO text on the main thread; the worker formats it). */
  receivedAt: number;
  receivedText: string;
  answeredAt: number;
  answerText: string;
  fallbackReason: FallbackReason | null;
  /** Null keeps the stored variables (a fallback, whose handler may have half-changed them). */
  varsText: string | null;
}

/**
 * A batch of exchanges as one message (`exchange-batch.ts` packs and unpacks it): per exchange a
 * fixed run of strings (ids, texts; null where absent) and of numbers (session key, times).
 */
export interface PackedExchanges {
  strings: (string | null)[];
  numbers: number[];
}

/** A session read whole for the hot-session cache. */
export interface LoadedSession {
  no: number;
  varsText: string;
  eventIds: string[];
}

/** A session read whole, with its id: what the store preloads when it opens. */
export interface RecentSession extends LoadedSession {
  sessionId: string;
}

export interface SummaryRecord {
  sessionId: string;
  subAccountId: string | null;
  sessionStatus: string;
  payloadText: string;
  /** ISO-8601. */
  receivedAt: string;
}

export interface CallStatusRecord {
  eventId: string | null;
  sessionId: string;
  callId: string | null;
  callStatus: string;
  payloadText: string;
  /** ISO-8601. */
  receivedAt: string;
}

/** Everything the worker does with the database; one request names one of these. */
export interface DatabaseOperations {
  ping(): void;
  loadSession(sessionId: string): LoadedSession | null;
  /** The `limit` newest sessions (by creation), each whole. */
  recentSessions(limit: number): RecentSession[];
  /** The first answer recorded for this eventId in this session, as stored. */
  storedAnswer(sessionId: string, eventId: string): string | null;
  /** Commits the batch in one transaction; returns each exchange's session key, in order. */
  writeExchanges(batch: PackedExchanges): number[];
  saveSummary(summary: SummaryRecord): { created: boolean };
  recordCallStatus(status: CallStatusRecord): void;
  listSessions(query: ListSessionsQuery): SessionPage;
  getSession(sessionId: string): SessionDetail | null;
  /** Stops the checkpoint timer and closes the connection (SQLite checkpoints the WAL as it closes). */
  close(): void;
}

export type OperationName = keyof DatabaseOperations;

/**
 * A request; the reply carries the same `id`. `crash` is a test hook (the worker throws an
 * uncaught error) and gets no reply.
 */
export type WorkerRequest =
  | { [K in OperationName]: { id: number; op: K; args: Parameters<DatabaseOperations[K]> } }[OperationName]
  | { id: number; op: "crash"; args: [] };

export interface WireError {
  /** A StoreError's code; null for anything else (a driver error). */
  code: string | null;
  message: string;
}

export type WorkerReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WireError };

/** The worker's first message: whether the database is open. */
export type BootReply = { ok: true } | { ok: false; error: WireError };

/** `workerData`: set to 1 in `signal[0]` (and notified) once the `BootReply` is on `port`. */
export interface WorkerBoot {
  options: DatabaseOptions;
  signal: Int32Array;
  port: MessagePort;
}

export function toWireError(error: unknown): WireError {
  return {
    code: error instanceof StoreError ? error.code : null,
    message: error instanceof Error ? error.message : String(error),
  };
}

const KNOWN_CODES = new Set<string>(Object.values(STORE_ERROR_CODES));

/** A StoreError again with its code and message; a driver error wrapped as UNAVAILABLE for `operation`. */
export function fromWireError(wire: WireError, operation: string): StoreError {
  if (wire.code !== null && KNOWN_CODES.has(wire.code)) return new StoreError(wire.code as StoreErrorCode, wire.message);
  return unavailable(operation, new Error(wire.message));
}
