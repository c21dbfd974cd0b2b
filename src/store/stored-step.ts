/**
 * Reads an exchange's step (menu, keys, next menu) back out of its stored JSON, for the migrations
 * that add the step columns to rows written before them. New rows get their step from the server,
 * which asks the flow that answered; this reading knows only Switchboard's bookmark layout
 * (`sb1.<menu path>.<flags>.<check>`, ivr/bookmark.ts) and does not check bookmarks: the rows are
 * the store's own. A clientActionId of another layout (a code handler's) gives null menus.
 *
 * It reads the few fields it needs itself rather than through voice's `camelizeKeys`/`readDtmf`:
 * it runs in the SQLite worker when the file is migrated, and importing the wire model there would
 * load TypeBox and every schema into each worker (about 0.2 s per store opened, 0.5 s under tsx).
 * Its test checks that it reads the dtmf forms and key cases as voice's readers do.
 *
 * @example
 * storedStep('{"payload":{"callStatus":"ACTION_COMPLETED","dtmf":"1","clientActionId":"sb1.main.-.x"}}', '{"clientActionId":"sb1.main~book.-.y","callflow":[]}');
 * // { menu: "main", keys: "1", nextMenu: "book" }
 */
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
    return typeof json === "object" && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** A field in its documented camel case or with its first letter upper-cased (`CallStatus`), as deliveries have it. */
function field(object: unknown, name: string): unknown {
  if (typeof object !== "object" || object === null) return undefined;
  const record = object as Record<string, unknown>;
  return Object.hasOwn(record, name) ? record[name] : record[name[0]!.toUpperCase() + name.slice(1)];
}

/** The digits, in voice's order: `eventData.dtmf`, a string `eventData`, a top-level `dtmf`; "" is none. */
function digits(payload: Record<string, unknown>): string | null {
  const eventData = field(payload, "eventData");
  for (const candidate of [field(eventData, "dtmf"), typeof eventData === "string" ? eventData : undefined, field(payload, "dtmf")]) {
    if (typeof candidate === "number") return String(candidate);
    if (typeof candidate === "string") return candidate === "" ? null : candidate;
  }
  return null;
}

/** The step of a stored exchange, from the delivery received and the answer sent (JSON texts or parsed). */
export function storedStep(received: unknown, answer: unknown): ExchangeStep {
  const envelope = parsed(received);
  const inner = field(envelope, "payload");
  const payload = (typeof inner === "object" && inner !== null ? inner : envelope) as Record<string, unknown>;
  const opening = field(payload, "callStatus") === "CALL_RECEIVED";
  return {
    menu: opening ? null : bookmarkMenu(field(payload, "clientActionId")),
    keys: opening ? null : digits(payload),
    nextMenu: bookmarkMenu(field(parsed(answer), "clientActionId")),
  };
}
