/**
 * Answers one VCA of a compiled flow by handing it to the part that knows the case: the entry
 * menu for a new call or an unusable bookmark, the transfer's `after` text for a call handed
 * back, the handler that asked for this VCA, or else the caller's digits in their menu (an
 * option, the repeat or back key, `any`, or a retry policy). Every reply becomes an answer
 * through the shared answers (util/frozen.ts), so a template-free prompt with the same bookmark
 * is the same frozen object each time.
 *
 * @example
 * const engine = new FlowEngine(flow, menuKeys(flow), bookmarks, prompts, options, calls, retries);
 * await engine.answer(event, ctx); // { clientActionId: "sb1.main.-.Xq3v_9aB", callflow: [...] }
 * await engine.answerWithoutStore(event, ctx); // the same for plain navigation; null when vars are needed
 */
import type { Action, VcaAnswer } from "../voice/index.js";
import { SharedAnswers } from "../util/index.js";
import type { FlowBookmarks } from "./flow-bookmarks.js";
import { ANY_KEY, type Flow, type Menu } from "./flow-schema.js";
import type { HandlerCalls } from "./handler-calls.js";
import type { MenuPrompts } from "./menu-prompts.js";
import type { OptionActions } from "./option-actions.js";
import type { RetryPolicies } from "./retry-policies.js";
import type { menuKeys } from "./settings.js";
import { GivenScope, Step, type Reply } from "./step.js";
import { NeedsStoredVariables, UNLOADED_VARIABLES } from "./storeless.js";
import type { TemplateScope } from "./template.js";
import type { CallActionEvent, HandlerContext } from "./types.js";

export class FlowEngine {
  private readonly answers = new SharedAnswers<Action>();

  constructor(
    private readonly flow: Flow,
    private readonly keys: ReturnType<typeof menuKeys>,
    private readonly bookmarks: FlowBookmarks,
    private readonly prompts: MenuPrompts,
    private readonly options: OptionActions,
    private readonly calls: HandlerCalls,
    private readonly retries: RetryPolicies,
  ) {}

  /**
   * The answer to one VCA when the session's variables could not be loaded: the same answer as
   * `answer` gives for a step that needs none (storeless.ts), or null for one that does.
   */
  async answerWithoutStore(event: CallActionEvent, ctx: Omit<HandlerContext, "vars">): Promise<VcaAnswer | null> {
    const unloaded: HandlerContext = {
      sessionId: ctx.sessionId,
      logger: ctx.logger,
      vars: UNLOADED_VARIABLES,
      get signal() {
        return ctx.signal;
      },
    };
    try {
      return await this.answer(event, unloaded);
    } catch (error) {
      if (error instanceof NeedsStoredVariables) return null;
      throw error;
    }
  }

  /** The answer to one VCA. Rejects only when a handler throws (or returns data with nowhere to go). */
  async answer(event: CallActionEvent, ctx: HandlerContext): Promise<VcaAnswer> {
    const bookmark = this.bookmarks.locate(event, ctx);
    if (bookmark === undefined) {
      const entry = [this.flow.entry];
      return this.toAnswer(this.prompts.enter(entry, new Step(event, ctx, { path: entry, invalid: 0, silent: 0 })));
    }
    const step = new Step(event, ctx, bookmark);
    if (bookmark.transferredBy !== undefined) return this.toAnswer(this.options.afterTransfer(step));
    if (bookmark.handler !== undefined) return this.toAnswer(await this.calls.resume(step));
    return this.toAnswer(await this.input(step));
  }

  /** The entry menu's answer, its templates rendered with `scope` (an outbound call's opening). */
  entry(scope: TemplateScope): VcaAnswer {
    return this.toAnswer(this.prompts.enter([this.flow.entry], new GivenScope(scope)));
  }

  /** The caller's digits (or silence) in their menu. */
  private input(step: Step): Promise<Reply> | Reply {
    const menu = this.flow.menus[step.menuName] as Menu;
    const digits = step.event.dtmf;
    if (digits === null) return this.retries.apply("onNoInput", menu, step);
    if (menu.store) step.ctx.vars[menu.store] = digits;
    const option = Object.hasOwn(menu.options, digits) && digits !== ANY_KEY ? menu.options[digits] : undefined;
    if (option !== undefined) return this.options.run(option, digits, step);
    if (digits === this.keys.repeat) return this.prompts.follow("repeat", step);
    if (digits === this.keys.back) return this.prompts.follow("back", step);
    const any = menu.options[ANY_KEY];
    if (any !== undefined) return this.options.run(any, ANY_KEY, step);
    return this.retries.apply("onInvalid", menu, step);
  }

  private toAnswer(reply: Reply): VcaAnswer {
    return this.answers.answer(reply.actions, reply.bookmark === undefined ? null : this.bookmarks.encode(reply.bookmark));
  }
}
