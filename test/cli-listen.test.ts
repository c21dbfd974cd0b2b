/**
 * A port already in use: `serve` and `simulator` say which flag and what to do, as `dev` does,
 * in process and through the real binary (exit 1, SB_CLI_CANNOT_LISTEN).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, runBinary, runCli } from "./cli-helpers.js";
import { repoRoot } from "./shared-files.js";

let held: Server;
let port: number;
beforeAll(async () => {
  held = createServer();
  await new Promise<void>((done) => held.listen(0, "127.0.0.1", done));
  port = (held.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((done) => held?.close(done));
});

const inUse = () => `error: --port: 127.0.0.1:${port} is already in use; stop what holds it or pick another port with --port [SB_CLI_CANNOT_LISTEN]\n`;
const serveArgs = () => ["serve", "examples/restaurant.yaml", "--insecure", "--db", "sqlite::memory:", "--port", String(port)];

describe("a port in use", () => {
  it("serve names --port and what to do (exit 1)", async () => {
    const result = await runCli(serveArgs(), { cwd: repoRoot });
    expect(result).toMatchObject({ code: 1, stdout: "" });
    expect(result.stderr.endsWith(inUse())).toBe(true);
  });

  it("simulator names --port and what to do (exit 1)", async () => {
    const result = await runCli(["simulator", "--port", String(port)]);
    expect(result).toEqual({ code: 1, stdout: "", stderr: inUse() });
  });

  it("reaches the real stderr of the binary, for both", async () => {
    assertBuilt();
    const serve = await runBinary(serveArgs(), { cwd: repoRoot });
    expect(serve.code).toBe(1);
    expect(serve.stderr).toContain(inUse());
    const simulator = await runBinary(["simulator", "--port", String(port)]);
    expect(simulator).toMatchObject({ code: 1, stderr: inUse() });
  });
});
