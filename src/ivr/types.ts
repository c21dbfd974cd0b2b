/**
 * The contract between the IVR engine and whatever runs it (the server, tests, the testing kit):
 * an `IvrApp` answers one VCA at a time. The runner reads the webhook, loads the session's
 * variables, calls `answer`, validates what comes back, applies the fallback when needed and
 * persists the variables. The engine does no I/O of its own beyond what handlers do.
 *
 * @example
 * const answer = await app.answer(event, { sessionId: event.sessionId, vars: {}, logger, signal });
 */
import type { VcaAnswer } from "../voice/index.js";

/** A VCA as the engine sees it: read tolerantly (see voice/normalize.ts), digits in one place. */
export interface CallActionEvent {
  eventId: string;
  sessionId: string;
  callId: string;
  subAccountId: string;
  /** `CALL_RECEIVED` for a new inbound call, `ACTION_COMPLETED` after an action finished. */
  callStatus: string;
  /** `INBOUND` or `OUTBOUND`. */
  callDirection: string;
  source: string;
  destination: string;
  sourceRefId: string | null;
  destinationRefId: string | null;
  /** Digits captured by the last sayAndCapture, or null when none were. */
  dtmf: string | null;
  /** The bookmark the app put in its previous answer, or null on the first VCA of a session. */
  clientActionId: string | null;
  timestamp: string;
  /** The whole payload with camel-cased keys, for anything not lifted out above. */
  payload: Record<string, unknown>;
}

/** Per-session values (collected digits, handler results); JSON-serialisable. */
export type SessionVariables = Record<string, unknown>;

/** The logging surface handlers get; pino loggers satisfy it. */
export interface Logger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}

/** What a handler gets beside the VCA: the session, its variables, a logger and the budget's abort signal. */
export interface HandlerContext {
  /** The call's session id. */
  sessionId: string;
  /** The session's variables; changes made here are persisted once the answer is sent. */
  vars: SessionVariables;
  /** Where the handler logs; the server binds sessionId and eventId to each line. */
  logger: Logger;
  /** Aborted when the handler's time budget has run out. */
  signal: AbortSignal;
}

/** A code handler: given a VCA, the next callflow for the caller. */
export type Handler = (event: CallActionEvent, ctx: HandlerContext) => VcaAnswer | Promise<VcaAnswer>;

/** An IVR, compiled from a flow file or made of code handlers, ready to answer VCAs. */
export interface IvrApp {
  /** A name for logs and metrics (the flow's name or the handler file's). */
  readonly name: string;
  /** What the caller hears when answering fails; the runner has its own default when absent. */
  readonly fallback?: VcaAnswer;
  /** Answers one VCA. May throw or return an invalid callflow: the runner guards against both. */
  answer(event: CallActionEvent, ctx: HandlerContext): Promise<VcaAnswer>;
  /**
   * Names this version of the app (compiled flows: the flow's fingerprint). The server stores it
   * with each session, and keeps apps by it so a call keeps the flow it started with.
   */
  readonly fingerprint?: string;
  /** Whether `clientActionId` is a bookmark this app made (its check holds): this app answers it. */
  owns?(clientActionId: string): boolean;
  /** Where an answered VCA went in the app's menus, for reports; must not throw. */
  trace?(event: CallActionEvent, answer: VcaAnswer): MenuStep;
  /**
   * Answers a VCA when the store cannot load the session's variables: the answer when this step
   * needs none (plain menu navigation, read from the bookmark in `clientActionId`), or null when
   * it does. The server then sends it without recording the exchange, and the fallback for null.
   * Optional: an app without it (a handler written in code) gets the fallback whenever the store
   * is down. Compiled flows have it (never calling a handler, nor a template reading `vars`).
   */
  answerWithoutStore?(event: CallActionEvent, ctx: Omit<HandlerContext, "vars">): Promise<VcaAnswer | null>;
}

/**
 * The menus around one answered VCA: the menu whose prompt the caller answered (null for the
 * call's first VCA, or when unknown) and the menu the answer prompts next (null when it leads out
 * of the menus: hangup, transfer).
 */
export interface MenuStep {
  menu: string | null;
  nextMenu: string | null;
}
