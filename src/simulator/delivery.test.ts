/**
 * The poster over a transport: what a delivery sends (JSON, its length, the registered secret as
 * Authorization), how each kind of answer is recorded, and a timeout that aborts the request.
 * No socket: the transports here are functions.
 */
import { describe, expect, it } from "vitest";
import { createPoster } from "./delivery.js";
import type { WebhookRequest, WebhookResponse, WebhookTransport } from "./transport.js";

/** A transport that records each request and answers with `answer(request)`. */
function recording(answer: (request: WebhookRequest) => Promise<WebhookResponse>): { transport: WebhookTransport; sent: { url: string; request: WebhookRequest }[] } {
  const sent: { url: string; request: WebhookRequest }[] = [];
  return { sent, transport: { deliver: (url, request) => (sent.push({ url, request }), answer(request)) } };
}

const reply = (status: number, text: string): Promise<WebhookResponse> => Promise.resolve({ status, headers: {}, text });

describe("createPoster", () => {
  it("sends the body as JSON with its byte length, the user agent and the registered secret", async () => {
    const { transport, sent } = recording(() => reply(200, "{}"));
    await createPoster(transport)("http://ivr.test/webhooks/vca", { text: "café" }, "s3cret", 1_000);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.url).toBe("http://ivr.test/webhooks/vca");
    expect(sent[0]!.request.body).toBe('{"text":"café"}');
    expect(sent[0]!.request.headers).toEqual({ "content-type": "application/json", "content-length": "16", "user-agent": "switchboard-simulator", authorization: "s3cret" });
  });

  it("sends no Authorization header when none was registered", async () => {
    const { transport, sent } = recording(() => reply(200, ""));
    await createPoster(transport)("http://ivr.test/vss", {}, undefined, 1_000);
    expect(sent[0]!.request.headers).not.toHaveProperty("authorization");
  });

  it.each([
    ["a JSON answer", 200, '{"callflow":[]}', { status: 200, body: { callflow: [] } }],
    ["an empty answer", 204, "  ", { status: 204 }],
    ["an answer that is not JSON", 500, "<html>", { status: 500, invalidJson: true }],
  ])("records %s", async (_name, status, text, expected) => {
    const { transport } = recording(() => reply(status, text));
    expect(await createPoster(transport)("http://ivr.test/vca", {}, undefined, 1_000)).toEqual(expected);
  });

  it("records no answer by the error's code, else its message", async () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    expect(await createPoster({ deliver: () => Promise.reject(refused) })("http://ivr.test/vca", {}, undefined, 1_000)).toEqual({ status: null, error: "ECONNREFUSED" });
    expect(await createPoster({ deliver: () => Promise.reject(new Error("aborted")) })("http://ivr.test/vca", {}, undefined, 1_000)).toEqual({ status: null, error: "aborted" });
    const throwing: WebhookTransport = {
      deliver: () => {
        throw new Error("no route");
      },
    };
    expect(await createPoster(throwing)("http://ivr.test/vca", {}, undefined, 1_000)).toEqual({ status: null, error: "no route" });
  });

  it("gives up after the timeout and aborts the request", async () => {
    const { transport, sent } = recording(() => new Promise(() => undefined));
    const result = await createPoster(transport)("http://ivr.test/vca", {}, undefined, 20);
    expect(result).toEqual({ status: null, error: "no answer within 20 ms" });
    expect(sent[0]!.request.signal.aborted).toBe(true);
  });

  it("refuses a URL it cannot post to without calling the transport", async () => {
    const { transport, sent } = recording(() => reply(200, ""));
    const post = createPoster(transport);
    expect(await post("not a url", {}, undefined, 1_000)).toEqual({ status: null, error: "invalid URL not a url" });
    expect(await post("ftp://ivr.test/vca", {}, undefined, 1_000)).toEqual({ status: null, error: "unsupported protocol ftp:" });
    expect(sent).toHaveLength(0);
  });
});
