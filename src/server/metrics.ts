/**
 * The server's Prometheus metrics, in a Registry of its own so two servers in one process (tests,
 * an embedding app with its own metrics) never collide. Rendered by our own small client
 * (./prometheus.ts), cheap enough to count on every request. Labels that come from webhook bodies
 * are folded onto the documented values (anything else is `OTHER`) to keep cardinality bounded.
 *
 * @example
 * const metrics = createMetrics();
 * metrics.fallbacks.inc({ reason: "timeout" });
 * await metrics.registry.metrics(); // text exposition format
 */
import type { onResponseHookHandler } from "fastify";
import { type Counter, type Histogram, Registry } from "./prometheus.js";
import { ACTION_NAMES, SESSION_STATUSES, VCS_CALL_STATUSES } from "../voice/index.js";

/**
 * The server's Prometheus counters and histogram (`fastify.switchboardMetrics`), in a registry
 * of the server's own; `GET /metrics` renders it.
 */
export interface ServerMetrics {
  /** Renders every metric below in the Prometheus text format. */
  registry: Registry;
  /** `switchboard_http_requests_total`: every request by route, method and status code. */
  requests: Counter<"route" | "method" | "status_code">;
  /** `switchboard_http_request_duration_seconds`: time from request to response, by route. */
  latency: Histogram<"route">;
  /**
   * One per answered VCA; `source` is app, bookmark (the store could not load the session, so the
   * app answered from the bookmark alone), fallback or replay (a repeated eventId).
   */
  answers: Counter<"source">;
  /** One per action in each answered callflow. */
  answerActions: Counter<"action">;
  /** `switchboard_vca_fallbacks_total`: VCAs answered with the fallback, by reason (error, timeout, invalid, store_unavailable). */
  fallbacks: Counter<"reason">;
  /**
   * `switchboard_vca_unrecorded_total`: VCAs answered whose exchange the store does not hold, by
   * reason: store_unavailable (the session could not be loaded: answered from the bookmark or with
   * the fallback, nothing recorded) or record_failed (answered, then the record failed).
   */
  unrecorded: Counter<"reason">;
  /** `switchboard_vss_received_total`: summaries received, by session status and outcome (stored, duplicate, refused, failed). */
  summaries: Counter<"session_status" | "outcome">;
  /** `switchboard_vcs_received_total`: call statuses (VCS) received, by call status. */
  callStatuses: Counter<"call_status">;
  /** `switchboard_store_errors_total`: store operations that failed, by operation. */
  storeErrors: Counter<"operation">;
}

const known = (values: readonly string[]) => {
  const set = new Set(values);
  return (value: string) => (set.has(value) ? value : "OTHER");
};
export const sessionStatusLabel = known(SESSION_STATUSES);
export const callStatusLabel = known(VCS_CALL_STATUSES);
export const actionLabel = known(ACTION_NAMES);

/**
 * A fresh set of the server's metrics in a registry of its own; `registry.metrics()` renders them
 * in the Prometheus text format for `GET /metrics`.
 *
 * @example
 * const metrics = createMetrics();
 * metrics.answers.inc({ source: "app" });
 * metrics.latency.observe({ route: "/webhooks/vca" }, 0.004);
 */
export function createMetrics(): ServerMetrics {
  const registry = new Registry();
  return {
    registry,
    requests: registry.counter({ name: "switchboard_http_requests_total", help: "HTTP requests by route, method and status code", labelNames: ["route", "method", "status_code"] }),
    latency: registry.histogram({
      name: "switchboard_http_request_duration_seconds",
      help: "Time from request to response, by route",
      labelNames: ["route"],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    }),
    answers: registry.counter({ name: "switchboard_vca_answers_total", help: "VCA answers sent, by source (app, bookmark, fallback, replay)", labelNames: ["source"] }),
    answerActions: registry.counter({ name: "switchboard_vca_answer_actions_total", help: "Actions in the callflows sent as VCA answers, by action", labelNames: ["action"] }),
    fallbacks: registry.counter({ name: "switchboard_vca_fallbacks_total", help: "VCAs answered with the fallback, by reason (error, timeout, invalid, store_unavailable)", labelNames: ["reason"] }),
    unrecorded: registry.counter({
      name: "switchboard_vca_unrecorded_total",
      help: "VCAs answered whose exchange the store does not hold, by reason (store_unavailable, record_failed)",
      labelNames: ["reason"],
    }),
    summaries: registry.counter({ name: "switchboard_vss_received_total", help: "Session summaries received, by session status and outcome (stored, duplicate, refused, failed)", labelNames: ["session_status", "outcome"] }),
    callStatuses: registry.counter({ name: "switchboard_vcs_received_total", help: "Call status events received, by call status", labelNames: ["call_status"] }),
    storeErrors: registry.counter({ name: "switchboard_store_errors_total", help: "Store operations that failed, by operation", labelNames: ["operation"] }),
  };
}

/**
 * The `onResponse` hook that counts every request of its encapsulation context by route, method
 * and status, and times it. One function for the mount: no closure per request. A request that
 * matched no route is counted under `unmatched`.
 *
 * @example
 * server.addHook("onResponse", countResponses(metrics));
 */
export function countResponses(metrics: ServerMetrics): onResponseHookHandler {
  return (request, reply, done) => {
    const route = request.routeOptions.url ?? "unmatched";
    metrics.requests.inc({ route, method: request.method, status_code: String(reply.statusCode) });
    metrics.latency.observe({ route }, reply.elapsedTime / 1000);
    done();
  };
}
