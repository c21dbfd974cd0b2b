/**
 * The webhook bodies the benchmarks post: the test suite's deliveries (test/fixtures/webhooks.ts,
 * every field of SPEC section 5 in the documented form), as JSON text. Each VCA has a fresh
 * eventId (a repeated one would be a cached replay).
 */
import { randomUUID } from "node:crypto";
import { vca, vss } from "../test/fixtures/webhooks.js";

/** The secret every benchmark server requires in `Authorization`. */
export const BENCH_SECRET = "bench-secret-0123456789";

/** The VCA of step `step` of a call (0: CALL_RECEIVED, then ACTION_COMPLETED with digit 1), with the bookmark last answered. */
export function vcaBody(sessionId: string, step: number, clientActionId: string | undefined): string {
  const callStatus = step === 0 ? "CALL_RECEIVED" : "ACTION_COMPLETED";
  return JSON.stringify(vca({ eventId: randomUUID(), sessionId, callStatus, dtmf: step === 0 ? null : "1", ...(clientActionId ? { clientActionId } : {}) }));
}

/** The session summary (VSS, version 5) of a completed one-leg inbound call. */
export function vssBody(sessionId: string): string {
  return JSON.stringify(vss(sessionId));
}
