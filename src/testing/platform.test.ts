/**
 * The testing kit against a server that is not ours (a bare node:http receiver): it registers
 * the webhooks with the given secret and paths, the call runs, and the read API calls say
 * clearly that there is no read API rather than returning nothing.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReadApiError, startTestPlatform, type TestPlatform } from "./index.js";

const V = "en-US-BenjaminRUS";
const received: { url: string; auth: string | undefined }[] = [];
let receiver: Server;
let platform: TestPlatform;

function readBody(request: IncomingMessage): Promise<{ payload: { callStatus?: string; eventData?: { dtmf: string | null } } }> {
  return new Promise((done) => {
    let text = "";
    request.on("data", (chunk: Buffer) => (text += chunk.toString()));
    request.on("end", () => done(JSON.parse(text)));
  });
}

beforeAll(async () => {
  receiver = createServer(async (request, response) => {
    if (request.method !== "POST") return void response.writeHead(404).end();
    const body = await readBody(request);
    received.push({ url: request.url ?? "", auth: request.headers.authorization });
    const answer =
      request.url === "/hooks/vca"
        ? body.payload.callStatus === "CALL_RECEIVED"
          ? { callflow: [{ action: "sayAndCapture", params: { promptMessage: "Press 1.", voiceProfile: V, maxDigits: 1 } }] }
          : { callflow: [{ action: "say", params: { text: `You pressed ${body.payload.eventData?.dtmf}.`, voiceProfile: V } }, { action: "hangup" }] }
        : {};
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify(answer));
  });
  await new Promise<void>((done) => receiver.listen(0, "127.0.0.1", done));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  platform = await startTestPlatform({ url, authHeader: "their-secret", paths: { VCA: "/hooks/vca", VSS: "/hooks/vss", VCS: null } });
});

afterAll(async () => {
  await platform?.close();
  await new Promise<void>((done) => receiver?.close(() => done()));
});

describe("startTestPlatform against any webhook server", () => {
  it("drives a call through a server that is not Switchboard, sending its secret to its paths", async () => {
    const call = await platform.dial({ press: ["1"] });
    expect(call.heard).toEqual(["Press 1.", "You pressed 1."]);
    expect(call.summary).toMatchObject({ sessionStatus: "COMPLETED", lastAction: "HANGUP" });
    expect(new Set(received.map((r) => r.url))).toEqual(new Set(["/hooks/vca", "/hooks/vss"]));
    expect(received.every((r) => r.auth === "their-secret")).toBe(true);
  });

  it("says there is no read API instead of reporting no sessions", async () => {
    await expect(platform.sessions()).rejects.toBeInstanceOf(ReadApiError);
    await expect(platform.session("x")).rejects.toThrow(/read API|HTTP/);
    await expect(platform.sessions()).rejects.toMatchObject({ code: "SB_TESTING_NO_READ_API", status: 404 });
  });

  it("refuses options naming no target, or a url together with a flow", async () => {
    await expect(startTestPlatform({})).rejects.toThrow(/one of flow, app or url/);
    await expect(startTestPlatform({ url: "http://127.0.0.1:1", flow: "x.yaml" })).rejects.toThrow(/cannot be combined/);
    await expect(startTestPlatform({})).rejects.toMatchObject({ name: "TestingError", code: "SB_TESTING_BAD_OPTION" });
    await expect(startTestPlatform({ url: "http://127.0.0.1:1", inProcess: true })).rejects.toThrow(/inProcess: true cannot be combined with url "http:\/\/127\.0\.0\.1:1"/);
    await expect(startTestPlatform({ flow: "x.yaml", inProcess: "yes" as unknown as boolean })).rejects.toThrow(/inProcess: "yes" is invalid; expected true or false/);
  });
});
