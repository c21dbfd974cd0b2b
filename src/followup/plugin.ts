/**
 * The followup module as a Fastify plugin beside the server's own routes: the control API for
 * outbound calls (behind the control secret) and the dispatcher that places them and retries them
 * from their summaries, started when the server is ready and stopped when it closes. Give the
 * server `summaryJobs` (`createServer({ summaryJobs })`) so summaries leave the jobs it settles.
 *
 * @example
 * const server = createServer({ app, apps: flows.apps(), store, summaryJobs, authHeader });
 * server.register(followupPlugin, { store, flows, send: (input) => client.callflows.send(input), controlAuthHeader });
 */
import type { FastifyPluginCallback } from "fastify";
import type { SendCallflowInput, SendCallflowResult } from "../client/index.js";
import { allowlistGuard, secretChecker, secretGuard, type Guard } from "../server/index.js";
import type { StoreWithOutbound } from "../store/index.js";
import { SwitchboardError } from "../util/index.js";
import { Dispatcher } from "./dispatcher.js";
import type { OutboundFlows } from "./outbound-flows.js";
import type { RetryPolicy } from "./retry-policy.js";
import { callRoutes } from "./routes/calls.js";

/** What `followupPlugin` takes: the store, the outbound flows, how to send, and the control API's secret and limits. */
export interface FollowupOptions {
  /** The server's store: the outbound port lives beside the sessions. */
  store: StoreWithOutbound;
  /** The outbound flows calls can be placed on. */
  flows: OutboundFlows;
  /** Sends one Send Callflow (`client.callflows.send` of a VoiceClient made with `retries: 0`). */
  send(input: SendCallflowInput): Promise<SendCallflowResult>;
  /** The secret the control API requires; without it, `insecure` must be set (local use). */
  controlAuthHeader?: string;
  /** Accept control requests without a secret (local use only). */
  insecure?: boolean;
  /** Addresses allowed to use the control API; everyone when absent. */
  allowlist?: readonly string[];
  /** A flow's retry policy; default its `retry:` block over the defaults (`flows.policyOf`). */
  policyOf?: (flow: string) => RetryPolicy;
  /** Calls per second across everything this server places; default 10. */
  maxCallRate?: number;
  /** The scheduler's clock; default the wall clock. */
  now?: () => Date;
  /** How often the dispatcher ticks; default 250 ms. */
  intervalMs?: number;
}

/** The control API and the dispatcher, as a plugin of the server. */
export const followupPlugin: FastifyPluginCallback<FollowupOptions> = function followupPlugin(server, options, done) {
  if (!options.controlAuthHeader && !options.insecure) {
    done(new SwitchboardError("SB_SERVER_NO_SECRET", "followup: no control secret: set controlAuthHeader (serve --control-auth-header), or insecure for local use"));
    return;
  }
  const now = options.now ?? (() => new Date());
  const guards: Guard[] = [
    ...(options.allowlist && options.allowlist.length > 0 ? [allowlistGuard(options.allowlist)] : []),
    ...(options.controlAuthHeader ? [secretGuard(secretChecker(options.controlAuthHeader), "control API")] : []),
  ];
  const dispatcher = new Dispatcher({
    store: options.store.outbound,
    send: options.send,
    callflowFor: options.flows.callflowFor,
    now,
    ...(options.maxCallRate ? { maxCallRate: options.maxCallRate } : {}),
    ...(options.intervalMs ? { intervalMs: options.intervalMs } : {}),
    onError: (error) => server.log.error({ err: error }, "outbound dispatcher: a round failed; the next one tries again"),
    onAttempt: ({ clientRequestId, outcome }) => {
      if (outcome.kind === "placed") server.log.info({ clientRequestId, sessionId: outcome.sessionId }, "outbound call placed");
      else server.log.warn({ clientRequestId, outcome: outcome.kind, detail: outcome.detail }, "outbound call not placed");
    },
    onSettled: (settled) => server.log.info(settled, settled.retryAt ? "outbound call to be retried" : "outbound call ended"),
  });
  server.register(callRoutes, { store: options.store.outbound, flows: options.flows, now, policyOf: options.policyOf ?? ((flow) => options.flows.policyOf(flow)), guards });
  server.addHook("onReady", async () => dispatcher.start());
  // Before the drain closes the store: no new round starts, and the sends in progress are recorded.
  server.addHook("preClose", async () => dispatcher.stop());
  done();
};
