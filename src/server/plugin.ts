/**
 * Every route of the server as one Fastify plugin, each route group an encapsulated plugin of its
 * own inside it (in routes/): the webhooks (`POST /webhooks/vca`, `/webhooks/vss`,
 * `/webhooks/vcs`), the read API (`GET /api/sessions`, `/api/sessions/:id`), its reports
 * (`GET /api/stats`, `/api/stats/series`, `/api/flows/edges`), the flows (`GET /api/flows`), the
 * live feed (`GET /api/events`), the dashboard's sign-in (`GET`, `POST`, `DELETE /api/session`),
 * the dashboard's page and assets (`GET /`, `/assets/:file`; not with `dashboard: false`),
 * `GET /healthz` and `GET /metrics`. `switchboardPlugin` mounts them in a host app (under a
 * prefix, in a context of their own); `createServer` mounts the very same body at the root of an
 * instance it builds, so the standalone server is the plugin and nothing more.
 * See docs/server.md, "Mounting in your own Fastify app".
 */
import type { FastifyInstance, FastifyPluginCallback, RegisterOptions } from "fastify";
import { installErrorHandler, installNotFoundHandler } from "./error-handler.js";
import { ServerConfigError } from "./errors.js";
import type { Guard } from "./guards.js";
import type { IvrApps } from "./ivr-apps.js";
import { countResponses, type ServerMetrics } from "./metrics.js";
import type { SwitchboardOptions } from "./options.js";
import { keepRawJsonText } from "./raw-json.js";
import { loadDashboardAssets } from "./dashboard-assets.js";
import type { LiveEventType } from "./event-streams.js";
import { dashboardRoutes } from "./routes/dashboard.js";
import { dashboardSessionRoutes } from "./routes/dashboard-session.js";
import { deliveryRoutes } from "./routes/deliveries.js";
import { eventRoutes } from "./routes/events.js";
import { flowRoutes } from "./routes/flows.js";
import { healthRoutes } from "./routes/health.js";
import { readApiRoutes } from "./routes/read-api.js";
import { reportRoutes } from "./routes/reports.js";
import { vcaRoutes } from "./routes/vca.js";
import { reportStoreIncidents } from "./store-incidents.js";
import { holdSwitchboard, type HeldSwitchboard } from "./switchboard.js";
import { publishWebhookEvents } from "./webhook-events.js";

/** The dashboard's handle: one-time sign-in codes for a link such as `switchboard dev` prints. */
export interface DashboardHandle {
  /**
   * A code that signs a browser in once, within 60 s, when opened as `<server>/?code=<code>`
   * (the page trades it for a session cookie and removes it from the address bar); null when the
   * server has no read secret, so there is nothing to sign in to.
   */
  signInCode(): string | null;
  /**
   * The dashboard's access checks, for routes added beside it on the same mount (`switchboard
   * dev`'s phone): `read` lets a request through with the read secret in `Authorization` or a
   * signed-in dashboard's cookie (as `GET /api/sessions`); `change` is for requests that change
   * something: the read secret, or a session cookie with its CSRF token in `x-switchboard-csrf`
   * (as `DELETE /api/session`). Use them as `onRequest` hooks.
   *
   * @example
   * app.post("/api/thing", { onRequest: server.switchboardDashboard.access.change }, handler);
   */
  readonly access: { readonly read: readonly Guard[]; readonly change: readonly Guard[] };
}

/**
 * The live feed of `GET /api/events`: whether anyone listens, and a way to publish. The webhook
 * routes publish `vca`, `answer` and `summary`; the follow-up module publishes `outcome`.
 */
export interface LiveEvents {
  /** Whether an event stream is open: check it before building an event. */
  readonly listening: boolean;
  /** Sends `data` (serialised as JSON once) as an event of `type` to every open stream. */
  publish(type: LiveEventType, data: unknown): void;
}

/** The handles of one mount that a host app or `createServer` hands on. */
function handlesOf(held: HeldSwitchboard): { dashboard: DashboardHandle; events: LiveEvents } {
  const { sessions, streams } = held;
  return {
    dashboard: { signInCode: () => sessions.mintCode(), access: { read: [...held.readGuards], change: [held.csrfGuard] } },
    events: {
      get listening() {
        return streams.listening;
      },
      publish: (type, data) => streams.publish(type, data),
    },
  };
}

/**
 * A Fastify plugin serving one IVR's webhooks, read API and reports, live feed, dashboard,
 * `/healthz` and `/metrics`, with the handles a host app needs: `metrics` (what `createServer`
 * decorates as `switchboardMetrics`) and `apps` (`switchboardApps`: `apps.use(app)` gives new
 * calls another flow). Register it once.
 */
export interface SwitchboardPlugin extends FastifyPluginCallback {
  /** The mount's own Prometheus registry and counters; `GET <prefix>/metrics` renders them. */
  readonly metrics: ServerMetrics;
  /** The IVR apps it answers with, by fingerprint. */
  readonly apps: IvrApps;
  /** The dashboard's one-time sign-in codes. */
  readonly dashboard: DashboardHandle;
  /** The live feed of `GET <prefix>/api/events`. */
  readonly events: LiveEvents;
}

/**
 * Sets up `instance`'s encapsulation context and registers the route groups in it: a JSON-only
 * body parser that keeps the raw text, with the mount's body limit; the error handler (and, when
 * the mount owns its paths, the 404 handler) giving `{ error: { code, message, field? } }`; the
 * request metrics hook; the store's incident reports; closing the store when asked.
 */
function mountSwitchboard(instance: FastifyInstance, held: HeldSwitchboard, ownsPaths: boolean): void {
  const { options, resolved, apps, metrics } = held;
  // Webhooks are JSON only: with no other parser in this context, any other type gets 415, even
  // when the host app parses forms or text for its own routes.
  instance.removeAllContentTypeParsers();
  keepRawJsonText(instance, resolved.bodyLimit);
  installErrorHandler(instance);
  if (ownsPaths) installNotFoundHandler(instance);
  instance.addHook("onResponse", countResponses(metrics));
  // Before the routes: it adds the live feed's publishing hook to the VCA and VSS routes as they are declared.
  instance.addHook("onRoute", publishWebhookEvents(held.streams, instance.log));
  // Open event streams never end by themselves: end them before anything waits for requests to finish.
  instance.addHook("preClose", (done) => {
    held.streams.close();
    done();
  });
  reportStoreIncidents(options.store, metrics, instance.log);

  const store = options.store;
  const now = resolved.now;
  instance.register(vcaRoutes, { apps, store, handlerTimeoutMs: resolved.handlerTimeoutMs, now, metrics, guards: { onRequest: held.webhookGuards }, ...(options.sessionVars ? { sessionVars: options.sessionVars } : {}) });
  instance.register(deliveryRoutes, { store, now, metrics, guards: { onRequest: held.webhookGuards }, ...(options.summaryJobs ? { summaryJobs: options.summaryJobs } : {}) });
  instance.register(readApiRoutes, { store, metrics, now, guards: { onRequest: held.readGuards } });
  instance.register(reportRoutes, { store, metrics, now, guards: { onRequest: held.readGuards } });
  instance.register(eventRoutes, { streams: held.streams, guards: { onRequest: held.readGuards } });
  instance.register(flowRoutes, { apps, guards: { onRequest: held.readGuards } });
  instance.register(dashboardSessionRoutes, { sessions: held.sessions, csrf: held.csrfGuard });
  if (options.dashboard !== false) instance.register(dashboardRoutes, { assets: loadDashboardAssets(options.dashboard?.assetsDir) });
  instance.register(healthRoutes, { store, apps, metrics });

  if (options.closeStore) instance.addHook("onClose", async () => store.close());
}

function isFastifyInstance(value: unknown): boolean {
  const candidate = value as Partial<FastifyInstance> | null;
  return typeof candidate === "object" && candidate !== null && typeof candidate.register === "function" && typeof candidate.decorate === "function";
}

/**
 * Makes the webhook server a plugin for a Fastify app of your own: `POST <prefix>/webhooks/vca`,
 * `/webhooks/vss`, `/webhooks/vcs`; `GET <prefix>/api/sessions[/:id]`, the reports
 * `<prefix>/api/stats`, `/api/stats/series` and `/api/flows/edges`, `<prefix>/api/flows` and the
 * live feed `<prefix>/api/events`; the dashboard at `<prefix>/` with its `<prefix>/assets/:file`
 * (`dashboard: false` leaves both to the host) and its sign-in, `GET`, `POST` and
 * `DELETE <prefix>/api/session` (mounted either way); `<prefix>/healthz` and `<prefix>/metrics`,
 * answering exactly as `createServer`'s do. The options are checked now, as
 * `createServer` checks them (a `ServerConfigError` naming the option); `logger` and `trustProxy`
 * are not among them, since the host's instance has its own.
 *
 * Inside its encapsulation context it has its own JSON parser (other content types get 415), body
 * limit (`bodyLimit`, default 64 KB), error handler, auth guards, request metrics and, when
 * registered with a `prefix`, 404 handler for that prefix; the host's routes, parsers, limits and
 * handlers are untouched. Draining on SIGTERM, `return503OnClosing`, logging and `trustProxy`
 * are the host's.
 *
 * @example
 * const app = Fastify({ logger: true });
 * const switchboard = switchboardPlugin({ app: await loadIvr("./restaurant.yaml"), store, authHeader: process.env.SECRET });
 * await app.register(switchboard, { prefix: "/ivr" }); // 8x8 posts to https://example.com/ivr/webhooks/vca
 * switchboard.apps.use(await loadIvr("./restaurant-v2.yaml")); // new calls get v2
 */
export function switchboardPlugin(options: SwitchboardOptions): SwitchboardPlugin {
  if (isFastifyInstance(options)) {
    // app.register(switchboardPlugin, { ... }) calls this with the instance as its options. Fastify
    // does not catch a plugin's synchronous throw, but it awaits a promise the plugin returns, so
    // the refusal reaches register() and ready() as a rejection.
    return Promise.reject(
      new ServerConfigError("SB_SERVER_BAD_OPTION", 'switchboardPlugin: registered without being called; expected app.register(switchboardPlugin({ app, store, authHeader }), { prefix: "/ivr" })'),
    ) as never;
  }
  const held = holdSwitchboard(options);
  let mountedAt: string | undefined;
  const plugin: FastifyPluginCallback = function switchboard(instance, registerOptions, done) {
    if (mountedAt !== undefined) {
      done(new ServerConfigError("SB_SERVER_BAD_OPTION", `switchboardPlugin: this plugin is already mounted at "${mountedAt || "/"}"; expected one switchboardPlugin(options) call per mount`));
      return;
    }
    mountedAt = instance.prefix;
    // The 404 handler only for a prefix of its own: without one the host's paths are its own.
    mountSwitchboard(instance, held, Boolean((registerOptions as RegisterOptions).prefix));
    done();
  };
  return Object.assign(plugin, { metrics: held.metrics, apps: held.apps, ...handlesOf(held) });
}

/**
 * `createServer`'s mount: the same body at the root of the instance (no encapsulation: Fastify's
 * `skip-override`, as fastify-plugin sets it), owning every path, so an unknown route and a
 * request that matched none get the server's error body and are counted, as before the plugin.
 */
export function rootSwitchboard(options: SwitchboardOptions): {
  plugin: FastifyPluginCallback;
  metrics: ServerMetrics;
  apps: IvrApps;
  dashboard: DashboardHandle;
  events: LiveEvents;
  /** Ends the open event streams; `createServer` calls it before its drain. */
  closeStreams(): void;
} {
  const held = holdSwitchboard(options);
  const plugin: FastifyPluginCallback = function switchboardRoot(instance, _options, done) {
    mountSwitchboard(instance, held, true);
    done();
  };
  Object.assign(plugin, { [Symbol.for("skip-override")]: true });
  return { plugin, metrics: held.metrics, apps: held.apps, ...handlesOf(held), closeStreams: () => held.streams.close() };
}
