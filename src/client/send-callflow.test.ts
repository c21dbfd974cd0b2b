import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FAKE_API_KEY, startFakePlatform, type FakePlatform } from "../../test/fake-platform.js";
import { closedPortUrl, rejectionOf, testClient } from "../../test/client-helpers.js";
import type { Callflow } from "../voice/index.js";
import {
  VoiceInvalidRequestError,
  VoiceNetworkError,
  VoiceSendOutcomeUnknownError,
  VoiceServerError,
} from "./errors.js";
import { VoiceClient } from "./voice-client.js";

const message: Callflow = [
  { action: "makeCall", params: { source: "+6560000001", destination: "+6590000000" } },
  { action: "say", params: { text: "Your parcel arrives today.", voiceProfile: "en-GB-Emma" } },
  { action: "hangup" },
];

let platform: FakePlatform;
beforeEach(async () => {
  platform = await startFakePlatform();
});
afterEach(async () => {
  await platform.close();
});

describe("callflows.send", () => {
  it("posts the callflow with the caller's clientRequestId and returns the session", async () => {
    const { client } = testClient(platform);
    const result = await client.callflows.send({ callflow: message, clientRequestId: "order-42", clientActionId: "start", validUntil: "2999-01-01T00:00:00.000Z" });
    expect(result).toMatchObject({ sessionId: "s-1", sessionStatus: "CREATED", clientRequestId: "order-42" });
    expect(platform.requests[0]).toMatchObject({ method: "POST", path: "/api/v1/subaccounts/acme_ivr/callflows" });
    expect(platform.requests[0]?.body).toEqual({ validUntil: "2999-01-01T00:00:00.000Z", clientRequestId: "order-42", clientActionId: "start", callflow: message });
  });

  it("generates a clientRequestId when none is given, so a lost answer can be reconciled", async () => {
    const { client } = testClient(platform, { generateId: () => "generated-1" });
    const result = await client.callflows.send({ callflow: message });
    expect(result.clientRequestId).toBe("generated-1");
    expect(platform.requests[0]?.body).toMatchObject({ clientRequestId: "generated-1" });
  });

  it("refuses an invalid callflow with 8x8's code and message before any request", async () => {
    const { client } = testClient(platform);
    const error = await rejectionOf(client.callflows.send({ callflow: [{ action: "say", params: { text: "hi", voiceProfile: "en-GB-Emma" } }] }));
    expect(error).toBeInstanceOf(VoiceInvalidRequestError);
    expect(error).toMatchObject({ code: "SB_CLIENT_CALLFLOW_INVALID", statusCode: -1013, path: "$.callflow[0].action" });
    expect(error.message).toContain("(-1013)");
    expect(error.message).toContain("First action should be a MakeCall action");
    expect(platform.requests).toHaveLength(0);
  });

  it("refuses an expired validUntil (-1015) using the injected clock", async () => {
    const { client } = testClient(platform, { now: () => Date.parse("2026-06-01T00:00:00Z") });
    const error = await rejectionOf(client.callflows.send({ callflow: message, validUntil: "2026-05-31T23:59:59Z" }));
    expect(error).toMatchObject({ code: "SB_CLIENT_CALLFLOW_INVALID", statusCode: -1015 });
    expect(platform.requests).toHaveLength(0);
  });

  it("does not resend after a timeout: it throws an outcome-unknown error with the clientRequestId", async () => {
    const { client, sleeps } = testClient(platform, { timeoutMs: 100, retries: 3 });
    platform.script.push({ hang: true });
    const error = await rejectionOf(client.callflows.send({ callflow: message, clientRequestId: "order-43" }));
    expect(error).toBeInstanceOf(VoiceSendOutcomeUnknownError);
    expect(error).toMatchObject({ code: "SB_CLIENT_SEND_OUTCOME_UNKNOWN", clientRequestId: "order-43", attempts: 1 });
    expect(error.message).toContain('clientRequestId "order-43"');
    expect(error.message).toContain("VSS");
    expect(platform.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it("does not resend after the connection drops once the request was sent", async () => {
    const { client } = testClient(platform, { retries: 3, generateId: () => "gen-9" });
    platform.script.push({ drop: true });
    const error = await rejectionOf(client.callflows.send({ callflow: message }));
    expect(error).toBeInstanceOf(VoiceSendOutcomeUnknownError);
    expect(error).toMatchObject({ clientRequestId: "gen-9" });
    expect(platform.requests).toHaveLength(1);
  });

  it("retries when the platform says it did not take the request (429, 503), keeping the same clientRequestId", async () => {
    const { client, sleeps } = testClient(platform, { retries: 3 });
    platform.script.push({ status: 429, headers: { "retry-after": "1" } }, { status: 503 });
    const result = await client.callflows.send({ callflow: message, clientRequestId: "order-44" });
    expect(result.sessionId).toBe("s-1");
    expect(platform.requests.map((r) => (r.body as { clientRequestId: string }).clientRequestId)).toEqual(["order-44", "order-44", "order-44"]);
    expect(sleeps[0]).toBe(1000);
  });

  it("does not retry a 500, which may follow a placed call, and names the clientRequestId", async () => {
    const { client } = testClient(platform, { retries: 3 });
    platform.script.push({ status: 500, body: { sessionStatus: "NOT_CREATED", callFlowRequestId: "cfr-9", statusCode: 500, statusMessage: "Internal server error" } });
    const error = await rejectionOf(client.callflows.send({ callflow: message, clientRequestId: "order-45" }));
    expect(error).toBeInstanceOf(VoiceServerError);
    expect(error).toMatchObject({ requestId: "cfr-9", clientRequestId: "order-45" });
    expect(error.message).toContain('clientRequestId "order-45"');
    expect(platform.requests).toHaveLength(1);
  });

  it("retries a refused connection, which provably never reached the platform", async () => {
    const sleeps: number[] = [];
    const client = new VoiceClient({ apiKey: FAKE_API_KEY, subaccountId: "acme_ivr", baseUrl: await closedPortUrl(), retries: 2, sleep: async (ms) => void sleeps.push(ms) });
    const error = await rejectionOf(client.callflows.send({ callflow: message }));
    expect(error).toBeInstanceOf(VoiceNetworkError);
    expect(error).toMatchObject({ attempts: 3 });
    expect(sleeps).toHaveLength(2);
  });

  it("maps a platform refusal to an invalid-request error with the callFlowRequestId", async () => {
    const { client } = testClient(platform);
    platform.script.push({ status: 422, body: { sessionStatus: "NOT_CREATED", callFlowRequestId: "767ca1b8", statusCode: -1014, statusMessage: "Source or caller ID is not allowed" } });
    const error = await rejectionOf(client.callflows.send({ callflow: message }));
    expect(error).toMatchObject({ code: "SB_CLIENT_INVALID_REQUEST", httpStatus: 422, statusCode: -1014, requestId: "767ca1b8" });
  });
});
