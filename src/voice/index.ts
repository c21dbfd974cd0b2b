/**
 * `voice/`: the 8x8 Voice wire model. Schemas, the types derived from them, 8x8's status codes
 * and `validateCallflow`. Pure: no I/O, no clock, no randomness.
 */
export * from "./actions.js";
export * from "./requests.js";
export * from "./webhooks.js";
export * from "./resources.js";
export * from "./events.js";
export * from "./status-codes.js";
export * from "./validate-callflow.js";
export * from "./phone-numbers.js";
export * from "./normalize.js";
export * from "./json-schemas.js";
export * from "./session-outcome.js";
