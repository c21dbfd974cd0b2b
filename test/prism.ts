/**
 * Starts a Prism mock of the 8x8 OpenAPI file (`prism mock --errors`), which answers 4xx/5xx to
 * any request that breaks the file's request schemas or lacks `Authorization: Bearer`. One per
 * test file, on a free port of 127.0.0.1; `stop()` kills the process this helper started.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { openApiPath, repoRoot } from "./shared-files.js";

export interface PrismMock {
  baseUrl: string;
  /** Prism's stdout and stderr so far, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  if (address === null || typeof address === "string") throw new Error("no free port");
  return address.port;
}

export async function startPrism(): Promise<PrismMock> {
  const port = await freePort();
  const bin = resolve(repoRoot, "node_modules/.bin/prism");
  const child: ChildProcess = spawn(bin, ["mock", "-p", String(port), "-h", "127.0.0.1", "--errors", openApiPath], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 45_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prism exited with ${child.exitCode}:\n${output}`);
    try {
      await fetch(`${baseUrl}/`);
      break; // any HTTP answer means it is listening
    } catch {
      if (Date.now() > deadline) {
        child.kill();
        throw new Error(`prism did not start within 45 s:\n${output}`);
      }
      await new Promise((done) => setTimeout(done, 200));
    }
  }
  return {
    baseUrl,
    log: () => output,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once("exit", () => done());
        child.kill();
      }),
  };
}
