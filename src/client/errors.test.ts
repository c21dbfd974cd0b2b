import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakePlatform, type FakePlatform } from "../../test/fake-platform.js";
import { rejectionOf, testClient } from "../../test/client-helpers.js";
import {
  VoiceAuthenticationError,
  VoiceClientError,
  VoiceInvalidRequestError,
  VoiceNotFoundError,
  VoiceRateLimitError,
  VoiceServerError,
  VoiceUnexpectedResponseError,
} from "./errors.js";
import { VoiceClient } from "./voice-client.js";

let platform: FakePlatform;
beforeEach(async () => {
  platform = await startFakePlatform();
});
afterEach(async () => {
  await platform.close();
});

describe("error mapping", () => {
  it("maps 401 to an authentication error that says to check EIGHTX8_API_KEY", async () => {
    const client = new VoiceClient({ apiKey: "wrong-key", subaccountId: "acme_ivr", baseUrl: platform.baseUrl });
    const error = await rejectionOf(client.webhooks.list());
    expect(error).toBeInstanceOf(VoiceAuthenticationError);
    expect(error).toMatchObject({ code: "SB_CLIENT_AUTH", httpStatus: 401, statusCode: 401, statusMessage: "Authentication header not found or token invalid" });
    expect(error.message).toMatch(/^the API key was refused \(401.*\): check EIGHTX8_API_KEY/);
  });

  it("maps 403 to an authentication error with its own code", async () => {
    const { client } = testClient(platform);
    platform.script.push({ status: 403, body: {} });
    const error = await rejectionOf(client.webhooks.list());
    expect(error).toBeInstanceOf(VoiceAuthenticationError);
    expect(error).toMatchObject({ code: "SB_CLIENT_FORBIDDEN", httpStatus: 403 });
    expect(error.message).toContain("check EIGHTX8_SUBACCOUNT_ID");
  });

  it("maps an unknown subaccount (404) to a not-found error naming the platform's message", async () => {
    const { client } = testClient(platform, { subaccountId: "nobody_here" });
    const error = await rejectionOf(client.webhooks.list());
    expect(error).toBeInstanceOf(VoiceNotFoundError);
    expect(error).toMatchObject({ code: "SB_CLIENT_NOT_FOUND", httpStatus: 404, statusMessage: "SubAccount not found by Id : nobody_here" });
    expect(error.message).toContain("check EIGHTX8_SUBACCOUNT_ID");
  });

  it("maps 422 to an invalid-request error carrying 8x8's code and errorId as request id", async () => {
    const { client } = testClient(platform);
    platform.script.push({ status: 422, body: { errorId: "1aa1fc32-8e07-11ea-864e-1961d882f548", statusCode: "1001", statusMessage: "Invalid JSON request body", timestamp: "2026-01-01T00:00:00Z" } });
    const error = await rejectionOf(client.webhooks.create({ type: "VCA", url: "https://ivr.example.com/vca" }));
    expect(error).toBeInstanceOf(VoiceInvalidRequestError);
    expect(error).toMatchObject({ code: "SB_CLIENT_INVALID_REQUEST", httpStatus: 422, statusCode: "1001", requestId: "1aa1fc32-8e07-11ea-864e-1961d882f548" });
    expect(error.message).toContain('422, 1001 "Invalid JSON request body"');
    expect(platform.requests).toHaveLength(1);
  });

  it("maps 400 without retrying", async () => {
    const { client } = testClient(platform);
    platform.script.push({ status: 400, body: { statusCode: 400, statusMessage: "Bad request" } });
    expect(await rejectionOf(client.webhooks.list())).toBeInstanceOf(VoiceInvalidRequestError);
    expect(platform.requests).toHaveLength(1);
  });

  it("takes the request id from a response header when the body has none", async () => {
    const { client } = testClient(platform, { retries: 0 });
    platform.script.push({ status: 500, body: {}, headers: { "x-request-id": "req-77" } });
    const error = await rejectionOf(client.numbers.list());
    expect(error).toBeInstanceOf(VoiceServerError);
    expect(error).toMatchObject({ code: "SB_CLIENT_SERVER", requestId: "req-77", attempts: 1 });
  });

  it("maps a 429 that persists to a rate-limit error with the last Retry-After", async () => {
    const { client } = testClient(platform, { retries: 1 });
    platform.script.push({ status: 429, body: {}, headers: { "retry-after": "2" } }, { status: 429, body: {}, headers: { "retry-after": "3" } });
    const error = await rejectionOf(client.webhooks.list());
    expect(error).toBeInstanceOf(VoiceRateLimitError);
    expect(error).toMatchObject({ code: "SB_CLIENT_RATE_LIMITED", retryAfterMs: 3000, attempts: 2 });
    expect(error.message).toContain("wait and retry later");
  });

  it("reports an answer that is not JSON as unexpected, pointing at the base URL", async () => {
    const { client } = testClient(platform);
    platform.script.push({ status: 200, body: "<html>proxy login</html>" });
    const error = await rejectionOf(client.webhooks.list());
    expect(error).toBeInstanceOf(VoiceUnexpectedResponseError);
    expect(error).toMatchObject({ code: "SB_CLIENT_UNEXPECTED_RESPONSE" });
    expect(error.message).toContain("EIGHTX8_BASE_URL");
  });

  it("makes every error a VoiceClientError with a stable code", async () => {
    const { client } = testClient(platform, { retries: 0 });
    for (const status of [401, 403, 404, 422, 429, 500, 302]) {
      platform.script.push({ status, body: {} });
      const error = await rejectionOf(client.webhooks.list());
      expect(error).toBeInstanceOf(VoiceClientError);
      expect((error as VoiceClientError).code).toMatch(/^SB_CLIENT_[A-Z_]+$/);
    }
  });
});
