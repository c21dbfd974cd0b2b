/**
 * The worker's half of worker-rpc: makes the target (once, from `workerData`), says whether that
 * worked, then runs each call on it and replies, in the order the calls arrive. A call whose
 * method returns a promise holds the calls behind it until it settles, so a target sees one call
 * at a time whether it is synchronous (better-sqlite3) or not. Messages that are not calls (a
 * test's own hook on the same port, say) are left to whoever listens for them.
 *
 * @example
 * // my-worker.ts
 * serveRpc((data) => ({ add: (a: number, b: number) => a + b }));
 */
import { parentPort, workerData, type MessagePort } from "node:worker_threads";
import { CLOSE_METHOD, toWireError, type RpcBoot, type RpcReply, type RpcRequest } from "./protocol.js";

type Target = Record<string, unknown>;

/** Serves the methods of `init(data)` (the `data` given to startRpcWorker) to the client that started this worker. */
export function serveRpc<T extends object>(init: (data: unknown) => T | Promise<T>): void {
  const port = parentPort;
  if (port === null) throw new Error("serveRpc runs in a worker thread started by startRpcWorker");
  Promise.resolve()
    .then(() => init((workerData as { data: unknown }).data))
    .then(
      (target) => {
        port.postMessage({ rpc: "boot", ok: true } satisfies RpcBoot);
        listen(port, target as Target);
      },
      (error: unknown) => {
        port.postMessage({ rpc: "boot", ok: false, error: toWireError(error) } satisfies RpcBoot);
        port.close();
      },
    );
}

function listen(port: MessagePort, target: Target): void {
  const backlog: RpcRequest[] = [];
  let busy = false;

  const run = (request: RpcRequest): void => {
    let value: unknown;
    try {
      value = invoke(target, request);
    } catch (error) {
      port.postMessage({ rpc: "reply", id: request.id, ok: false, error: toWireError(error) } satisfies RpcReply);
      return;
    }
    if (!isThenable(value)) {
      port.postMessage({ rpc: "reply", id: request.id, ok: true, value } satisfies RpcReply);
      return;
    }
    busy = true;
    value.then(
      (settled) => port.postMessage({ rpc: "reply", id: request.id, ok: true, value: settled } satisfies RpcReply),
      (error: unknown) => port.postMessage({ rpc: "reply", id: request.id, ok: false, error: toWireError(error) } satisfies RpcReply),
    ).then(drain);
  };

  const drain = (): void => {
    busy = false;
    while (!busy && backlog.length > 0) run(backlog.shift() as RpcRequest);
  };

  port.on("message", (message: unknown) => {
    if (!isRequest(message)) return;
    if (busy) backlog.push(message);
    else run(message);
  });
}

function invoke(target: Target, request: RpcRequest): unknown {
  const method = target[request.method];
  if (typeof method === "function") return (method as (...args: unknown[]) => unknown).apply(target, request.args);
  // A target without close() has nothing to release: the client ends the thread.
  if (request.method === CLOSE_METHOD) return undefined;
  throw new Error(`the worker has no method ${JSON.stringify(request.method)}`);
}

function isRequest(message: unknown): message is RpcRequest {
  return typeof message === "object" && message !== null && (message as { rpc?: unknown }).rpc === "call";
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";
}
