import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { RpcClient, spawnWorker, startRpcWorker, WorkerGoneError, type WorkerFactory } from "./index.js";
import { inheritedWorkerFlags } from "./spawn.js";

interface Target {
  add(a: number, b: number): number;
  later(label: string, ms: number): Promise<string>;
  now(label: string): string;
  order(): string[];
  fail(message: string): never;
  uncloneable(): unknown;
  deep(levels: number): unknown;
  close(): void;
}

const entry = new URL("../../../test/fixtures/rpc-worker.ts", import.meta.url);

/** Starts the fixture worker and keeps its Worker, so a test can crash or kill it. */
async function start(data?: unknown): Promise<{ rpc: RpcClient<Target>; worker: () => Worker }> {
  let made: Worker | undefined;
  const factory: WorkerFactory = (url, options) => (made = spawnWorker(url, options));
  const rpc = await startRpcWorker<Target>({ entry, data, name: "the test worker", factory });
  return { rpc, worker: () => made as Worker };
}

describe("worker-rpc", () => {
  it("runs a method in the worker and resolves with its result", async () => {
    const { rpc } = await start();
    await expect(rpc.call("add", 2, 3)).resolves.toBe(5);
    await rpc.close();
  });

  it("answers calls in the order sent, a slow asynchronous one holding those behind it", async () => {
    const { rpc } = await start();
    const results = await Promise.all([rpc.call("later", "first", 50), rpc.call("now", "second"), rpc.call("later", "third", 1)]);
    expect(results).toEqual(["first", "second", "third"]);
    expect(await rpc.call("order")).toEqual(["first", "second", "third"]);
    await rpc.close();
  });

  it("rejects a call whose method throws with the error's name, message and code", async () => {
    const { rpc } = await start();
    await expect(rpc.call("fail", "out of range: 7")).rejects.toMatchObject({ name: "RangeError", message: "out of range: 7", code: "E_RANGE" });
    await expect(rpc.call("add", 1, 1)).resolves.toBe(2);
    await rpc.close();
  });

  it("rebuilds errors with the client's own reviver", async () => {
    class Mine extends Error {}
    const rpc = await startRpcWorker<Target>({ entry, name: "the test worker", reviveError: (wire) => new Mine(`mine: ${wire.message}`) });
    await expect(rpc.call("fail", "x")).rejects.toEqual(new Mine("mine: x"));
    await rpc.close();
  });

  it("rejects a call whose result cannot be sent back, and goes on serving", async () => {
    const { rpc } = await start();
    await expect(rpc.call("uncloneable")).rejects.toThrow(/could not send its result back/);
    await expect(rpc.call("deep", 200_000)).rejects.toThrow(/could not send its result back/);
    await expect(rpc.call("add", 2, 2)).resolves.toBe(4);
    await rpc.close();
  });

  it("rejects an unknown method by name", async () => {
    const { rpc } = await start();
    await expect((rpc as unknown as RpcClient<{ nope(): void }>).call("nope")).rejects.toThrow(/no method "nope"/);
    await rpc.close();
  });

  it("fails to start with the target's own error when it cannot be made", async () => {
    await expect(startRpcWorker<Target>({ entry, data: { failBoot: "no database here" }, name: "the test worker" })).rejects.toMatchObject({
      message: "no database here",
      code: "E_BOOT",
    });
  });

  it("fails to start, naming the worker, when its module cannot load", async () => {
    const missing = new URL("./no-such-worker.js", import.meta.url);
    await expect(startRpcWorker<Target>({ entry: missing, name: "the test worker" })).rejects.toThrow(/the test worker could not start/);
  });

  it("runs the target's close after every earlier call, then refuses calls as closed", async () => {
    const { rpc } = await start();
    const pending = rpc.call("later", "before close", 20);
    const closed = rpc.close();
    await expect(pending).resolves.toBe("before close");
    await closed;
    await rpc.close();
    expect(rpc.refusal).toMatch(/the test worker is closed/);
    await expect(rpc.call("add", 1, 2)).rejects.toBeInstanceOf(WorkerGoneError);
  });

  it("rejects waiting and later calls once the worker crashes, and tells onExit once", async () => {
    const { rpc, worker } = await start();
    const exits: string[] = [];
    rpc.onExit((reason) => exits.push(reason));
    const waiting = rpc.call("later", "never", 10_000);
    worker().postMessage({ hook: "crash" });
    await expect(waiting).rejects.toThrow(/the test worker stopped \(told to crash\)/);
    await expect(rpc.call("add", 1, 2)).rejects.toBeInstanceOf(WorkerGoneError);
    expect(exits).toEqual([expect.stringMatching(/told to crash/)]);
    await rpc.close();
    expect(exits).toHaveLength(1);
  });

  it("notices a worker that was terminated from outside", async () => {
    const { rpc, worker } = await start();
    await worker().terminate();
    await expect(rpc.call("add", 1, 2)).rejects.toThrow(/the test worker stopped \(exit code 1\)/);
  });

  it("does not keep the process alive once idle, but does while a call waits", async () => {
    const rpcModule = fileURLToPath(new URL("./index.ts", import.meta.url));
    const script = `
      import { startRpcWorker } from ${JSON.stringify(rpcModule)};
      const rpc = await startRpcWorker({ entry: new URL(${JSON.stringify(entry.href)}), name: "w" });
      rpc.call("later", "done", 200).then((label) => process.stdout.write(label));
    `;
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    clearTimeout(timer);
    expect({ code, out, err }).toEqual({ code: 0, out: "done", err: "" });
  });
});

describe("the flags a worker inherits", () => {
  it("keeps loaders and preloads with their values, and drops per-process flags a worker refuses", () => {
    expect(
      inheritedWorkerFlags([
        "--max-old-space-size=512",
        "--import",
        "tsx",
        "--expose-gc",
        "--require=./preload.cjs",
        "--input-type",
        "module",
        "--enable-source-maps",
        "--conditions=development",
        "--stack-size=2000",
      ]),
    ).toEqual(["--import", "tsx", "--require=./preload.cjs", "--enable-source-maps", "--conditions=development"]);
  });
});
