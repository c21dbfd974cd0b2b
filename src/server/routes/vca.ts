/**
 * `POST /webhooks/vca`: read the delivery, replay a cached answer for a repeated eventId, else ask
 * the app under its time budget, fall back when it fails, persist, answer. The caller is on the
 * line: every path ends in a valid callflow, even when the store is down.
 */
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { CallActionEvent, IvrApp, Logger } from "../../ivr/index.js";
import type { FallbackReason, Store, StoredVariables } from "../../store/index.js";
import type { VcaAnswer } from "../../voice/index.js";
import { sendError } from "../errors.js";
import { answerWithBudget } from "../fallback.js";
import { actionLabel, type ServerMetrics } from "../metrics.js";
import { readVca } from "../read-webhook.js";

export interface VcaRouteDeps {
  app: IvrApp;
  store: Store;
  fallback: VcaAnswer;
  handlerTimeoutMs: number;
  now: () => Date;
  metrics: ServerMetrics;
  guards: { onRequest: ((request: FastifyRequest, reply: FastifyReply) => Promise<void>)[] };
}

/**
 * The handler's logger: every line carries sessionId and eventId. A plain wrapper, because a
 * pino child per request costs more than the rest of the VCA's logging put together.
 */
function sessionLogger(base: FastifyBaseLogger, sessionId: string, eventId: string): Logger {
  const line = (level: "debug" | "info" | "warn" | "error") => (obj: object | string, msg?: string) => {
    if (typeof obj === "string") base[level]({ sessionId, eventId }, obj);
    else base[level]({ sessionId, eventId, ...obj }, msg);
  };
  return { debug: line("debug"), info: line("info"), warn: line("warn"), error: line("error") };
}

export function registerVcaRoute(server: FastifyInstance, deps: VcaRouteDeps): void {
  const { app, store, fallback, handlerTimeoutMs, now, metrics } = deps;

  const count = (answer: VcaAnswer, source: "app" | "fallback" | "replay") => {
    metrics.answers.inc({ source });
    for (const action of answer.callflow) metrics.answerActions.inc({ action: actionLabel(action.action) });
  };

  server.post("/webhooks/vca", { onRequest: deps.guards.onRequest }, async (request, reply) => {
    const receivedAt = now();
    const read = readVca(request.body);
    if (!read.ok) return sendError(reply, "SB_SERVER_INVALID_FIELD", read.message, read.field);
    const event = read.value;
    const log = sessionLogger(request.log, event.sessionId, event.eventId);
    try {
      return await answer(event, request.body, receivedAt, log);
    } catch (error) {
      // A bug of ours must not leave the caller in silence either.
      return sendFallback("error", error, log);
    }
  });

  async function answer(event: CallActionEvent, received: unknown, receivedAt: Date, log: Logger): Promise<VcaAnswer> {
    let vars: StoredVariables;
    try {
      const loaded = await store.loadForEvent(event.eventId, event.sessionId);
      if (loaded.cachedAnswer) {
        count(loaded.cachedAnswer, "replay");
        return loaded.cachedAnswer;
      }
      vars = loaded.vars;
    } catch (error) {
      metrics.storeErrors.inc({ operation: "loadForEvent" });
      return sendFallback("store_unavailable", error, log);
    }

    const outcome = await answerWithBudget(app, event, { sessionId: event.sessionId, vars, logger: log }, handlerTimeoutMs);
    let sent: VcaAnswer;
    if (outcome.fallbackReason === null) {
      sent = outcome.answer;
    } else {
      metrics.fallbacks.inc({ reason: outcome.fallbackReason });
      log.error({ err: outcome.error, reason: outcome.fallbackReason, app: app.name }, "app failed to answer a VCA; sending the fallback");
      sent = fallback;
    }

    try {
      const recorded = await store.recordExchange({
        eventId: event.eventId,
        sessionId: event.sessionId,
        subAccountId: event.subAccountId || null,
        callDirection: event.callDirection || null,
        source: event.source || null,
        destination: event.destination || null,
        received,
        receivedAt,
        answer: sent,
        answeredAt: now(),
        fallbackReason: outcome.fallbackReason,
        // After a failure the handler may have half-changed vars: keep the stored ones.
        vars: outcome.fallbackReason === null ? vars : null,
      });
      // A racing duplicate delivery recorded first: everyone gets that first answer.
      sent = recorded.answer;
    } catch (error) {
      // The caller still gets the answer; only the record (and replay for a retry) is lost.
      metrics.storeErrors.inc({ operation: "recordExchange" });
      log.error({ err: error }, "could not record the VCA exchange; answering anyway");
    }
    count(sent, outcome.fallbackReason === null ? "app" : "fallback");
    return sent;
  }

  function sendFallback(reason: FallbackReason, error: unknown, log: Logger): VcaAnswer {
    metrics.fallbacks.inc({ reason });
    log.error({ err: error, reason }, `${reason === "store_unavailable" ? "store unavailable" : "unexpected error"} while answering a VCA; sending the fallback`);
    count(fallback, "fallback");
    return fallback;
  }
}
