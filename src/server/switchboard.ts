/**
 * What one mount of the routes holds, built from its options and checked before anything is
 * registered: the resolved limits and clock, the apps by fingerprint, the metrics and the guards.
 * `switchboardPlugin` and `createServer` both start here, so the two refuse the same options with
 * the same `ServerConfigError`, at the call.
 *
 * @example
 * const held = holdSwitchboard({ app, store, authHeader: secret }); // throws on a bad option
 * held.apps.use(reloaded);
 */
import { secretChecker } from "./auth.js";
import { DashboardSessions } from "./dashboard-sessions.js";
import { EventStreams } from "./event-streams.js";
import { checkFallback, DEFAULT_FALLBACK } from "./fallback.js";
import { allowlistGuard, secretGuard, type Guard } from "./guards.js";
import { IvrApps } from "./ivr-apps.js";
import { createMetrics, type ServerMetrics } from "./metrics.js";
import { resolveOptions, type ResolvedOptions, type SwitchboardOptions } from "./options.js";
import { csrfGuard, readAccessGuard } from "./read-access.js";

export interface HeldSwitchboard {
  readonly options: SwitchboardOptions;
  readonly resolved: ResolvedOptions;
  readonly apps: IvrApps;
  readonly metrics: ServerMetrics;
  /** The allowlist (when given) and the webhook secret (unless insecure), for `/webhooks/*`. */
  readonly webhookGuards: Guard[];
  /** The read secret in `Authorization` or a dashboard session cookie (unless insecure without a read secret), for `/api/*`. */
  readonly readGuards: Guard[];
  /** For requests that change something: the read secret, or a dashboard session with its CSRF token. */
  readonly csrfGuard: Guard;
  /** The dashboard's signed-in browsers and one-time sign-in codes. */
  readonly sessions: DashboardSessions;
  /** The open `GET /api/events` streams, which the webhook routes publish to. */
  readonly streams: EventStreams;
}

/** Checks `options` (throwing `ServerConfigError`) and builds what the routes share. */
export function holdSwitchboard(options: SwitchboardOptions): HeldSwitchboard {
  const resolved = resolveOptions(options);
  const apps = new IvrApps(options.app, options.fallback ? checkFallback(options.fallback, "the server's") : DEFAULT_FALLBACK);
  for (const app of options.apps ?? []) apps.add(app);

  const webhookGuards: Guard[] = [];
  if (options.allowlist && options.allowlist.length > 0) webhookGuards.push(allowlistGuard(options.allowlist));
  if (resolved.secret) webhookGuards.push(secretGuard(secretChecker(resolved.secret), "webhook"));
  const readCheck = resolved.readSecret ? secretChecker(resolved.readSecret) : null;
  const sessions = new DashboardSessions(readCheck === null ? null : (secret) => readCheck(secret));
  const readGuards: Guard[] = readCheck === null ? [] : [readAccessGuard(readCheck, sessions)];

  return { options, resolved, apps, metrics: createMetrics(), webhookGuards, readGuards, csrfGuard: csrfGuard(readCheck, sessions), sessions, streams: new EventStreams() };
}
