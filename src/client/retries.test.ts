import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FAKE_API_KEY, startFakePlatform, type FakePlatform } from "../../test/fake-platform.js";
import { closedPortUrl, rejectionOf, testClient } from "../../test/client-helpers.js";
import { backoffDelay, parseRetryAfter } from "./backoff.js";
import { VoiceNetworkError, VoiceServerError, VoiceTimeoutError } from "./errors.js";
import { VoiceClient } from "./voice-client.js";

let platform: FakePlatform;
beforeEach(async () => {
  platform = await startFakePlatform();
});
afterEach(async () => {
  await platform.close();
});

describe("backoff", () => {
  it("doubles the delay per retry, jitters half of it, and stops at the cap", () => {
    const settings = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, settings, () => 0))).toEqual([50, 100, 200, 400, 500]);
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, settings, () => 0.999999))).toEqual([100, 200, 400, 800, 1000]);
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("3", now)).toBe(3000);
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe("retries of requests that are safe to repeat", () => {
  it("retries 5xx with exponential backoff and succeeds when the platform recovers", async () => {
    const { client, sleeps } = testClient(platform, { retries: 3, backoff: { baseDelayMs: 100, maxDelayMs: 10_000 } });
    platform.script.push({ status: 503 }, { status: 502 }, { status: 500 });
    const listed = await client.webhooks.list();
    expect(listed.webhooks).toEqual([]);
    expect(platform.requests).toHaveLength(4);
    expect(sleeps).toEqual([75, 150, 300]); // random() = 0.5: three quarters of 100, 200, 400
  });

  it("gives up after the configured retries with a server error counting the attempts", async () => {
    const { client, sleeps } = testClient(platform, { retries: 2 });
    platform.script.push({ status: 500 }, { status: 500 }, { status: 500 });
    const error = await rejectionOf(client.webhooks.create({ type: "VCA", url: "https://ivr.example.com/vca" }));
    expect(error).toBeInstanceOf(VoiceServerError);
    expect(error).toMatchObject({ attempts: 3 });
    expect(error.message).toContain("after 3 attempts");
    expect(sleeps).toHaveLength(2);
  });

  it("honours Retry-After on 429 instead of its own backoff", async () => {
    const { client, sleeps } = testClient(platform);
    platform.script.push({ status: 429, headers: { "retry-after": "4" } });
    await client.webhooks.delete("VCA").catch(() => undefined);
    expect(sleeps).toEqual([4000]);
    expect(platform.requests).toHaveLength(2);
  });

  it("does not wait for a Retry-After longer than maxRetryAfterMs", async () => {
    const { client, sleeps } = testClient(platform, { maxRetryAfterMs: 1000 });
    platform.script.push({ status: 429, headers: { "retry-after": "120" } });
    const error = await rejectionOf(client.webhooks.list());
    expect(error).toMatchObject({ code: "SB_CLIENT_RATE_LIMITED", retryAfterMs: 120_000 });
    expect(sleeps).toEqual([]);
  });

  it("retries a timed-out list and then reports a timeout error", async () => {
    const { client, sleeps } = testClient(platform, { timeoutMs: 100, retries: 1 });
    platform.script.push({ hang: true }, { hang: true });
    const error = await rejectionOf(client.webhooks.list());
    expect(error).toBeInstanceOf(VoiceTimeoutError);
    expect(error).toMatchObject({ code: "SB_CLIENT_TIMEOUT", attempts: 2 });
    expect(error.message).toContain("within 100 ms");
    expect(sleeps).toHaveLength(1);
  });

  it("recovers when a dropped connection is followed by an answer", async () => {
    const { client } = testClient(platform);
    platform.script.push({ drop: true });
    expect((await client.numbers.list()).numbers).toHaveLength(1);
    expect(platform.requests).toHaveLength(2);
  });

  it("reports a refused connection as a network error after retrying", async () => {
    const sleeps: number[] = [];
    const client = new VoiceClient({ apiKey: FAKE_API_KEY, subaccountId: "acme_ivr", baseUrl: await closedPortUrl(), retries: 2, sleep: async (ms) => void sleeps.push(ms) });
    const error = await rejectionOf(client.speechProfiles.list());
    expect(error).toBeInstanceOf(VoiceNetworkError);
    expect(error).toMatchObject({ code: "SB_CLIENT_NETWORK", attempts: 3 });
    expect(error.message).toContain("ECONNREFUSED");
    expect(error.message).toContain("EIGHTX8_BASE_URL");
    expect(sleeps).toHaveLength(2);
  });

  it("does not retry 4xx answers", async () => {
    const { client, sleeps } = testClient(platform);
    platform.script.push({ status: 404 });
    await rejectionOf(client.webhooks.list());
    expect(platform.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });
});
