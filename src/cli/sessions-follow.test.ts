import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { followSessions } from "./sessions-follow.js";

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((done) => (server ? server.close(done) : done(undefined)));
  server = undefined;
});

describe("followSessions", () => {
  it("connects again when a stopping server answers 503 with Retry-After, instead of exiting", async () => {
    const controller = new AbortController();
    let requests = 0;
    server = createServer((_request, response) => {
      requests++;
      if (requests === 1) {
        // A draining server ends the stream, then refuses the reconnect on the open connection.
        response.writeHead(200, { "content-type": "text/event-stream" });
        response.end(`event: summary\ndata: {"sessionId":"s-1","sessionStatus":"COMPLETED"}\n\n`);
      } else if (requests === 2) {
        response.writeHead(503, { "content-type": "application/json", "retry-after": "5" });
        response.end(JSON.stringify({ error: { code: "SB_SERVER_TOO_MANY_STREAMS", message: "the server is stopping; reconnect once it is back" } }));
      } else {
        response.writeHead(200, { "content-type": "text/event-stream" });
        response.write(`event: summary\ndata: {"sessionId":"s-2","sessionStatus":"COMPLETED"}\n\n`);
      }
    });
    await new Promise<void>((done) => server!.listen(0, "127.0.0.1", done));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    let out = "";
    const stdout = {
      write(text: string) {
        out += text;
        if (out.includes("s-2")) controller.abort();
      },
    };
    let err = "";
    await followSessions({ server: url, json: true }, { stdout, stderr: { write: (text: string) => (err += text) }, env: {}, cwd: ".", signal: controller.signal });
    expect(out.trim().split("\n").map((line) => (JSON.parse(line) as { sessionId: string }).sessionId)).toEqual(["s-1", "s-2"]);
    expect(err).toContain("connecting again");
  });
});
