/**
 * Starts test/faults/fixtures/fault-server.ts as a child process (the server under attack) and
 * talks to it: its port, its memory after full collections, its error log.
 *
 * @example
 * const server = await startFaultServer("sqlite:/tmp/x/faults.db");
 * const { heapUsed } = await server.memory();
 * await server.close();
 */
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

export interface FaultServer {
  readonly port: number;
  readonly url: string;
  /** process.memoryUsage() of the server's process after full collections. */
  memory(): Promise<NodeJS.MemoryUsage>;
  /** The last of what the server logged (errors only), for a failure message. */
  log(): string;
  /** Whether the process is still running. */
  alive(): boolean;
  close(): Promise<void>;
}

const entry = fileURLToPath(new URL("./fixtures/fault-server.ts", import.meta.url));

type Reply = { port?: number; memory?: NodeJS.MemoryUsage; error?: string };

/** Waits (at most `ms`) for the child's next IPC message that has `key`. */
function nextReply(child: ChildProcess, key: keyof Reply, ms: number, log: () => string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`fault server: no ${key} within ${ms} ms; log: ${log()}`)), ms);
    const onMessage = (message: Reply) => {
      if (message.error) done(new Error(`fault server: ${message.error}`));
      else if (message[key] !== undefined) done(null, message);
    };
    const onExit = (code: number | null) => done(new Error(`fault server exited (${code}) before ${key}; log: ${log()}`));
    function done(error: Error | null, message?: Reply) {
      clearTimeout(timer);
      child.off("message", onMessage);
      child.off("exit", onExit);
      if (error) reject(error);
      else resolve(message!);
    }
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}

/** Starts the server under attack over the store `db` names (a `sqlite:` or `postgres://` URL). */
export async function startFaultServer(db: string): Promise<FaultServer> {
  const child = fork(entry, [], {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, FAULT_DB: db },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    // Only the tail is kept: a flood of errors must not grow this process.
    output = (output + chunk.toString()).slice(-20_000);
  };
  // pino writes to stdout, a crash to stderr: both are the server's log.
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const log = () => output;
  const { port } = await nextReply(child, "port", 60_000, log);
  return {
    port: port!,
    url: `http://127.0.0.1:${port}`,
    async memory() {
      const reply = nextReply(child, "memory", 30_000, log);
      child.send({ measure: true });
      return (await reply).memory!;
    },
    log,
    alive: () => child.exitCode === null && child.signalCode === null,
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      child.send({ close: true });
      await exited;
      clearTimeout(timer);
    },
  };
}
