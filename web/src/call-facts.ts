/**
 * What a session's summary (the VSS) says about the call: its legs with their status, duration
 * and call quality, and the call's length. Pure; reads the payload tolerantly (read-fields.ts).
 */
import type { StoredSummary } from "./api-types.js";
import { asObject, field, num, text } from "./read-fields.js";

/** One leg of the call (`callA` is the caller's; `callB` a transfer). */
export interface Leg {
  name: string;
  callId: string | null;
  direction: string | null;
  source: string | null;
  destination: string | null;
  status: string | null;
  durationSeconds: number | null;
  mos: number | null;
  packetLossRate: number | null;
  jitterMs: number | null;
}

/** The legs in `details`, in name order (callA, callB, ...). */
export function legsOf(summary: StoredSummary | null): Leg[] {
  const details = asObject(field(summary?.payload, "details"));
  if (details === undefined) return [];
  return Object.keys(details)
    .sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()))
    .flatMap((name) => {
      const leg = asObject(details[name]);
      if (leg === undefined) return [];
      const quality = field(leg, "callQuality");
      return [
        {
          name: name.charAt(0).toLowerCase() + name.slice(1),
          callId: text(leg, "callId"),
          direction: text(leg, "callDirection"),
          source: text(leg, "source"),
          destination: text(leg, "destination"),
          status: text(leg, "callStatus"),
          durationSeconds: num(leg, "callDuration"),
          mos: num(quality, "mos"),
          packetLossRate: num(quality, "packetLossRate"),
          jitterMs: num(quality, "jitter"),
        },
      ];
    });
}

/** The call's length in seconds: the caller's leg's `callDuration`, else end minus start; null when unknown. */
export function callSeconds(summary: StoredSummary | null): number | null {
  const first = legsOf(summary)[0];
  if (first?.durationSeconds !== null && first?.durationSeconds !== undefined) return first.durationSeconds;
  const start = Date.parse(text(summary?.payload, "startTime") ?? "");
  const end = Date.parse(text(summary?.payload, "endTime") ?? "");
  return Number.isFinite(start) && Number.isFinite(end) && end >= start ? (end - start) / 1000 : null;
}

/** The summary's error, when the platform reported one: `-2003: Call flow invalid`. */
export function summaryError(summary: StoredSummary | null): string | null {
  const details = field(summary?.payload, "errorDetails");
  if (asObject(details) === undefined) return null;
  const code = field(details, "errorCode");
  const message = text(details, "errorMsg");
  if (code === undefined && message === null) return null;
  return [code === undefined || code === null ? null : String(code), message].filter((part) => part !== null).join(": ");
}
