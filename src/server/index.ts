/**
 * `server/`: the webhook receiver. `createServer` builds it; the rest is for embedding and tests.
 */
export { createServer } from "./create-server.js";
export type { ServerOptions } from "./options.js";
export { DEFAULT_BODY_LIMIT, DEFAULT_HANDLER_TIMEOUT_MS } from "./options.js";
export { DEFAULT_FALLBACK } from "./fallback.js";
export { EIGHT_BY_EIGHT_WEBHOOK_ADDRESSES } from "./allowlist.js";
export { SERVER_ERRORS, ServerConfigError, type ServerErrorCode, type ErrorBody } from "./errors.js";
export type { ServerMetrics } from "./metrics.js";
