/**
 * `POST /webhooks/vca`: read the delivery, replay a cached answer for a repeated eventId, else ask
 * the app under its time budget, fall back when it fails, persist, answer. The caller is on the
 * line: every path ends in a valid callflow, even when the store is down. Then a step that needs
 * no stored variables (plain menu navigation) is answered from the bookmark and not recorded; a
 * step that needs them gets the fallback (docs/server.md, "When the store is down").
 */
import type { FastifyBaseLogger, FastifyPluginCallback } from "fastify";
import type { CallActionEvent, IvrApp, Logger, MenuStep } from "../../ivr/index.js";
import type { HeldApp, IvrApps } from "../ivr-apps.js";
import type { FallbackReason, Store, StoredVariables } from "../../store/index.js";
import type { VcaAnswer } from "../../voice/index.js";
import { sendError } from "../errors.js";
import type { Guard } from "../guards.js";
import { Deadlines } from "../deadlines.js";
import { AnswerChecker } from "../answer-checker.js";
import { answerFromBookmark, answerWithBudget } from "../fallback.js";
import { rawJsonText } from "../raw-json.js";
import { actionLabel, type ServerMetrics } from "../metrics.js";
import { readVca } from "../read-webhook.js";

export interface VcaRouteDeps {
  apps: IvrApps;
  store: Store;
  handlerTimeoutMs: number;
  now: () => Date;
  metrics: ServerMetrics;
  guards: { onRequest: Guard[] };
  /** The variables an outbound session starts with (see `SwitchboardOptions.sessionVars`). */
  sessionVars?: SessionVarsSource;
}

/** Where the server finds the variables of an outbound session it has no variables for yet. */
export type SessionVarsSource = (event: CallActionEvent) => Promise<StoredVariables | null>;

/**
 * The handler's logger: every line carries sessionId and eventId. A plain object of our own,
 * because a pino child per request costs more than the rest of the VCA's logging put together.
 */
class SessionLogger implements Logger {
  constructor(
    private readonly base: FastifyBaseLogger,
    private readonly sessionId: string,
    private readonly eventId: string,
  ) {}

  debug(obj: object | string, msg?: string): void {
    this.write("debug", obj, msg);
  }
  info(obj: object | string, msg?: string): void {
    this.write("info", obj, msg);
  }
  warn(obj: object | string, msg?: string): void {
    this.write("warn", obj, msg);
  }
  error(obj: object | string, msg?: string): void {
    this.write("error", obj, msg);
  }

  private write(level: "debug" | "info" | "warn" | "error", obj: object | string, msg?: string): void {
    if (typeof obj === "string") this.base[level]({ sessionId: this.sessionId, eventId: this.eventId }, obj);
    else this.base[level]({ sessionId: this.sessionId, eventId: this.eventId, ...obj }, msg);
  }
}

/** What the route sends: the answer, and its JSON text (made once, for the reply and the store). */
interface Sent {
  answer: VcaAnswer;
  text: string;
  /** Set when this is the fallback: the reason, sent as the `x-switchboard-fallback` header. */
  fallback?: FallbackReason;
}

/**
 * The response header that marks a VCA answered with the fallback, with its reason. 8x8 ignores
 * headers it does not know; the simulator records it, so `switchboard dial` can say (and
 * `--fail-on-fallback` can fail on) what the caller only heard as an apology.
 */
export const FALLBACK_HEADER = "x-switchboard-fallback";

/**
 * The VCA route as an encapsulated plugin: its time budgets (one timer, stopped when the instance
 * closes) and its answer checker belong to this mount.
 */
export const vcaRoutes: FastifyPluginCallback<VcaRouteDeps> = function vcaRoutes(server, deps, done) {
  const { apps, store, now, metrics, sessionVars } = deps;
  const deadlines = new Deadlines(deps.handlerTimeoutMs);
  const checker = new AnswerChecker();
  server.addHook("onClose", (_instance, done) => {
    deadlines.close();
    done();
  });

  // Label sets bound once: counting then costs no label lookup per VCA.
  const answersBy = {
    app: metrics.answers.child({ source: "app" }),
    bookmark: metrics.answers.child({ source: "bookmark" }),
    fallback: metrics.answers.child({ source: "fallback" }),
    replay: metrics.answers.child({ source: "replay" }),
  };
  const unrecordedBy = { storeUnavailable: metrics.unrecorded.child({ reason: "store_unavailable" }), recordFailed: metrics.unrecorded.child({ reason: "record_failed" }) };
  const count = (answer: VcaAnswer, source: keyof typeof answersBy) => {
    answersBy[source].inc();
    for (const action of answer.callflow) metrics.answerActions.inc({ action: actionLabel(action.action) });
  };

  server.post("/webhooks/vca", { onRequest: deps.guards.onRequest }, async (request, reply) => {
    const receivedAt = now();
    const receivedText = rawJsonText(request);
    const read = readVca(request.body, receivedText);
    if (!read.ok) return sendError(reply, "SB_SERVER_INVALID_FIELD", read.message, read.field);
    const event = read.value;
    const log = new SessionLogger(request.log, event.sessionId, event.eventId);
    // The app whose bookmark this VCA carries: a call keeps the flow it started on.
    const held = apps.forEvent(event);
    let sent: Sent;
    try {
      sent = await answer(held, event, request.body, receivedText, receivedAt, log);
    } catch (error) {
      // A bug of ours must not leave the caller in silence either.
      sent = sendFallback(held, "error", error, log);
    }
    if (sent.fallback !== undefined) reply.header(FALLBACK_HEADER, sent.fallback);
    // The text is sent as it is: Fastify does not serialise the answer a second time.
    return reply.type("application/json; charset=utf-8").send(sent.text);
  });

  async function answer(held: HeldApp, event: CallActionEvent, received: unknown, receivedText: string | undefined, receivedAt: Date, log: Logger): Promise<Sent> {
    const { app } = held;
    let vars: StoredVariables;
    try {
      const loaded = await store.loadForEvent(event.eventId, event.sessionId);
      if (loaded.cachedAnswer) {
        count(loaded.cachedAnswer, "replay");
        return { answer: loaded.cachedAnswer, text: JSON.stringify(loaded.cachedAnswer) };
      }
      vars = loaded.vars;
      // An outbound call's first VCA: the variables it was placed with (its request's), so every
      // template of the flow reads them, not only the entry prompt sent with the call.
      if (sessionVars !== undefined && event.callDirection === "OUTBOUND" && isEmpty(vars)) vars = (await sessionVars(event).catch(() => null)) ?? vars;
    } catch (error) {
      metrics.storeErrors.inc({ operation: "loadForEvent" });
      return answerUnrecorded(held, event, error, log);
    }

    const outcome = await answerWithBudget(app, event, { sessionId: event.sessionId, vars, logger: log }, deadlines, checker);
    let sent: Sent;
    if (outcome.fallbackReason === null) {
      sent = { answer: outcome.answer, text: outcome.text };
    } else {
      metrics.fallbacks.inc({ reason: outcome.fallbackReason });
      log.error({ err: outcome.error, reason: outcome.fallbackReason, app: app.name }, "app failed to answer a VCA; sending the fallback");
      sent = { ...held.fallback, fallback: outcome.fallbackReason };
    }
    const step = traceOf(app, event, sent.answer);

    try {
      const recorded = await store.recordExchange({
        eventId: event.eventId,
        sessionId: event.sessionId,
        subAccountId: event.subAccountId || null,
        callDirection: event.callDirection || null,
        source: event.source || null,
        destination: event.destination || null,
        received,
        receivedText,
        receivedAt,
        answer: sent.answer,
        answerText: sent.text,
        answeredAt: now(),
        fallbackReason: outcome.fallbackReason,
        // After a failure the handler may have half-changed vars: keep the stored ones.
        vars: outcome.fallbackReason === null ? vars : null,
        flowFingerprint: app.fingerprint ?? null,
        menu: step.menu,
        keys: event.callStatus === "CALL_RECEIVED" ? null : event.dtmf,
        nextMenu: step.nextMenu,
      });
      // A racing duplicate delivery recorded first: everyone gets that first answer.
      if (recorded.answer !== sent.answer) sent = { answer: recorded.answer, text: JSON.stringify(recorded.answer) };
    } catch (error) {
      // The caller still gets the answer; only the record (and replay for a retry) is lost.
      metrics.storeErrors.inc({ operation: "recordExchange" });
      unrecordedBy.recordFailed.inc();
      log.error({ err: error }, "could not record the VCA exchange; answering anyway");
    }
    count(sent.answer, outcome.fallbackReason === null ? "app" : "fallback");
    return sent;
  }

  /**
   * The store could not load the session: no replay (it cannot be looked up), no record. A step
   * the app can answer without stored variables is answered from its bookmark; any other step
   * gets the fallback. Either way the exchange is counted as unrecorded; nothing is kept in memory.
   */
  async function answerUnrecorded(held: HeldApp, event: CallActionEvent, error: unknown, log: Logger): Promise<Sent> {
    unrecordedBy.storeUnavailable.inc();
    const outcome = await answerFromBookmark(held.app, event, { sessionId: event.sessionId, logger: log }, deadlines, checker);
    if (outcome === null) return sendFallback(held, "store_unavailable", error, log);
    if (outcome.fallbackReason !== null) return sendFallback(held, outcome.fallbackReason, outcome.error, log);
    log.warn({ err: error }, "store unavailable: answered the VCA from its bookmark; the exchange is not recorded");
    count(outcome.answer, "bookmark");
    return { answer: outcome.answer, text: outcome.text };
  }

  function sendFallback(held: HeldApp, reason: FallbackReason, error: unknown, log: Logger): Sent {
    metrics.fallbacks.inc({ reason });
    log.error({ err: error, reason }, `${reason === "store_unavailable" ? "store unavailable" : "unexpected error"} while answering a VCA; sending the fallback`);
    count(held.fallback.answer, "fallback");
    return { ...held.fallback, fallback: reason };
  }

  done();
};

const UNKNOWN_STEP: MenuStep = Object.freeze({ menu: null, nextMenu: null });

/** Where the exchange went in the app's menus, for the stored columns; unknown when the app cannot say. */
function traceOf(app: IvrApp, event: CallActionEvent, answer: VcaAnswer): MenuStep {
  try {
    return app.trace?.(event, answer) ?? UNKNOWN_STEP;
  } catch {
    // Reports lose one step; the caller loses nothing.
    return UNKNOWN_STEP;
  }
}

/** Whether a session's variables are empty (no own key), without allocating. */
function isEmpty(vars: StoredVariables): boolean {
  for (const key in vars) if (Object.hasOwn(vars, key)) return false;
  return true;
}
