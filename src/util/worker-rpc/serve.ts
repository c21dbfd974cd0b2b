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
  // The client's own channel (see client.ts); the worker's parentPort stays free for others.
  const port = (workerData as { port?: MessagePort } | null)?.port ?? parentPort;
  if (!port) throw new Error("serveRpc runs in a worker thread started by startRpcWorker");
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
      reply(port, request.id, value);
      return;
    }
    busy = true;
    value.then(
      (settled) => reply(port, request.id, settled),
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

/**
 * Posts a result; one that cannot be cloned (a function, or a value nested so deeply that cloning
 * overflows the stack) becomes an error reply instead of an uncaught error that would end the thread.
 */
function reply(port: MessagePort, id: number, value: unknown): void {
  try {
    port.postMessage({ rpc: "reply", id, ok: true, value } satisfies RpcReply);
  } catch (error) {
    const why = toWireError(error);
    port.postMessage({ rpc: "reply", id, ok: false, error: { ...why, message: `the worker could not send its result back: ${why.message}` } } satisfies RpcReply);
  }
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
