/**
 * A small request/reply channel to a worker thread (the client half; the worker runs `serveRpc`).
 * `call("method", ...args)` runs that method of the worker's target and resolves with its result;
 * calls are answered in the order sent. What it promises:
 *
 * - Start: `startRpcWorker` resolves once the worker's target is made, and rejects with the reason
 *   when it could not be (the target threw, the module would not load, or it took too long).
 * - Errors: an error thrown in the worker rejects its call, rebuilt by `reviveError`.
 * - Lifetime: the worker never keeps the process alive by itself. It is unref'd while no call is
 *   waiting, so a server is kept alive by its socket and a script by its pending calls.
 * - Death: if the thread ends while open, every waiting and later call rejects with a
 *   `WorkerGoneError` naming why, and `onExit` listeners hear of it once. Replies the worker
 *   posted before it went are delivered first.
 * - Shutdown: `close()` calls the target's `close()` after every call sent before it, then ends
 *   the thread. Idempotent; later calls are refused.
 *
 * @example
 * const rpc = await startRpcWorker<{ add(a: number, b: number): number }>({ entry: siblingModule(import.meta.url, "adder"), name: "adder" });
 * await rpc.call("add", 1, 2); // 3
 * await rpc.close();
 */
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from "node:worker_threads";
import { CLOSE_METHOD, reviveWireError, type RpcBoot, type RpcReply, type RpcRequest, type WireError } from "./protocol.js";
import { spawnWorker, type WorkerFactory } from "./spawn.js";

/** The worker's target methods as the client sees them: same arguments, results as promises. */
export type Methods<T> = { [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never };
export type MethodName<T> = { [K in keyof T]: T[K] extends (...args: never[]) => unknown ? K : never }[keyof T] & string;

/** What the write-behind store (and any user) needs of a remote target: worker or, in tests, in-thread. */
export interface Remote<T> {
  call<K extends MethodName<T>>(method: K, ...args: Parameters<Methods<T>[K]>): ReturnType<Methods<T>[K]>;
  /** Null while calls are served; else why they are refused (closed, or the worker is gone). */
  readonly refusal: string | null;
  /** Called once if the worker ends while open (not when closed), with the reason. */
  onExit(listener: (reason: string) => void): void;
  close(): Promise<void>;
}

export interface RpcClientOptions {
  /** The worker module, which calls `serveRpc` (see `siblingModule` for `.js`/`.ts`). */
  entry: URL;
  /** Given to the worker's `init` (structured clone). */
  data?: unknown;
  /** Names the worker in messages: "the SQLite worker". */
  name: string;
  /** How long the worker may take to make its target; default 30 s. */
  bootTimeoutMs?: number;
  /** Rebuilds an error thrown in the worker; default: an Error with the same name, message and code. */
  reviveError?: (wire: WireError) => Error;
  /** Makes the Worker; default `spawnWorker`. Tests inject one to crash or kill the thread. */
  factory?: WorkerFactory;
}

/** A call refused because the worker is closed or gone. */
export class WorkerGoneError extends Error {
  override readonly name = "WorkerGoneError";
}

interface Waiting {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** Starts the worker and resolves once its target is ready; rejects with the reason otherwise. */
export async function startRpcWorker<T>(options: RpcClientOptions): Promise<RpcClient<T>> {
  // A channel of its own, not the worker's parentPort: measured cheaper per call on the VCA path
  // (the Worker object re-emits every parentPort message), and parentPort stays free for others.
  const { port1: port, port2 } = new MessageChannel();
  const worker = (options.factory ?? spawnWorker)(options.entry, { workerData: { data: options.data, port: port2 }, transferList: [port2] });
  worker.unref();
  const revive = options.reviveError ?? reviveWireError;
  const timeoutMs = options.bootTimeoutMs ?? 30_000;
  await new Promise<void>((resolve, reject) => {
    let crash: string | undefined;
    const fail = (reason: Error) => {
      cleanup();
      void worker.terminate();
      reject(reason);
    };
    const onMessage = (message: RpcBoot) => {
      if (message?.rpc !== "boot") return;
      if (message.ok) {
        cleanup();
        resolve();
      } else fail(revive(message.error));
    };
    const onError = (error: Error) => (crash ??= error.message);
    const onExit = (code: number) => fail(new WorkerGoneError(`${options.name} could not start: ${crash ?? `it exited with code ${code}`}`));
    const timer = setTimeout(() => fail(new WorkerGoneError(`${options.name} did not start within ${timeoutMs / 1000} s`)), timeoutMs);
    function cleanup() {
      clearTimeout(timer);
      port.off("message", onMessage);
      worker.off("error", onError).off("exit", onExit);
    }
    port.on("message", onMessage);
    worker.on("error", onError).on("exit", onExit);
  }).catch((error: unknown) => {
    port.close();
    throw error;
  });
  port.unref();
  return new RpcClient<T>(worker, port, options.name, revive);
}

export class RpcClient<T> implements Remote<T> {
  private refusalReason: string | null = null;
  private crash: string | undefined;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  private readonly exitListeners: ((reason: string) => void)[] = [];
  private readonly exited: Promise<void>;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly worker: Worker,
    private readonly port: MessagePort,
    private readonly name: string,
    private readonly revive: (wire: WireError) => Error,
  ) {
    port.on("message", (message: RpcReply) => {
      if (message?.rpc === "reply") this.settle(message);
    });
    // Handled here, never thrown in this thread: the exit that follows says the rest.
    worker.on("error", (error: Error) => (this.crash ??= error.message));
    this.exited = new Promise((resolve) => worker.once("exit", (code: number) => resolve(this.ended(code))));
  }

  get refusal(): string | null {
    return this.refusalReason;
  }

  onExit(listener: (reason: string) => void): void {
    this.exitListeners.push(listener);
  }

  call<K extends MethodName<T>>(method: K, ...args: Parameters<Methods<T>[K]>): ReturnType<Methods<T>[K]> {
    if (this.refusalReason !== null) return Promise.reject(new WorkerGoneError(this.refusalReason)) as ReturnType<Methods<T>[K]>;
    return this.send(method, args) as ReturnType<Methods<T>[K]>;
  }

  private send(method: string, args: unknown[]): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      try {
        // Throws, before anything is sent, for what cannot be cloned.
        this.port.postMessage({ rpc: "call", id, method, args } satisfies RpcRequest);
      } catch (error) {
        reject(error);
        return;
      }
      this.waiting.set(id, { resolve, reject });
      if (this.waiting.size === 1) this.port.ref();
    });
  }

  private settle(reply: RpcReply): void {
    const waiting = this.waiting.get(reply.id);
    if (!waiting) return;
    this.waiting.delete(reply.id);
    if (this.waiting.size === 0 && this.closing === undefined) this.port.unref();
    if (reply.ok) waiting.resolve(reply.value);
    else waiting.reject(this.revive(reply.error));
  }

  private ended(code: number): void {
    // Replies the worker posted before it went are still in the channel: they count.
    for (let message = receiveMessageOnPort(this.port); message; message = receiveMessageOnPort(this.port)) {
      const reply = message.message as RpcReply;
      if (reply?.rpc === "reply") this.settle(reply);
    }
    const reason = `${this.name} stopped (${this.crash ?? `exit code ${code}`})`;
    const wasOpen = this.refusalReason === null;
    this.refusalReason ??= reason;
    for (const [, waiting] of this.waiting) waiting.reject(new WorkerGoneError(reason));
    this.waiting.clear();
    this.port.close();
    if (wasOpen) for (const listener of this.exitListeners) listener(reason);
  }

  /** Lets the worker finish every call sent before, run its target's close(), then ends the thread. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    if (this.refusalReason !== null) return this.exited;
    this.refusalReason = `${this.name} is closed`;
    this.worker.ref();
    try {
      await this.send(CLOSE_METHOD, []);
    } catch {
      // The target's close failed or the worker died meanwhile: either way the thread ends now.
    }
    await this.worker.terminate();
    await this.exited;
  }
}
