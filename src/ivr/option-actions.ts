/**
 * Running an option's action (flow-schema.ts `OptionAction`): go to a menu, say or play then go
 * on, transfer, hang up, or call a handler; and, when the platform hands a transferred call back,
 * the transfer's `after` text. Retry policies run their `then` through here too, under a key of
 * their own (`POLICY_KEY`), so a transfer remembers which option or policy made it.
 *
 * @example
 * const options = new OptionActions(flow, prompts, calls);
 * await options.run({ say: "Our hours are 9 to 5.", then: "main" }, "3", step);
 */
import type { Action } from "../voice/index.js";
import { hangup, play, say, transfer } from "./builder.js";
import type { Flow, Menu, OptionAction } from "./flow-schema.js";
import type { HandlerCalls } from "./handler-calls.js";
import type { MenuPrompts } from "./menu-prompts.js";
import { HANGUP, voiceIn, type Reply, type Step } from "./step.js";
import { renderTemplate } from "./template.js";

/** The key a retry policy's `then` runs under, kept in a transfer's bookmark like an option's key. */
export const POLICY_KEY = { onInvalid: "@i", onNoInput: "@s" } as const;

export class OptionActions {
  constructor(
    private readonly flow: Flow,
    private readonly prompts: MenuPrompts,
    private readonly handlers: HandlerCalls,
  ) {}

  /** Runs `action`, chosen by `key` (an option key, or a POLICY_KEY), from the caller's menu. */
  async run(action: OptionAction, key: string, step: Step): Promise<Reply> {
    if (typeof action === "string") return this.prompts.follow(action, step);
    if ("goto" in action) return this.prompts.follow(action.goto, step);
    if ("hangup" in action) return { actions: HANGUP };
    if ("say" in action && !("transfer" in action)) {
      const voice = { ...voiceIn(this.flow, step), ...pick(action, ["voiceProfile", "speed", "repetition"]) };
      const rest = this.prompts.follow(action.then ?? "hangup", step);
      return { actions: [say(renderTemplate(action.say, step.templateScope()), voice), ...rest.actions], bookmark: rest.bookmark };
    }
    if ("play" in action) {
      const rest = this.prompts.follow(action.then ?? "hangup", step);
      return { actions: [play(action.play, pick(action, ["repetition"])), ...rest.actions], bookmark: rest.bookmark };
    }
    if ("transfer" in action) {
      const scope = step.templateScope();
      const callerId = renderTemplate(action.callerId ?? this.flow.defaults?.callerId ?? String(scope.called ?? ""), scope);
      const bridge = transfer(renderTemplate(action.transfer, scope), { callerId, ...pick(action, ["callRecording"]) });
      const before = action.say ? [say(renderTemplate(action.say, scope), voiceIn(this.flow, step))] : [];
      // The bookmark remembers the key, so a call handed back after the transfer hears its `after`.
      return { actions: [...before, bridge], bookmark: { ...step.bookmark, invalid: 0, silent: 0, transferredBy: key } };
    }
    return this.handlers.call(action.handler, action.store, action.then, step);
  }

  /** The platform handed the call back after a transfer: the transfer's `after` text, then hangup. */
  afterTransfer(step: Step): Reply {
    const key = step.bookmark.transferredBy as string;
    const menu = this.flow.menus[step.menuName] as Menu;
    const defaults = this.flow.defaults;
    const action =
      key === POLICY_KEY.onInvalid ? (menu.onInvalid?.then ?? defaults?.onInvalid?.then)
      : key === POLICY_KEY.onNoInput ? (menu.onNoInput?.then ?? defaults?.onNoInput?.then)
      : menu.options[key];
    const after = typeof action === "object" && "transfer" in action ? action.after : undefined;
    const actions: Action[] = after ? [say(renderTemplate(after, step.templateScope()), voiceIn(this.flow, step)), hangup()] : [hangup()];
    return { actions };
  }
}

function pick<T extends object, K extends keyof T>(source: T, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}
