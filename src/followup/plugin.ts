/**
 * The followup module beside the server's own routes: the control API for outbound calls (behind
 * the control secret; its campaign reads also take the read API's access, for the dashboard) and the dispatcher that places them and retries them from their summaries,
 * started when the server is ready and stopped before it closes. `createFollowup` gives the two
 * options the server needs from it (it never imports this module): `summaryJobs`, so summaries
 * leave the jobs the dispatcher settles, and `sessionVars`, so an outbound session's flow reads
 * the variables its call was placed with.
 *
 * @example
 * const followup = createFollowup({ store, flows, send: (input) => client.callflows.send(input), controlAuthHeader });
 * const server = createServer({ app, apps: flows.apps(), store, authHeader, ...followup.serverOptions });
 * await followup.register(server);
 */
import type { FastifyBaseLogger, FastifyInstance, FastifyPluginCallback } from "fastify";
import type { SendCallflowInput, SendCallflowResult } from "../client/index.js";
import type { CallActionEvent } from "../ivr/index.js";
import { allowlistGuard, secretChecker, secretGuard, type Guard } from "../server/index.js";
import type { JobInput, StoredSummary, StoredVariables, StoreWithOutbound } from "../store/index.js";
import { Dispatcher } from "./dispatcher.js";
import type { OutboundFlows } from "./outbound-flows.js";
import type { RetryPolicy } from "./retry-policy.js";
import { callRoutes } from "./routes/calls.js";
import { campaignReadRoutes } from "./routes/campaign-reads.js";
import { campaignRoutes } from "./routes/campaigns.js";
import { readGuardsFor } from "./routes/read-guards.js";
import type { FollowupClock } from "./followup-clock.js";
import { FORWARD_JOB, OutcomeForwarder } from "./outcome-forwarder.js";
import { summaryJobsFor, type SummaryJobPayload } from "./summary-jobs.js";

/** What `createFollowup` takes: the store, the outbound flows, how to send, and the control API's secret and limits. */
export interface FollowupOptions {
  /** The server's store: the outbound port lives beside the sessions. */
  store: StoreWithOutbound;
  /** The outbound flows calls can be placed on. */
  flows: OutboundFlows;
  /** Sends one Send Callflow (`client.callflows.send` of a VoiceClient made with `retries: 0`). */
  send(input: SendCallflowInput): Promise<SendCallflowResult>;
  /** The secret the control API requires; without it (and without `insecure`) there is no control API and nothing new is placed. */
  controlAuthHeader?: string;
  /** Serve the control API without a secret (local use only). */
  insecure?: boolean;
  /** Addresses allowed to use the control API; everyone when absent. */
  allowlist?: readonly string[];
  /**
   * The read API's guards, which also let the dashboard read campaigns (`GET /api/campaigns...`,
   * never a change); default the server's `switchboardDashboard.access.read` (what `createServer`
   * decorates). Give `switchboardPlugin(...).dashboard.access.read` when mounting in a host app.
   */
  readAccess?: readonly Guard[];
  /** A flow's retry policy; default its `retry:` block over the defaults (`flows.policyOf`). */
  policyOf?: (flow: string) => RetryPolicy;
  /** Calls per second across everything this server places; default 10. */
  maxCallRate?: number;
  /** The scheduler's clock; default the wall clock. */
  now?: () => Date;
  /**
   * The scheduler's clock as a `FollowupClock` (`instantClock` for simulated time); its `now` wins
   * over `now`. Give the server the same `now`.
   */
  clock?: FollowupClock;
  /** How often the dispatcher ticks; default 250 ms. */
  intervalMs?: number;
  /** Post each session's classified outcome to this URL, from a durable outbox (`--forward-outcomes`). */
  forwardOutcomes?: { url: string; authHeader?: string };
  /**
   * Called once each session (inbound too) has its summary stored and settled, with the summary as
   * stored and its classification; at least once (again after a crash before it was marked done).
   */
  onSessionEnd?(summary: StoredSummary, outcome: SummaryJobPayload): void | Promise<void>;
}

/** The followup module, made for one server (see the module comment). */
export interface Followup {
  /** Spread into `createServer`'s options. */
  readonly serverOptions: {
    summaryJobs: (summary: { sessionId: string; payload: unknown; receivedAt: Date }) => JobInput[];
    sessionVars: (event: CallActionEvent) => Promise<StoredVariables | null>;
  };
  /** Registers the control API and the dispatcher on the server (before it listens). */
  register(server: FastifyInstance): Promise<void>;
  /** The dispatcher, for tests and tools that drive it themselves. */
  readonly dispatcher: Dispatcher;
}

/** Sessions whose starting variables are remembered (a first VCA may be followed by a few without any). */
const REMEMBERED_SESSIONS = 10_000;
/** Longest wait for sends in progress, so a VCA that beats its send's record still finds its request. */
const SEND_RECORD_WAIT_MS = 500;

/**
 * Makes the followup module for one server. Without a control secret (or `insecure`) it serves no
 * control API; retries of calls already stored, forwarded outcomes and `onSessionEnd` still run.
 */
export function createFollowup(options: FollowupOptions): Followup {
  const controlled = Boolean(options.controlAuthHeader) || options.insecure === true;
  const now = options.clock?.now ?? options.now ?? (() => new Date());
  let log: FastifyBaseLogger | undefined;
  const forwarder = options.forwardOutcomes
    ? new OutcomeForwarder({
        store: options.store.outbound,
        url: options.forwardOutcomes.url,
        ...(options.forwardOutcomes.authHeader ? { authHeader: options.forwardOutcomes.authHeader } : {}),
        now,
        onFailure: (failure) => log?.warn(failure, "outcome not forwarded yet; it will be sent again"),
      })
    : undefined;
  const dispatcher = new Dispatcher({
    store: options.store.outbound,
    send: options.send,
    callflowFor: options.flows.callflowFor,
    now,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(forwarder ? { moreJobKinds: [FORWARD_JOB] } : {}),
    ...(options.maxCallRate ? { maxCallRate: options.maxCallRate } : {}),
    ...(options.intervalMs ? { intervalMs: options.intervalMs } : {}),
    onError: (error) => log?.error({ err: error }, "outbound dispatcher: a round failed; the next one tries again"),
    onAttempt: ({ clientRequestId, outcome }) => {
      if (outcome.kind === "placed") log?.info({ clientRequestId, sessionId: outcome.sessionId }, "outbound call placed");
      else log?.warn({ clientRequestId, outcome: outcome.kind, detail: outcome.detail }, "outbound call not placed");
    },
    onSettled: (settled) => log?.info(settled, settled.retryAt ? "outbound call to be retried" : "outbound call ended"),
    ...(options.onSessionEnd ? { onSummary: (summary: SummaryJobPayload) => endOfSession(summary) } : {}),
    ...(forwarder ? { eachRound: () => forwardRound() } : {}),
    // Without a control API there is no way to send (serve --forward-outcomes alone): calls
    // stored by an earlier run wait for a server that can place them, instead of failing here.
    placeCalls: controlled,
  });
  // On the real clock the forwarder runs beside the rounds, not inside them: a receiver that
  // hangs must not hold up placing and settling calls. On a simulated clock it runs inside, so
  // the clock sees its work as due.
  let forwarding: Promise<void> | undefined;
  function forwardRound(): Promise<void> {
    if (!forwarder) return Promise.resolve();
    if (options.clock && options.clock.mode !== "real") return forwarder.tick();
    forwarding ??= forwarder
      .tick()
      .catch((error: unknown) => log?.error({ err: error }, "outcome forwarder: a round failed; the next one tries again"))
      .finally(() => {
        forwarding = undefined;
      });
    return Promise.resolve();
  }
  async function endOfSession(summary: SummaryJobPayload): Promise<void> {
    const stored = (await options.store.getSession(summary.sessionId))?.summary;
    if (stored) await options.onSessionEnd?.(stored, summary);
  }
  const remembered = new Map<string, StoredVariables>();
  const sessionVars = async (event: CallActionEvent): Promise<StoredVariables | null> => {
    const known = remembered.get(event.sessionId);
    if (known) return known;
    let found = await options.store.outbound.findAttempt({ sessionId: event.sessionId });
    if (!found && dispatcher.sendsInProgress() > 0) {
      // The platform can deliver the first VCA before Send Callflow's answer is recorded.
      await Promise.race([dispatcher.idle(), new Promise((resolve) => setTimeout(resolve, SEND_RECORD_WAIT_MS).unref())]);
      found = await options.store.outbound.findAttempt({ sessionId: event.sessionId });
    }
    if (!found) return null;
    // Only what was found is remembered: another instance may have placed the call, or its send
    // may be recorded a moment later, and the session's next VCA must still find it.
    const vars = { ...found.request.vars };
    if (remembered.size >= REMEMBERED_SESSIONS) remembered.delete(remembered.keys().next().value as string);
    remembered.set(event.sessionId, vars);
    return vars;
  };
  const plugin: FastifyPluginCallback = (server, _options, done) => {
    log = server.log;
    const controlCheck = options.controlAuthHeader ? secretChecker(options.controlAuthHeader) : null;
    const guards: Guard[] = [
      ...(options.allowlist && options.allowlist.length > 0 ? [allowlistGuard(options.allowlist)] : []),
      ...(controlCheck ? [secretGuard(controlCheck, "control API")] : []),
    ];
    // Reads take the control secret or the read API's access; changes take the control secret only.
    const readAccess = options.readAccess ?? (server as Partial<Pick<FastifyInstance, "switchboardDashboard">>).switchboardDashboard?.access.read;
    const readGuards = readGuardsFor({ controlled, controlCheck, controlGuards: guards, readAccess });
    const policyOf = options.policyOf ?? ((flow: string) => options.flows.policyOf(flow));
    if (controlled) {
      server.register(callRoutes, { store: options.store.outbound, flows: options.flows, now, policyOf, guards });
      server.register(campaignRoutes, { store: options.store.outbound, flows: options.flows, now, policyOf, guards });
    }
    if (readGuards) server.register(campaignReadRoutes, { store: options.store.outbound, guards: readGuards });
    server.addHook("onReady", async () => dispatcher.start());
    // Before the drain closes the store: no new round starts, and the sends in progress are recorded.
    server.addHook("preClose", async () => {
      await dispatcher.stop();
      await forwarding;
    });
    done();
  };
  return {
    serverOptions: { summaryJobs: summaryJobsFor({ everySession: options.onSessionEnd !== undefined, forward: forwarder !== undefined }), sessionVars },
    register: async (server) => {
      await server.register(plugin);
    },
    dispatcher,
  };
}
