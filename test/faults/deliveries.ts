/**
 * Valid webhook deliveries for the fault suites, built on test/fixtures/webhooks.ts (SPEC section
 * 5's documented payloads) with ids from small pools, so a hostile run that is accepted touches a
 * bounded set of sessions and events (the memory check repeats a corpus: every accepted delivery
 * after the first pass is a repeat, never new state).
 */
import { vca, vcaDigits, vcs, vss } from "../fixtures/webhooks.js";
import type { Prng } from "./prng.js";

/** The three webhook routes and what they take. */
export type Webhook = "vca" | "vss" | "vcs";

export const WEBHOOKS: readonly Webhook[] = ["vca", "vss", "vcs"];

/** The id pools of a corpus: bounded, and named by a prefix so two corpora never share a session. */
export interface IdPools {
  prefix: string;
  sessions: number;
  events: number;
  /** Real bookmarks the IVR under attack handed out (`clientActionId`), so digits reach its menus. */
  bookmarks: readonly string[];
}

const uuidOf = (n: number) => `00000000-0000-4000-9000-${n.toString(16).padStart(12, "0")}`;

/** A valid body for `webhook`, its ids drawn from the pools. */
export function validDelivery(webhook: Webhook, random: Prng, pools: IdPools): Record<string, unknown> {
  const sessionId = `${pools.prefix}-${random.int(pools.sessions)}`;
  const eventId = uuidOf(random.int(pools.events));
  if (webhook === "vss") {
    const status = random.pick(["COMPLETED", "ERROR", "NO_ANSWER", "BUSY"]);
    const body = vss(sessionId, status);
    const payload = body.payload as Record<string, unknown>;
    if (status === "ERROR") payload.errorDetails = { errorCode: -2002, errorMsg: "Internal connectivity error" };
    if (random.chance(0.3)) payload.clientRequestId = `req-${random.int(100)}`;
    return body;
  }
  if (webhook === "vcs") {
    const body = vcs(sessionId, random.pick(["CALL_RINGING", "CALL_CONNECTED", "CALL_DISCONNECTED"]));
    (body.payload as Record<string, unknown>).eventId = eventId;
    return body;
  }
  if (pools.bookmarks.length === 0 || random.chance(0.3)) return vca({ sessionId, eventId });
  const body = vcaDigits(sessionId, random.pick(pools.bookmarks), random.pick(["1", "2", "3", "9", "*", "12", null]));
  (body.payload as Record<string, unknown>).eventId = eventId;
  return body;
}

/** The path each webhook is posted to. */
export function webhookPath(webhook: Webhook): string {
  return `/webhooks/${webhook}`;
}
