/**
 * Compiles a flow into an `IvrApp`: checks it once (schema, targets, handlers), then wires the
 * engine's parts, each in a file of its own:
 *
 * - flow-bookmarks.ts: where a VCA puts the caller (the bookmark in `clientActionId`), for
 *   answering and for `trace`;
 * - menu-prompts.ts: entering a menu, its prompt built once and shared when it has no template;
 * - option-actions.ts: running an option's action (say, play, transfer, goto, hangup, handler);
 * - handler-calls.ts: calling a flow's handlers, and resuming one that asked for the next VCA;
 * - retry-policies.ts: `onInvalid` and `onNoInput`, replays then `then`;
 * - flow-engine.ts: which of them answers a VCA, and the shared frozen answers (util/frozen.ts
 *   holds that contract with the server);
 * - storeless.ts: answering plain navigation from the bookmark when the store is down.
 */
import type { VcaAnswer } from "../voice/index.js";
import { analyzeFlow } from "./analyze.js";
import { bookmarkCodec, fingerprint } from "./bookmark.js";
import { answer as answerOf, hangup, say } from "./builder.js";
import { checkFlowSchema } from "./check-schema.js";
import type { HandlerMap } from "./define.js";
import { FlowError, hasErrors } from "./diagnostics.js";
import { FlowBookmarks } from "./flow-bookmarks.js";
import { FlowEngine } from "./flow-engine.js";
import { DEFAULT_FALLBACK_TEXT, type Flow } from "./flow-schema.js";
import { HandlerCalls } from "./handler-calls.js";
import { MenuPrompts } from "./menu-prompts.js";
import { OptionActions } from "./option-actions.js";
import { RetryPolicies } from "./retry-policies.js";
import { effectiveVoice, menuKeys } from "./settings.js";
import type { TemplateScope } from "./template.js";
import type { CallActionEvent, HandlerContext, IvrApp, MenuStep } from "./types.js";

/** What `compileFlow` takes beside the flow: the handlers it calls, and the name, fallback and bookmark key. */
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
  answerWithoutStore(event: CallActionEvent, ctx: Omit<HandlerContext, "vars">): Promise<VcaAnswer | null>;
  /** The entry menu's actions and bookmark, for a Send Callflow body (see outboundCallflow). */
  entry(scope?: TemplateScope): VcaAnswer;
}

/**
 * Checks `flow` (throws `FlowError`, code SB_IVR_FLOW_INVALID, listing every problem) and returns
 * the app that answers its VCAs.
 *
 * @example
 * const app = compileFlow(flow, { handlers: { lookupBooking } });
 * const reply = await app.answer(event, ctx); // { clientActionId: "sb1.main.-.Xq3v_9aB", callflow: [...] }
 */
export function compileFlow(flow: Flow, options: CompileOptions = {}): FlowApp {
  const file = options.file ?? options.name ?? flow.name ?? "flow";
  const noPlace = { file, value: flow, diagnostics: [], locate: () => ({ line: 0, column: 0 }) };
  const schemaProblems = checkFlowSchema(flow, noPlace);
  if (schemaProblems.length > 0) throw new FlowError(schemaProblems);
  const handlers: HandlerMap = options.handlers ?? {};
  const problems = analyzeFlow(flow, { ...noPlace, handlerNames: new Set(Object.keys(handlers)) });
  if (hasErrors(problems)) throw new FlowError(problems);

  const flowFingerprint = fingerprint(flow);
  const fallbackVoice = { voiceProfile: flow.fallback?.voiceProfile ?? effectiveVoice(flow).voiceProfile };
  const fallback = options.fallback ?? answerOf(say(flow.fallback?.say ?? DEFAULT_FALLBACK_TEXT, fallbackVoice), hangup());

  const bookmarks = new FlowBookmarks(flow, handlers, bookmarkCodec(options.secret ?? flowFingerprint));
  const prompts = new MenuPrompts(flow);
  const calls = new HandlerCalls(flow, handlers, prompts);
  const actions = new OptionActions(flow, prompts, calls);
  const retries = new RetryPolicies(flow, prompts, actions);
  const engine = new FlowEngine(flow, menuKeys(flow), bookmarks, prompts, actions, calls, retries);

  // A plain object, made once per flow: `loadIvr` spreads it, so its methods must be its own
  // and must not need `this`.
  return {
    name: options.name ?? flow.name ?? "flow",
    fallback,
    flow,
    fingerprint: flowFingerprint,
    owns: (clientActionId) => bookmarks.owns(clientActionId),
    trace: (event, answer) => bookmarks.trace(event, answer),
    entry: (scope = {}) => engine.entry(scope),
    answer: (event, ctx) => engine.answer(event, ctx),
    answerWithoutStore: (event, ctx) => engine.answerWithoutStore(event, ctx),
  };
}
