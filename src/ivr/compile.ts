/**
 * Compiles a flow into an `IvrApp`: checks it once (schema, targets, handlers), then answers
 * each VCA from the bookmark it finds in `clientActionId` (see bookmark.ts) and the digits.
 *
 * How a VCA is read:
 * - `CALL_RECEIVED` (a new inbound call): the entry menu's prompt.
 * - `ACTION_COMPLETED` without clientActionId (an outbound session's first VCA, whose Send
 *   Callflow already played the entry prompt): the caller's answer to the entry menu.
 * - with a bookmark: the caller's answer to the menu it names. An unknown, outdated or altered
 *   bookmark is logged and the caller hears the entry menu again (never an exception).
 *
 * Replays: 8x8's sayAndCapture replays the prompt by itself when nothing is typed (noOfTries),
 * then sends a VCA with dtmf null; that is one "silent round" and `onNoInput` decides (replay
 * the menu up to `replay` more rounds, then `then`). Wrong digits arrive as a VCA with the
 * digits; each is counted against `onInvalid` the same way. Both counters live in the bookmark
 * and restart whenever the caller enters a menu.
 *
 * @example
 * const app = compileFlow(flow, { handlers: { lookupBooking } });
 * const reply = await app.answer(event, ctx); // { clientActionId: "sb1.main.-.Xq3v_9aB", callflow: [...] }
 */
import type { Action, SayAndCapture, VcaAnswer } from "../voice/index.js";
import { bookmarkCodec, fingerprint, type Bookmark, type BookmarkCodec } from "./bookmark.js";
import { analyzeFlow } from "./analyze.js";
import { answer as answerOf, capture, hangup, play, say, transfer } from "./builder.js";
import { checkFlowSchema } from "./check-schema.js";
import { isGoTo, isVcaAnswer, type FlowHandler, type FlowHandlerContext, type HandlerMap } from "./define.js";
import { FlowError, hasErrors } from "./diagnostics.js";
import { ANY_KEY, DEFAULT_FALLBACK_TEXT, DEFAULT_PLAY_CUE, type Flow, type Menu, type OptionAction, type RetryPolicy } from "./flow-schema.js";
import { effectiveCapture, effectivePolicy, effectiveVoice, menuKeys } from "./settings.js";
import { hasTemplate, renderTemplate, type TemplateScope } from "./template.js";
import { deepFreeze } from "../util/index.js";
import type { CallActionEvent, HandlerContext, IvrApp, MenuStep } from "./types.js";
import { SwitchboardError } from "../util/index.js";

export interface CompileOptions {
  /** Handlers the flow calls by name. */
  handlers?: HandlerMap;
  /** Default: the flow's name, else "flow". */
  name?: string;
  /** Replaces the fallback built from the flow's `fallback` section. */
  fallback?: VcaAnswer;
  /** Key for bookmark checks. Default: the flow's fingerprint (a changed flow voids old bookmarks). */
  secret?: string;
  /** File name used in error messages. */
  file?: string;
}

/** An IvrApp compiled from a flow; also knows how to open the flow for an outbound call. */
export interface FlowApp extends IvrApp {
  readonly fallback: VcaAnswer;
  readonly flow: Flow;
  readonly fingerprint: string;
  owns(clientActionId: string): boolean;
  trace(event: CallActionEvent, answer: VcaAnswer): MenuStep;
  /** The entry menu's actions and bookmark, for a Send Callflow body (see outboundCallflow). */
  entry(scope?: TemplateScope): VcaAnswer;
}

interface Step {
  event: CallActionEvent;
  ctx: HandlerContext;
  bookmark: Bookmark;
  /** The last handler result, `{{result}}` in templates. */
  result?: unknown;
}

const POLICY_KEY = { onInvalid: "@i", onNoInput: "@s" } as const;

/** The actions of a plain hangup, shared by every answer that ends the call. */
const HANGUP: Action[] = deepFreeze([hangup()]);

/** Shared answers kept per shared prompt: one per bookmark (path and retry counts) seen. */
const SHARED_ANSWERS_PER_PROMPT = 256;

/** A step's answer: actions, and the bookmark when the call will come back to us. */
type Reply = { actions: Action[]; bookmark?: Bookmark };

export function compileFlow(flow: Flow, options: CompileOptions = {}): FlowApp {
  const file = options.file ?? options.name ?? flow.name ?? "flow";
  const noPlace = { file, value: flow, diagnostics: [], locate: () => ({ line: 0, column: 0 }) };
  const schemaProblems = checkFlowSchema(flow, noPlace);
  if (schemaProblems.length > 0) throw new FlowError(schemaProblems);
  const handlers: HandlerMap = options.handlers ?? {};
  const problems = analyzeFlow(flow, { ...noPlace, handlerNames: new Set(Object.keys(handlers)) });
  if (hasErrors(problems)) throw new FlowError(problems);

  const flowFingerprint = fingerprint(flow);
  const codec: BookmarkCodec = bookmarkCodec(options.secret ?? flowFingerprint);
  const keys = menuKeys(flow);
  const fallbackVoice = { voiceProfile: flow.fallback?.voiceProfile ?? effectiveVoice(flow).voiceProfile };
  const fallback = options.fallback ?? answerOf(say(flow.fallback?.say ?? DEFAULT_FALLBACK_TEXT, fallbackVoice), hangup());

  const scopeOf = (step: Step): TemplateScope => {
    const inbound = step.event.callDirection !== "OUTBOUND";
    return {
      digits: step.event.dtmf,
      vars: step.ctx.vars,
      result: step.result,
      caller: inbound ? step.event.source : step.event.destination,
      called: inbound ? step.event.destination : step.event.source,
      sessionId: step.event.sessionId,
      menu: step.bookmark.path.at(-1),
    };
  };

  // A menu's capture settings and voice never change: its sayAndCapture is built once and copied
  // with each prompt (promptMessage keeps its place, first).
  const captureTemplates = new Map<Menu, SayAndCapture>();
  const captureFor = (menu: Menu, prompt: string): SayAndCapture => {
    let template = captureTemplates.get(menu);
    if (template === undefined) {
      const { maxDigitsConfigured: _, ...settings } = effectiveCapture(flow, menu);
      template = capture("", { ...settings, ...effectiveVoice(flow, menu) });
      captureTemplates.set(menu, template);
    }
    return { action: "sayAndCapture", params: { ...template.params, promptMessage: prompt } };
  };

  // A prompt without a template gives the same actions every time: they are built once, frozen
  // and shared (by menu, and by the retry prompt that replaces the menu's own), and so is the
  // answer made of them (see toAnswer). Templated prompts are rendered for each VCA.
  const sharedPrompts = new Map<Menu, Map<string | null, Action[]>>();
  const buildPrompt = (menu: Menu, prompt: string, override: string | undefined): Action[] => {
    const captureAction = captureFor(menu, prompt);
    return typeof menu.prompt === "string" || override !== undefined ? [captureAction] : [play(menu.prompt.play), captureAction];
  };
  const promptActions = (menu: Menu, scope: () => TemplateScope, override?: string): Action[] => {
    const text = override ?? (typeof menu.prompt === "string" ? menu.prompt : (menu.prompt.say ?? DEFAULT_PLAY_CUE));
    if (hasTemplate(text)) return buildPrompt(menu, renderTemplate(text, scope()), override);
    let byOverride = sharedPrompts.get(menu);
    if (byOverride === undefined) sharedPrompts.set(menu, (byOverride = new Map()));
    let actions = byOverride.get(override ?? null);
    if (actions === undefined) byOverride.set(override ?? null, (actions = deepFreeze(buildPrompt(menu, text, override))));
    return actions;
  };

  const enter = (path: string[], scope: () => TemplateScope, override?: string): Reply => {
    const name = path.at(-1) as string;
    const menu = flow.menus[name] as Menu;
    return { actions: promptActions(menu, () => ({ ...scope(), menu: name }), override), bookmark: { path, invalid: 0, silent: 0 } };
  };

  const next = (target: string, step: Step): Reply => {
    const path = step.bookmark.path;
    const scope = () => scopeOf(step);
    if (target === "hangup") return { actions: HANGUP };
    if (target === "repeat") return enter(path, scope);
    if (target === "back") return enter(path.length > 1 ? path.slice(0, -1) : path, scope);
    const seen = path.indexOf(target);
    return enter(seen >= 0 ? path.slice(0, seen + 1) : [...path, target], scope);
  };

  const voiceFor = (step: Step) => effectiveVoice(flow, flow.menus[step.bookmark.path.at(-1) as string]);

  const runAction = async (action: OptionAction, key: string, step: Step): Promise<Reply> => {
    if (typeof action === "string") return next(action, step);
    const scope = scopeOf(step);
    if ("goto" in action) return next(action.goto, step);
    if ("hangup" in action) return { actions: HANGUP };
    if ("say" in action && !("transfer" in action)) {
      const voice = { ...voiceFor(step), ...pick(action, ["voiceProfile", "speed", "repetition"]) };
      const rest = next(action.then ?? "hangup", step);
      return { actions: [say(renderTemplate(action.say, scope), voice), ...rest.actions], bookmark: rest.bookmark };
    }
    if ("play" in action) {
      const rest = next(action.then ?? "hangup", step);
      return { actions: [play(action.play, pick(action, ["repetition"])), ...rest.actions], bookmark: rest.bookmark };
    }
    if ("transfer" in action) {
      const callerId = renderTemplate(action.callerId ?? flow.defaults?.callerId ?? String(scope.called ?? ""), scope);
      const bridge = transfer(renderTemplate(action.transfer, scope), { callerId, ...pick(action, ["callRecording"]) });
      const before = action.say ? [say(renderTemplate(action.say, scope), voiceFor(step))] : [];
      return { actions: [...before, bridge], bookmark: { ...step.bookmark, invalid: 0, silent: 0, transferredBy: key } };
    }
    return callHandler(action.handler, action.store, action.then, step);
  };

  const callHandler = async (name: string, store: string | undefined, then: string | undefined, step: Step, inner?: string | null): Promise<Reply> => {
    const handler = handlers[name] as FlowHandler;
    const event = inner === undefined ? step.event : { ...step.event, clientActionId: inner };
    const { ctx } = step;
    const flowContext: FlowHandlerContext = {
      sessionId: ctx.sessionId,
      vars: ctx.vars,
      logger: ctx.logger,
      // Read through: the server makes the signal only when someone asks for it.
      get signal() {
        return ctx.signal;
      },
      digits: step.event.dtmf,
      menu: step.bookmark.path.at(-1) as string,
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
    return next(target, { ...step, result: value });
  };

  const onMiss = async (kind: "onInvalid" | "onNoInput", menu: Menu, step: Step): Promise<Reply> => {
    const policy: RetryPolicy = effectivePolicy(flow, menu, kind);
    const counter = kind === "onInvalid" ? "invalid" : "silent";
    const scope = scopeOf(step);
    const before = policy.say ? [say(renderTemplate(policy.say, scope), voiceFor(step))] : [];
    if (step.bookmark[counter] < (policy.replay ?? 0)) {
      const again = enter(step.bookmark.path, () => scope, policy.prompt);
      const bookmark = { ...step.bookmark, [counter]: step.bookmark[counter] + 1 };
      return { actions: [...before, ...again.actions], bookmark };
    }
    const rest = policy.then === undefined ? { actions: fallback.callflow } : await runAction(policy.then, POLICY_KEY[kind], step);
    return { actions: [...before, ...rest.actions], bookmark: rest.bookmark };
  };

  const handleInput = async (step: Step): Promise<Reply> => {
    const name = step.bookmark.path.at(-1) as string;
    const menu = flow.menus[name] as Menu;
    const digits = step.event.dtmf;
    if (digits === null) return onMiss("onNoInput", menu, step);
    if (menu.store) step.ctx.vars[menu.store] = digits;
    const option = Object.hasOwn(menu.options, digits) && digits !== ANY_KEY ? menu.options[digits] : undefined;
    if (option !== undefined) return runAction(option, digits, step);
    if (digits === keys.repeat) return next("repeat", step);
    if (digits === keys.back) return next("back", step);
    const any = menu.options[ANY_KEY];
    if (any !== undefined) return runAction(any, ANY_KEY, step);
    return onMiss("onInvalid", menu, step);
  };

  const afterTransfer = (step: Step): Reply => {
    const key = step.bookmark.transferredBy as string;
    const menu = flow.menus[step.bookmark.path.at(-1) as string] as Menu;
    const action = key === "@i" ? menu.onInvalid?.then ?? flow.defaults?.onInvalid?.then : key === "@s" ? menu.onNoInput?.then ?? flow.defaults?.onNoInput?.then : menu.options[key];
    const after = typeof action === "object" && "transfer" in action ? action.after : undefined;
    return { actions: after ? [say(renderTemplate(after, scopeOf(step)), voiceFor(step)), hangup()] : [hangup()] };
  };

  const locate = (event: CallActionEvent, ctx: HandlerContext): Bookmark | undefined => {
    if (event.callStatus === "CALL_RECEIVED") return undefined;
    const fresh: Bookmark = { path: [flow.entry], invalid: 0, silent: 0 };
    if (event.clientActionId === null || event.clientActionId === "") return fresh;
    const decoded = codec.decode(event.clientActionId);
    if (!decoded.ok) {
      ctx.logger.warn({ sessionId: ctx.sessionId, clientActionId: event.clientActionId, reason: decoded.reason }, "unusable bookmark; answering from the entry menu");
      return undefined;
    }
    const missing = decoded.bookmark.path.find((name) => !Object.hasOwn(flow.menus, name));
    const handlerGone = decoded.bookmark.handler !== undefined && !Object.hasOwn(handlers, decoded.bookmark.handler);
    if (missing !== undefined || handlerGone) {
      ctx.logger.warn({ sessionId: ctx.sessionId, clientActionId: event.clientActionId }, "bookmark names a menu or handler this flow lacks; answering from the entry menu");
      return undefined;
    }
    return decoded.bookmark;
  };

  // An answer made of shared (frozen) actions is shared too, one per bookmark, so the server
  // recognises it and does not serialise it again. Bounded: a deep flow has many bookmarks.
  const sharedAnswers = new WeakMap<Action[], Map<string | null, VcaAnswer>>();
  const toAnswer = (reply: Reply): VcaAnswer => {
    const clientActionId = reply.bookmark === undefined ? null : codec.encode(reply.bookmark);
    if (!Object.isFrozen(reply.actions)) return withBookmark(clientActionId, reply.actions);
    let byBookmark = sharedAnswers.get(reply.actions);
    if (byBookmark === undefined) sharedAnswers.set(reply.actions, (byBookmark = new Map()));
    let answer = byBookmark.get(clientActionId);
    if (answer === undefined) {
      if (byBookmark.size >= SHARED_ANSWERS_PER_PROMPT) byBookmark.clear();
      byBookmark.set(clientActionId, (answer = Object.freeze(withBookmark(clientActionId, reply.actions))));
    }
    return answer;
  };

  /** The menu a bookmark of this flow puts the caller in; null for another's, or a transfer's. */
  const menuOf = (clientActionId: string | null | undefined): string | null => {
    if (!clientActionId) return null;
    const decoded = codec.decode(clientActionId);
    if (!decoded.ok || decoded.bookmark.transferredBy !== undefined) return null;
    const menu = decoded.bookmark.path.at(-1) as string;
    return Object.hasOwn(flow.menus, menu) ? menu : null;
  };

  return {
    name: options.name ?? flow.name ?? "flow",
    fallback,
    flow,
    fingerprint: flowFingerprint,
    owns: (clientActionId) => codec.decode(clientActionId).ok,
    trace(event, answer) {
      // As `locate` reads it: a VCA after the first without a bookmark answers the entry menu.
      const opening = event.callStatus === "CALL_RECEIVED";
      const menu = opening ? null : event.clientActionId ? menuOf(event.clientActionId) : flow.entry;
      return { menu, nextMenu: menuOf(answer.clientActionId) };
    },
    entry(scope = {}) {
      return toAnswer(enter([flow.entry], () => scope));
    },
    async answer(event, ctx) {
      const bookmark = locate(event, ctx);
      if (bookmark === undefined) {
        return toAnswer(enter([flow.entry], () => scopeOf({ event, ctx, bookmark: { path: [flow.entry], invalid: 0, silent: 0 } })));
      }
      const step: Step = { event, ctx, bookmark };
      if (bookmark.transferredBy !== undefined) return toAnswer(afterTransfer(step));
      if (bookmark.handler !== undefined) {
        const { handler, inner, ...rest } = bookmark;
        const origin = handlerOption(flow.menus[rest.path.at(-1) as string] as Menu, handler);
        return toAnswer(await callHandler(handler, origin?.store, origin?.then ?? "repeat", { ...step, bookmark: rest }, inner ?? null));
      }
      return toAnswer(await handleInput(step));
    },
  };
}

/** A VCA answer of these actions (kept as the same array), with the bookmark when the call will come back to us. */
function withBookmark(clientActionId: string | null, callflow: Action[]): VcaAnswer {
  return clientActionId === null ? { callflow } : { clientActionId, callflow };
}

/** The option of a menu that calls a handler, for its store and then when the handler resumes. */
function handlerOption(menu: Menu, handler: string): { store?: string; then?: string } | undefined {
  const candidates = [...Object.values(menu.options), menu.onInvalid?.then, menu.onNoInput?.then];
  return candidates.find((a): a is Extract<OptionAction, { handler: string }> => typeof a === "object" && a !== null && "handler" in a && a.handler === handler);
}

function pick<T extends object, K extends keyof T>(source: T, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}
