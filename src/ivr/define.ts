/**
 * What a handlers module exports, and what a handler called from a flow may return.
 *
 * A handlers module (`.ts`, `.js`, `.mjs`) has a default export that is either
 * - `defineIvr({ handlers, flow?, name?, fallback? })`: named handlers a flow calls, and
 *   optionally the flow itself (a path relative to the module, or a Flow object), or
 * - a single `Handler`: the whole IVR in code, answering every VCA itself.
 *
 * A handler named in a flow (`{ handler: lookupBooking }`) may return
 * - a `VcaAnswer` (see `answer()`): sent as it is; if it captures digits, the next VCA comes
 *   back to the same handler (its own clientActionId is kept for it in `event.clientActionId`);
 * - `goTo(target, value?)`: store `value` and continue at a menu (or hangup/repeat/back);
 * - any other value: stored in `ctx.vars[store]` (default: the handler's name), then the
 *   option's `then` is followed.
 *
 * @example
 * export default defineIvr({
 *   flow: "./booking.yaml",
 *   handlers: {
 *     lookupBooking: async (event, ctx) => {
 *       const booking = await bookings.find(ctx.digits ?? "");
 *       return booking ? goTo("bookingFound", booking) : goTo("bookingMissing");
 *     },
 *   },
 * });
 */
import type { VcaAnswer } from "../voice/index.js";
import type { Flow } from "./flow-schema.js";
import type { CallActionEvent, Handler, HandlerContext } from "./types.js";

/** A flow handler's context: the `HandlerContext`, plus the digits that chose the option and the current menu. */
export interface FlowHandlerContext extends HandlerContext {
  /** The digits that selected this option (the VCA's dtmf), or null. */
  digits: string | null;
  /** The menu the caller is in. */
  menu: string;
}

const GO_TO = Symbol.for("switchboard.goTo");

/** What `goTo()` returns: where the flow goes next, and the value to keep as the handler's result. */
export interface GoTo {
  readonly [GO_TO]: true;
  /** A menu name, or `hangup`, `repeat` or `back`. */
  target: string;
  /** Kept in `vars[store]` like a returned result. */
  value: unknown;
}

/** Tells the flow where to go next, keeping `value` like a returned result. @example return goTo("bookingFound", booking); */
export function goTo(target: string, value?: unknown): GoTo {
  return { [GO_TO]: true, target, value };
}

/** True for a `goTo()` result. */
export function isGoTo(value: unknown): value is GoTo {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[GO_TO] === true;
}

/** What a flow handler returns: an answer sent as is, a `goTo()`, or any other value, kept and followed by the option's `then`. */
export type FlowHandlerResult = VcaAnswer | GoTo | unknown;

/** A handler a flow calls by name. Any `Handler` is also a `FlowHandler`. */
export type FlowHandler = (event: CallActionEvent, ctx: FlowHandlerContext) => FlowHandlerResult | Promise<FlowHandlerResult>;

/** Handlers by the name a flow calls them with (`{ handler: lookupBooking }`). */
export type HandlerMap = Record<string, FlowHandler>;

/** What `defineIvr` takes: the handlers, and optionally the flow, a name and a fallback. */
export interface IvrDefinition {
  /** For logs and metrics; default: the flow's name, or the module's file name. */
  name?: string;
  /** Handlers a flow calls by name. */
  handlers?: HandlerMap;
  /** The flow: a path relative to the module, or a Flow object. */
  flow?: string | Flow;
  /** Replaces the flow's fallback text. */
  fallback?: VcaAnswer;
}

/** Types a handlers module's default export; returns its argument unchanged. */
export function defineIvr<T extends IvrDefinition>(definition: T): T {
  return definition;
}

/** An answer body, as opposed to data a handler wants stored. */
export function isVcaAnswer(value: unknown): value is VcaAnswer {
  return typeof value === "object" && value !== null && Array.isArray((value as { callflow?: unknown }).callflow);
}

export type { Handler };
