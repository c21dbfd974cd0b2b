/**
 * worker-rpc: request/reply with a worker thread, errors carried across, and a shutdown that lets
 * earlier calls finish. The client is `startRpcWorker`; the worker module calls `serveRpc`.
 */
export { startRpcWorker, RpcClient, WorkerGoneError, type Remote, type Methods, type MethodName, type RpcClientOptions } from "./client.js";
export { serveRpc } from "./serve.js";
export { spawnWorker, siblingModule, type WorkerFactory } from "./spawn.js";
export { type WireError } from "./protocol.js";
