/**
 * The vocabulary the flow engine's parts share: one VCA being answered (`Step`), what a part
 * answers with (`Reply`), and where templates read their values (`ScopeSource`).
 *
 * @example
 * const step = new Step(event, ctx, { path: ["main"], invalid: 0, silent: 0 });
 * renderTemplate("You typed {{digits}} in {{menu}}.", step.templateScope());
 */
import { hangup } from "./builder.js";
import type { Bookmark } from "./bookmark.js";
import type { Flow } from "./flow-schema.js";
import { effectiveVoice } from "./settings.js";
import type { TemplateScope } from "./template.js";
import type { CallActionEvent, HandlerContext } from "./types.js";
import type { Action } from "../voice/index.js";
import { deepFreeze } from "../util/index.js";

/**
 * A part's answer: the actions, and the bookmark when the call will come back to us (none after
 * a hangup). Frozen actions make a shared answer (see util/frozen.ts); fresh ones a new one.
 */
export interface Reply {
  actions: Action[];
  bookmark?: Bookmark;
}

/** The actions of a plain hangup, shared by every answer that ends the call. */
export const HANGUP: Action[] = deepFreeze([hangup()]);

/**
 * What a prompt's templates read. Read only when a template needs it: most prompts have none,
 * and building the scope on every VCA would cost them for nothing.
 */
export interface ScopeSource {
  templateScope(): TemplateScope;
}

/** Template values given up front, as `FlowApp.entry(scope)` receives them for an outbound call. */
export class GivenScope implements ScopeSource {
  constructor(private readonly scope: TemplateScope) {}

  templateScope(): TemplateScope {
    return this.scope;
  }
}

/** One VCA being answered: the event, the handler context, where the caller is, and the last handler result. */
export class Step implements ScopeSource {
  constructor(
    readonly event: CallActionEvent,
    readonly ctx: HandlerContext,
    readonly bookmark: Bookmark,
    /** The last handler result, `{{result}}` in templates. */
    readonly result?: unknown,
  ) {}

  /** The menu the caller is in: the last of the bookmark's path. */
  get menuName(): string {
    return this.bookmark.path.at(-1) as string;
  }

  /** The same VCA, with a handler's result for the templates that follow. */
  withResult(result: unknown): Step {
    return new Step(this.event, this.ctx, this.bookmark, result);
  }

  /** The same VCA, read from another bookmark. */
  at(bookmark: Bookmark): Step {
    return new Step(this.event, this.ctx, bookmark, this.result);
  }

  templateScope(): TemplateScope {
    // The caller is the far end: the source of an inbound call, the destination of an outbound one.
    const inbound = this.event.callDirection !== "OUTBOUND";
    return {
      digits: this.event.dtmf,
      vars: this.ctx.vars,
      result: this.result,
      caller: inbound ? this.event.source : this.event.destination,
      called: inbound ? this.event.destination : this.event.source,
      sessionId: this.event.sessionId,
      menu: this.menuName,
    };
  }
}

/** The voice of the caller's current menu, for texts spoken in it. */
export function voiceIn(flow: Flow, step: Step): { voiceProfile: string; speed?: number } {
  return effectiveVoice(flow, flow.menus[step.menuName]);
}
