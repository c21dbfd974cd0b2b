/**
 * A tiny restaurant IVR written straight against the wire (no code of ours), used as the app
 * behind the simulator in scenario and CLI tests.
 */
import { capture, hangup, makeCall, say } from "./receiver.js";

export const WELCOME = "Welcome to ABC Restaurant. Press 1 for reservations, 2 for opening hours.";
export const AGENT = "+6590000002";

const menu = (extra: Record<string, unknown> = {}) =>
  capture(WELCOME, { maxDigits: 1, noOfTries: 2, failureMessage: "Sorry, I did not get that.", ...extra });

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function restaurant(body: any): object {
  const payload = body.payload;
  if (payload.callStatus === "CALL_RECEIVED") return { clientActionId: "main", callflow: [menu()] };
  const dtmf = payload.eventData?.dtmf ?? null;
  if (dtmf === "1") return { clientActionId: "transfer", callflow: [say("Connecting you to our reservations team."), makeCall(AGENT)] };
  if (dtmf === "2") return { clientActionId: "hours", callflow: [say("We are open from 9 to 5."), hangup] };
  if (dtmf === null) return { callflow: [say("Goodbye."), hangup] };
  return { clientActionId: "main", callflow: [say("That is not a valid choice."), menu()] };
}
