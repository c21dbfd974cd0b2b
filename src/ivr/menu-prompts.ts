/**
 * Entering a menu: its prompt's actions and the bookmark that puts the caller in it.
 *
 * A prompt without a template gives the same actions every time, so they are built once per menu
 * (and per retry prompt that replaces the menu's own), deep-frozen and shared: with the same
 * bookmark they become the same shared answer, which the server recognises by identity (the
 * contract is in util/frozen.ts). Templated prompts are rendered for each VCA.
 *
 * @example
 * const prompts = new MenuPrompts(flow);
 * prompts.enter(["main"], step);        // { actions: [sayAndCapture], bookmark: { path: ["main"], invalid: 0, silent: 0 } }
 * prompts.follow("back", step);         // the menu before this one
 */
import type { Action, SayAndCapture } from "../voice/index.js";
import { deepFreeze } from "../util/index.js";
import { capture, play } from "./builder.js";
import { DEFAULT_PLAY_CUE, type Flow, type Menu } from "./flow-schema.js";
import { effectiveCapture, effectiveVoice } from "./settings.js";
import { HANGUP, type Reply, type ScopeSource, type Step } from "./step.js";
import { hasTemplate, renderTemplate } from "./template.js";

export class MenuPrompts {
  // A menu's capture settings and voice never change: its sayAndCapture is built once and copied
  // with each prompt (promptMessage keeps its place, first).
  private readonly captureTemplates = new Map<Menu, SayAndCapture>();
  /** Frozen prompt actions by menu, then by the retry prompt replacing the menu's own (null: none). */
  private readonly sharedPrompts = new Map<Menu, Map<string | null, Action[]>>();

  constructor(private readonly flow: Flow) {}

  /**
   * The caller enters the last menu of `path` (its counters start over): its prompt, or
   * `override` (a retry policy's prompt) in its place. Templates read `scope`, with `menu` set to
   * the menu entered.
   */
  enter(path: string[], scope: ScopeSource, override?: string): Reply {
    const name = path.at(-1) as string;
    const menu = this.flow.menus[name] as Menu;
    return { actions: this.promptActions(menu, name, scope, override), bookmark: { path, invalid: 0, silent: 0 } };
  }

  /** Where an option's target leads from the caller's menu: hangup, repeat, back, or a menu. */
  follow(target: string, step: Step): Reply {
    const path = step.bookmark.path;
    if (target === "hangup") return { actions: HANGUP };
    if (target === "repeat") return this.enter(path, step);
    if (target === "back") return this.enter(path.length > 1 ? path.slice(0, -1) : path, step);
    // A menu already on the path is gone back to, so the path cannot grow in a loop.
    const seen = path.indexOf(target);
    return this.enter(seen >= 0 ? path.slice(0, seen + 1) : [...path, target], step);
  }

  private promptActions(menu: Menu, name: string, scope: ScopeSource, override: string | undefined): Action[] {
    const text = override ?? (typeof menu.prompt === "string" ? menu.prompt : (menu.prompt.say ?? DEFAULT_PLAY_CUE));
    if (hasTemplate(text)) return this.build(menu, renderTemplate(text, { ...scope.templateScope(), menu: name }), override);
    let byOverride = this.sharedPrompts.get(menu);
    if (byOverride === undefined) this.sharedPrompts.set(menu, (byOverride = new Map()));
    let actions = byOverride.get(override ?? null);
    if (actions === undefined) byOverride.set(override ?? null, (actions = deepFreeze(this.build(menu, text, override))));
    return actions;
  }

  /** The prompt's actions: the audio file first for a played prompt (a retry prompt is spoken only). */
  private build(menu: Menu, prompt: string, override: string | undefined): Action[] {
    const captureAction = this.captureFor(menu, prompt);
    return typeof menu.prompt === "string" || override !== undefined ? [captureAction] : [play(menu.prompt.play), captureAction];
  }

  private captureFor(menu: Menu, prompt: string): SayAndCapture {
    let template = this.captureTemplates.get(menu);
    if (template === undefined) {
      const { maxDigitsConfigured: _, ...settings } = effectiveCapture(this.flow, menu);
      template = capture("", { ...settings, ...effectiveVoice(this.flow, menu) });
      this.captureTemplates.set(menu, template);
    }
    return { action: "sayAndCapture", params: { ...template.params, promptMessage: prompt } };
  }
}
