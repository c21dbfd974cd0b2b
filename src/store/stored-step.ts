/**
 * Reads an exchange's step (menu, keys, next menu) back out of its stored JSON, for the migrations
 * that add the step columns to rows written before them. New rows get their step from the server,
 * which asks the flow that answered; this reading knows only Switchboard's bookmark layout
 * (`sb1.<menu path>.<flags>.<check>`, ivr/bookmark.ts) and does not check bookmarks: the rows are
 * the store's own. A clientActionId of another layout (a code handler's) gives null menus.
 *
 * @example
 * storedStep('{"payload":{"callStatus":"ACTION_COMPLETED","dtmf":"1","clientActionId":"sb1.main.-.x"}}', '{"clientActionId":"sb1.main~book.-.y","callflow":[]}');
 * // { menu: "main", keys: "1", nextMenu: "book" }
 */
import { camelizeKeys, readDtmf } from "../voice/index.js";
import type { ExchangeStep } from "./types.js";

/** The current menu a Switchboard bookmark names, or null (not a bookmark, or a transfer's). */
function bookmarkMenu(clientActionId: unknown): string | null {
  if (typeof clientActionId !== "string") return null;
  const [version, path, flags] = clientActionId.split(".");
  if (version !== "sb1" || !path || flags === undefined) return null;
  if (flags.split(",").some((flag) => flag.startsWith("x"))) return null;
  return path.split("~").filter(Boolean).at(-1) ?? null;
}

function parsed(value: unknown): Record<string, unknown> {
  try {
    const json: unknown = typeof value === "string" ? JSON.parse(value) : value;
    return typeof json === "object" && json !== null ? (camelizeKeys(json) as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The step of a stored exchange, from the delivery received and the answer sent (JSON texts or parsed). */
export function storedStep(received: unknown, answer: unknown): ExchangeStep {
  const envelope = parsed(received);
  const payload = (typeof envelope.payload === "object" && envelope.payload !== null ? envelope.payload : envelope) as Record<string, unknown>;
  const opening = payload.callStatus === "CALL_RECEIVED";
  return {
    menu: opening ? null : bookmarkMenu(payload.clientActionId),
    keys: opening ? null : readDtmf(payload),
    nextMenu: bookmarkMenu(parsed(answer).clientActionId),
  };
}
