/**
 * What a menu does when the caller types something it does not answer to (`onInvalid`) or
 * nothing at all (`onNoInput`): say the policy's text, then replay the menu (with the policy's
 * own prompt, if any) while replays are left, else run the policy's `then`. Without a `then`,
 * the caller hears `DEFAULT_GOODBYE_TEXT` and the call ends: running out of tries is the
 * caller's doing, not a failure, so it never plays the fallback's apology for a fault.
 *
 * 8x8's sayAndCapture already replays the prompt by itself when nothing is typed (noOfTries),
 * then sends a VCA with dtmf null: that is one silent round. Each wrong input is one invalid
 * round. Both counts live in the bookmark, and start over whenever the caller enters a menu.
 *
 * @example
 * const retries = new RetryPolicies(flow, prompts, options, fallback);
 * await retries.apply("onInvalid", menu, step); // "Sorry, that is not one of the choices." + the menu again
 */
import { say } from "./builder.js";
import { DEFAULT_GOODBYE_TEXT, type Flow, type Menu, type RetryPolicy } from "./flow-schema.js";
import type { MenuPrompts } from "./menu-prompts.js";
import { POLICY_KEY, type OptionActions } from "./option-actions.js";
import { effectivePolicy } from "./settings.js";
import { HANGUP, voiceIn, type Reply, type Step } from "./step.js";
import { renderTemplate } from "./template.js";

export type RetryKind = keyof typeof POLICY_KEY;

export class RetryPolicies {
  constructor(
    private readonly flow: Flow,
    private readonly prompts: MenuPrompts,
    private readonly options: OptionActions,
  ) {}

  /** The answer when the caller's input in `menu` was wrong (`onInvalid`) or absent (`onNoInput`). */
  async apply(kind: RetryKind, menu: Menu, step: Step): Promise<Reply> {
    const policy: RetryPolicy = effectivePolicy(this.flow, menu, kind);
    const counter = kind === "onInvalid" ? "invalid" : "silent";
    const before = policy.say ? [say(renderTemplate(policy.say, step.templateScope()), voiceIn(this.flow, step))] : [];
    if (step.bookmark[counter] < (policy.replay ?? 0)) {
      const again = this.prompts.enter(step.bookmark.path, step, policy.prompt);
      const bookmark = { ...step.bookmark, [counter]: step.bookmark[counter] + 1 };
      return { actions: [...before, ...again.actions], bookmark };
    }
    const rest = policy.then === undefined ? this.goodbye(step) : await this.options.run(policy.then, POLICY_KEY[kind], step);
    return { actions: [...before, ...rest.actions], bookmark: rest.bookmark };
  }

  /** The tries ran out and the policy names no `then`: a polite goodbye in the menu's voice, then hangup. */
  private goodbye(step: Step): Reply {
    return { actions: [say(DEFAULT_GOODBYE_TEXT, voiceIn(this.flow, step)), ...HANGUP] };
  }
}
