/**
 * A dev phone call's event stream in the browser: an EventSource on
 * `api/phone/calls/:id/events` (the session cookie goes with it), its `entry` and `end` events
 * parsed and handed on. EventSource reconnects by itself after a drop (the stream then replays
 * the transcript, which phone-session.ts skips); a refusal closes it for good.
 */
import type { PhoneCallView, PhoneTranscriptEntry } from "./api-types.js";
import { phoneCallPath } from "./api.js";
import type { StreamHandlers } from "./phone-session.js";

/** Opens the stream of `sessionId`; the returned function closes it. */
export function openPhoneStream(sessionId: string, handlers: StreamHandlers): () => void {
  const source = new EventSource(phoneCallPath(sessionId, "events"));
  const parse = <T>(message: Event): T | null => {
    try {
      return JSON.parse((message as MessageEvent<string>).data) as T;
    } catch {
      return null;
    }
  };
  source.onopen = () => handlers.open();
  source.addEventListener("entry", (message) => {
    const entry = parse<PhoneTranscriptEntry>(message);
    if (entry !== null) handlers.entry(entry);
  });
  source.addEventListener("end", (message) => {
    const view = parse<PhoneCallView>(message);
    // Closed before the handler runs: the server ends the stream next, and EventSource would reconnect.
    source.close();
    if (view !== null) handlers.end(view);
    else handlers.lost("the call's summary could not be read");
  });
  source.onerror = () => {
    if (source.readyState === EventSource.CLOSED) handlers.lost("the server refused the stream (signed out, or the call is not known)");
  };
  return () => source.close();
}
