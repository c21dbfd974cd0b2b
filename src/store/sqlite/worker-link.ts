/**
 * The main thread's end of the SQLite store's worker: opens it synchronously, sends it requests
 * (each with an id, answered in order over one MessagePort) and notices when it is gone.
 *
 * - `open` blocks until the worker has opened and migrated the database (or failed to), so
 *   `openSqliteStore` stays synchronous and throws the same StoreErrors as before.
 * - The worker never keeps the process alive by itself: it is unref'd, and the port is ref'd only
 *   while a request waits for its reply. A server is kept alive by its socket, a script by its
 *   pending requests; an idle store left open does not hold the process (as before the worker).
 * - If the worker dies, every waiting and later request rejects with an UNAVAILABLE StoreError,
 *   and `onDeath` listeners hear of it once. Its `error` event is handled here, never thrown.
 *
 * @example
 * const link = WorkerLink.open({ path: "a.db", exclusive: true, busyTimeoutMs: 5000, checkpointIntervalMs: 1000 });
 * const page = await link.call("listSessions", "listSessions", { limit: 10 });
 * await link.close();
 */
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from "node:worker_threads";
import { STORE_ERROR_CODES, StoreError, unavailable } from "../errors.js";
import {
  fromWireError,
  type BootReply,
  type DatabaseOperations,
  type DatabaseOptions,
  type OperationName,
  type WorkerReply,
  type WorkerRequest,
} from "./protocol.js";
import { startWorker } from "./start-worker.js";

/** How long `open` waits for the worker to open the database (a migration of a big file included). */
const BOOT_TIMEOUT_MS = 30_000;

interface Waiting {
  operation: string;
  resolve(value: unknown): void;
  reject(error: StoreError): void;
}

export class WorkerLink {
  /** Why requests are refused (closed, or the worker is gone); null while the worker serves. */
  private downReason: string | null = null;
  private closing: Promise<void> | undefined;
  private crash: string | undefined;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  private readonly deathListeners: ((reason: string) => void)[] = [];
  private readonly exited: Promise<void>;

  /** Starts the worker and waits for it to open the database; throws a StoreError when it cannot. */
  static open(options: DatabaseOptions): WorkerLink {
    const { port1, port2 } = new MessageChannel();
    const signal = new Int32Array(new SharedArrayBuffer(4));
    let worker: Worker;
    try {
      worker = startWorker({ options, signal, port: port2 }, [port2]);
    } catch (error) {
      port1.close();
      throw unavailable(`opening ${options.path}`, error);
    }
    worker.unref();
    // Until the link listens, a crash must not become an uncaught error in this thread.
    const ignore = (): void => undefined;
    worker.on("error", ignore);
    const waited = Atomics.wait(signal, 0, 0, BOOT_TIMEOUT_MS);
    const reply = receiveMessageOnPort(port1)?.message as BootReply | undefined;
    if (reply?.ok !== true) {
      port1.close();
      void worker.terminate();
      if (reply) throw fromWireError(reply.error, `opening ${options.path}`);
      const why = waited === "timed-out" ? `did not open it within ${BOOT_TIMEOUT_MS / 1000} s` : "stopped before it opened it";
      throw new StoreError(STORE_ERROR_CODES.UNAVAILABLE, `store unavailable during opening ${options.path}: the SQLite worker ${why}`);
    }
    const link = new WorkerLink(worker, port1);
    worker.off("error", ignore);
    return link;
  }

  private constructor(
    private readonly worker: Worker,
    private readonly port: MessagePort,
  ) {
    port.on("message", (reply: WorkerReply) => this.settle(reply));
    port.unref();
    worker.on("error", (error: Error) => {
      this.crash ??= error.message;
    });
    this.exited = new Promise((resolve) => {
      worker.once("exit", (code: number) => {
        this.died(code);
        resolve();
      });
    });
  }

  /** Null while requests are served; else why they are refused, for the StoreError's message. */
  get down(): string | null {
    return this.downReason;
  }

  /** Called once if the worker dies while open (not when closed); with the reason. */
  onDeath(listener: (reason: string) => void): void {
    this.deathListeners.push(listener);
  }

  /**
   * Runs one database operation in the worker. `operation` names the store method for errors
   * ("store unavailable during <operation>: ..."). Requests are answered in the order sent.
   */
  call<K extends OperationName>(operation: string, op: K, ...args: Parameters<DatabaseOperations[K]>): Promise<ReturnType<DatabaseOperations[K]>> {
    if (this.downReason !== null) return Promise.reject(unavailable(operation, new Error(this.downReason)));
    return this.send(operation, { id: 0, op, args } as WorkerRequest) as Promise<ReturnType<DatabaseOperations[K]>>;
  }

  private send(operation: string, request: WorkerRequest): Promise<unknown> {
    const id = this.nextId++;
    request.id = id;
    return new Promise((resolve, reject) => {
      try {
        // Throws (before anything is sent) for what cannot be cloned.
        this.port.postMessage(request);
      } catch (error) {
        reject(unavailable(operation, error));
        return;
      }
      this.waiting.set(id, { operation, resolve, reject });
      if (this.waiting.size === 1) this.port.ref();
    });
  }

  private settle(reply: WorkerReply): void {
    const waiting = this.waiting.get(reply.id);
    if (!waiting) return;
    this.waiting.delete(reply.id);
    if (this.waiting.size === 0) this.port.unref();
    if (reply.ok) waiting.resolve(reply.value);
    else waiting.reject(fromWireError(reply.error, waiting.operation));
  }

  private died(code: number): void {
    // Replies the worker posted before it went are still in the port: they count.
    for (let message = receiveMessageOnPort(this.port); message; message = receiveMessageOnPort(this.port)) {
      this.settle(message.message as WorkerReply);
    }
    const reason = `the SQLite worker stopped (${this.crash ?? `exit code ${code}`})`;
    const wasOpen = this.downReason === null;
    this.downReason ??= reason;
    for (const [, waiting] of this.waiting) waiting.reject(unavailable(waiting.operation, new Error(reason)));
    this.waiting.clear();
    this.port.close();
    if (wasOpen) for (const listener of this.deathListeners) listener(reason);
  }

  /**
   * Lets the worker finish what was sent before (the store posts its queue first), close the
   * database, then ends the thread. Idempotent; later requests are refused as closed.
   */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    if (this.downReason !== null) return this.exited;
    this.downReason = "the database is closed";
    this.worker.ref();
    try {
      await this.send("close", { id: 0, op: "close", args: [] });
    } catch {
      // The worker died while closing: it has nothing left to close.
    }
    await this.worker.terminate();
    await this.exited;
  }

  /** Test hook: the worker dies as if it crashed (an uncaught error) or were killed; resolves once it is gone. */
  stop(how: "crash" | "terminate"): Promise<void> {
    this.worker.ref();
    if (how === "crash") this.port.postMessage({ id: 0, op: "crash", args: [] } satisfies WorkerRequest);
    else void this.worker.terminate();
    return this.exited;
  }
}
