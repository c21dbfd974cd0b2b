/**
 * `util/`: general helpers below `voice/` that any layer may import, the simulator included. It
 * imports nothing from other `src/` folders.
 */
export { ERROR_CODES } from "./error-codes.js";
export { SwitchboardError, isSwitchboardError, codesOf, type ErrorCode, type ErrorLayer, type LayerErrorCode } from "./errors.js";
export { deepFreeze, isFrozenPlainData, SharedAnswers, RememberedByIdentity, type AnswerEnvelope } from "./frozen.js";
export { constantTimeEqual } from "./constant-time.js";
export {
  startRpcWorker,
  serveRpc,
  spawnWorker,
  siblingModule,
  RpcClient,
  WorkerGoneError,
  type Remote,
  type Methods,
  type MethodName,
  type RpcClientOptions,
  type WorkerFactory,
  type WireError,
} from "./worker-rpc/index.js";
export { isNestedDeeperThan } from "./json-depth.js";
export { BloomFilter } from "./bloom-filter.js";
export { parseDuration, formatDuration, DURATION_FORMAT } from "./duration.js";
