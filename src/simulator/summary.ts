/**
 * The session outcome the VSS reports, derived from the legs the way SPEC section 5 describes:
 * a platform failure is ERROR; an unanswered first leg gives its own status (NO_ANSWER, BUSY,
 * FAILED); an unanswered bridge makes the session BUSY/NO_ANSWER/FAILED although callA
 * completed; otherwise COMPLETED.
 *
 * @example
 * deriveSessionStatus(session); // "BUSY" after a bridge to a busy number
 */
import type { LastAction, SessionStatus } from "../voice/index.js";
import type { Session } from "./session.js";

export function deriveSessionStatus(session: Session): SessionStatus {
  if (session.error) return "ERROR";
  const [first, ...bridges] = session.legs;
  if (!first) return "ERROR";
  if (first.connectedAt === undefined && first.status && first.status !== "COMPLETED") return first.status;
  const lastBridge = bridges.at(-1);
  if (lastBridge && lastBridge.connectedAt === undefined && lastBridge.status) {
    return lastBridge.status === "CANCELED" ? "COMPLETED" : lastBridge.status;
  }
  return "COMPLETED";
}

/**
 * The VSS `lastAction`: MAKE_CALL after an answered bridge; HANGUP when someone hung up while the menu was running (the caller, or
 * the app's hangup action); otherwise the last action the platform ran.
 */
export function deriveLastAction(session: Session): LastAction {
  // A bridge that was answered is how the session ended, whoever put the phone down afterwards.
  if (session.legs.slice(1).at(-1)?.connectedAt !== undefined) return "MAKE_CALL";
  if (session.endedBy === "caller" || session.endedBy === "app") return "HANGUP";
  return session.lastAction ?? "HANGUP";
}
