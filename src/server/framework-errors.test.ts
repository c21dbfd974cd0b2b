/**
 * Refusals before any route runs carry an SB_ code like every other: what the router and Node's
 * HTTP parser cannot read. Over real HTTP (the parser's refusals never reach `inject`).
 */
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { echoApp } from "../../test/echo-app.js";
import { startServer, tempDir, type Harness } from "../../test/server-harness.js";

const dir = tempDir("switchboard-framework-errors-");
let h: Harness;
beforeAll(async () => {
  h = await startServer(echoApp(), { dbPath: `${dir.path}/f.db` });
});
afterAll(async () => {
  await h.close();
  dir.remove();
});

/** Sends raw bytes and returns the whole answer (the server closes the connection after it). */
function raw(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(new URL(h.url).port), "127.0.0.1", () => socket.write(text));
    let answer = "";
    socket.setTimeout(10_000, () => socket.destroy(new Error("no answer within 10 s")));
    socket.on("data", (chunk) => (answer += chunk.toString()));
    socket.on("close", () => resolve(answer));
    socket.on("error", reject);
  });
}

describe("refusals before any route", () => {
  it("answers a URL that is not valid percent-encoding with 400 SB_SERVER_BAD_REQUEST", async () => {
    const answer = await h.get("/api/sessions/%ZZ");
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ error: { code: "SB_SERVER_BAD_REQUEST" } });
  });

  it("reads a 256-character session id, and answers an id past the router's limit with 404 SB_SERVER_NOT_FOUND", async () => {
    expect((await h.get(`/api/sessions/${"s".repeat(256)}`)).json).toMatchObject({ error: { code: "SB_SERVER_NOT_FOUND" } });
    const long = await h.get(`/api/sessions/${"s".repeat(2_000)}`);
    expect(long.status).toBe(404);
    expect(long.json).toMatchObject({ error: { code: "SB_SERVER_NOT_FOUND" } });
  });

  it("answers a request the HTTP parser cannot read with 400 SB_SERVER_BAD_REQUEST, and headers over 16 KB with 431", async () => {
    const lying = await raw("POST /webhooks/vss HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}");
    expect(lying).toMatch(/^HTTP\/1\.1 400 /);
    expect(lying).toContain('"code":"SB_SERVER_BAD_REQUEST"');
    const huge = await raw(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`);
    expect(huge).toMatch(/^HTTP\/1\.1 431 /);
    expect(huge).toContain('"code":"SB_SERVER_HEADERS_TOO_LARGE"');
  });
});
