/**
 * The public API of switchboard-ivr. Heavier parts have subpaths of their own
 * (`switchboard-ivr/simulator`, `switchboard-ivr/testing`).
 */
export * from "./voice/index.js";
export * from "./client/index.js";
export * from "./ivr/index.js";
export * from "./store/index.js";
export * from "./server/index.js";
export * from "./followup/index.js";
export { ERROR_CODES, SwitchboardError, isSwitchboardError, type ErrorCode, type ErrorLayer, type LayerErrorCode } from "./util/index.js";
