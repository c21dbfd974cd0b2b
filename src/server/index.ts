/**
 * `server/`: the webhook receiver. `createServer` builds it (`switchboardPlugin` mounts its routes
 * in an app of your own); `startIvrServer` runs it for an IVR on a port, and
 * `registerServerWebhooks` points a platform at it (what `switchboard dev` and the testing kit
 * do); the rest is for embedding and tests.
 */
export { createServer } from "./create-server.js";
export { switchboardPlugin, type SwitchboardPlugin, type DashboardHandle, type LiveEvents } from "./plugin.js";
export type { LiveEventType } from "./event-streams.js";
export type { IvrApps } from "./ivr-apps.js";
export type { ServerOptions, SwitchboardOptions } from "./options.js";
export { DEFAULT_BODY_LIMIT, DEFAULT_HANDLER_TIMEOUT_MS } from "./options.js";
export { DEFAULT_FALLBACK } from "./fallback.js";
export { EIGHT_BY_EIGHT_WEBHOOK_ADDRESSES } from "./allowlist.js";
export { SERVER_ERRORS, ServerConfigError, type ServerErrorCode, type ErrorBody } from "./errors.js";
export type { ServerMetrics } from "./metrics.js";
export { buildIvrServer, startIvrServer, type BuiltIvrServer, type IvrServer, type IvrServerOptions } from "./ivr-server.js";
export {
  registerServerWebhooks,
  WEBHOOK_PATHS,
  SANDBOX_API_KEY,
  SANDBOX_NUMBER,
  SANDBOX_SUBACCOUNT,
  type RegisterWebhooksOptions,
} from "./register-webhooks.js";
export { generateSecret, secretChecker } from "./auth.js";
/** For route groups that plug into the server (the followup module's control API): the same refusals and guards. */
export { sendError } from "./errors.js";
export { secretGuard, allowlistGuard, type Guard } from "./guards.js";
