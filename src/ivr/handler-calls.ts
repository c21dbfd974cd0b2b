/**
 * Calling a flow's handlers (`{ handler: lookupBooking }`), and resuming one that asked for the
 * next VCA. What a handler may return is in define.ts: an answer (sent as is; if the call goes
 * on, the next VCA comes back to the handler, with its own clientActionId kept in the bookmark),
 * `goTo(target, value)`, or data, stored and followed by the option's `then`.
 *
 * @example
 * const calls = new HandlerCalls(flow, handlers, prompts);
 * await calls.call("lookupBooking", "booking", "found", step); // stores vars.booking, enters "found"
 */
import type { Bookmark } from "./bookmark.js";
import { isGoTo, isVcaAnswer, type FlowHandler, type FlowHandlerContext, type HandlerMap } from "./define.js";
import type { Flow, Menu, OptionAction } from "./flow-schema.js";
import type { MenuPrompts } from "./menu-prompts.js";
import type { Reply, Step } from "./step.js";
import { NeedsStoredVariables, UNLOADED_VARIABLES } from "./storeless.js";
import { SwitchboardError } from "../util/index.js";

export class HandlerCalls {
  constructor(
    private readonly flow: Flow,
    private readonly handlers: HandlerMap,
    private readonly prompts: MenuPrompts,
  ) {}

  /**
   * Calls handler `name` for this step; its data is kept in `vars[store ?? name]`, then the call
   * goes to `then`. `inner` is the handler's own clientActionId when it resumes (null: it gave none).
   */
  async call(name: string, store: string | undefined, then: string | undefined, step: Step, inner?: string | null): Promise<Reply> {
    // Without the store a handler is not called: it may read or change anything (storeless.ts).
    if (step.ctx.vars === UNLOADED_VARIABLES) throw new NeedsStoredVariables(`handler ${name}`);
    const handler = this.handlers[name] as FlowHandler;
    const event = inner === undefined ? step.event : { ...step.event, clientActionId: inner };
    const { ctx } = step;
    const flowContext: FlowHandlerContext = {
      sessionId: ctx.sessionId,
      vars: ctx.vars,
      logger: ctx.logger,
      // Read through: the server makes the signal only when someone asks for it. An own getter
      // (not a class's), so a handler that spreads its ctx still copies the signal.
      get signal() {
        return ctx.signal;
      },
      digits: step.event.dtmf,
      menu: step.menuName,
    };
    const result = await handler(event, flowContext);
    if (isVcaAnswer(result)) {
      const last = result.callflow.at(-1);
      if (last?.action === "hangup") return { actions: result.callflow };
      const bookmark: Bookmark = { path: step.bookmark.path, invalid: 0, silent: 0, handler: name };
      if (result.clientActionId !== undefined) bookmark.inner = result.clientActionId;
      return { actions: result.callflow, bookmark };
    }
    const [target, value] = isGoTo(result) ? [result.target, result.value] : [then, result];
    if (value !== undefined) step.ctx.vars[store ?? name] = value;
    if (target === undefined) {
      throw new SwitchboardError("SB_IVR_HANDLER_WITHOUT_THEN", `handler ${name} returned data but its option has no then: return an answer or goTo(menu), or add then to the option`);
    }
    return this.prompts.follow(target, step.withResult(value));
  }

  /**
   * The VCA after a handler's own answer goes back to it, with its own clientActionId; its data
   * then goes where the option that called it says (default: this menu again).
   */
  resume(step: Step): Promise<Reply> {
    const { handler, inner, ...rest } = step.bookmark;
    const origin = handlerOption(this.flow.menus[rest.path.at(-1) as string] as Menu, handler as string);
    return this.call(handler as string, origin?.store, origin?.then ?? "repeat", step.at(rest), inner ?? null);
  }
}

/** The option of a menu that calls a handler, for its store and then when the handler resumes. */
function handlerOption(menu: Menu, handler: string): { store?: string; then?: string } | undefined {
  const candidates = [...Object.values(menu.options), menu.onInvalid?.then, menu.onNoInput?.then];
  return candidates.find((a): a is Extract<OptionAction, { handler: string }> => typeof a === "object" && a !== null && "handler" in a && a.handler === handler);
}
