import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FAKE_API_KEY, FAKE_SUBACCOUNT, startFakePlatform, type FakePlatform } from "../../test/fake-platform.js";
import { VoiceConfigurationError, VoiceInvalidRequestError, VoiceNotFoundError } from "./errors.js";
import { rejectionOf, testClient } from "../../test/client-helpers.js";
import { VoiceClient } from "./voice-client.js";

let platform: FakePlatform;
beforeEach(async () => {
  platform = await startFakePlatform();
});
afterEach(async () => {
  await platform.close();
});

describe("VoiceClient requests", () => {
  it("sends the API key as a Bearer token and JSON to the subaccount's path", async () => {
    const { client } = testClient(platform);
    await client.webhooks.list();
    const [request] = platform.requests;
    expect(request?.method).toBe("GET");
    expect(request?.path).toBe(`/api/v1/subaccounts/${FAKE_SUBACCOUNT}/webhooks`);
    expect(request?.headers.authorization).toBe(`Bearer ${FAKE_API_KEY}`);
    expect(request?.headers.accept).toBe("application/json");
  });

  it("creates a webhook sending both enabled and active with the same value", async () => {
    const { client } = testClient(platform);
    await client.webhooks.create({ type: "VSS", url: "https://ivr.example.com/webhooks/vss", authHeader: "hook-secret", enabled: false });
    expect(platform.requests[0]?.body).toEqual({
      type: "VSS",
      url: "https://ivr.example.com/webhooks/vss",
      enabled: false,
      active: false,
      httpAuthHeader: "hook-secret",
    });
    expect(platform.requests[0]?.headers["content-type"]).toBe("application/json");
  });

  it("enables a created webhook by default and lists it back", async () => {
    const { client } = testClient(platform);
    await client.webhooks.create({ type: "VCA", url: "https://ivr.example.com/webhooks/vca" });
    expect(platform.requests[0]?.body).toMatchObject({ enabled: true, active: true });
    const listed = await client.webhooks.list();
    expect(listed.webhooks).toEqual([{ type: "VCA", url: "https://ivr.example.com/webhooks/vca", enabled: true, httpAuthHeaderAvailable: false }]);
  });

  it("deletes a webhook by type and reports a missing one as not found", async () => {
    const { client } = testClient(platform);
    await client.webhooks.create({ type: "VCA", url: "https://ivr.example.com/webhooks/vca" });
    const deleted = await client.webhooks.delete("VCA");
    expect(deleted).toMatchObject({ type: "VCA", statusMessage: "deleted" });
    expect(platform.requests.at(-1)).toMatchObject({ method: "DELETE", path: `/api/v1/subaccounts/${FAKE_SUBACCOUNT}/webhooks/VCA` });
    const error = await rejectionOf(client.webhooks.delete("VCA"));
    expect(error).toBeInstanceOf(VoiceNotFoundError);
    expect(error.message).toContain("no VCA webhook is registered");
  });

  it("lists speech profiles and numbers, and checks one number by its digits", async () => {
    const { client } = testClient(platform);
    expect((await client.speechProfiles.list()).speechProfiles.map((p) => p.speechProfileCode)).toContain("en-GB-Emma");
    expect((await client.numbers.list()).numbers[0]?.msisdn).toBe("+6560000001");
    expect((await client.numbers.get("+6560000001")).payload.msisdn).toBe("+6560000001");
    expect(platform.requests.at(-1)?.path).toBe(`/api/v1/subaccounts/${FAKE_SUBACCOUNT}/numbers/6560000001`);
    const error = await rejectionOf(client.numbers.get("+6560000002"));
    expect(error).toBeInstanceOf(VoiceNotFoundError);
    expect(error.message).toContain("number +6560000002 is not assigned");
  });

  it("refuses an unknown webhook type, a relative URL and a malformed number before any request", async () => {
    const { client } = testClient(platform);
    for (const promise of [
      client.webhooks.create({ type: "XYZ" as "VCA", url: "https://x.example.com" }),
      client.webhooks.create({ type: "VCA", url: "/webhooks/vca" }),
      client.webhooks.delete("vca" as "VCA"),
      client.numbers.get("12"),
    ]) {
      const error = await rejectionOf(promise);
      expect(error).toBeInstanceOf(VoiceInvalidRequestError);
      expect((error as VoiceInvalidRequestError).code).toBe("SB_CLIENT_INVALID_ARGUMENT");
    }
    expect(platform.requests).toHaveLength(0);
  });

  it("keeps a path prefix of the base URL and drops its trailing slash", async () => {
    const client = new VoiceClient({ apiKey: FAKE_API_KEY, subaccountId: FAKE_SUBACCOUNT, baseUrl: `${platform.baseUrl}/` });
    expect(client.baseUrl).toBe(platform.baseUrl);
    await client.webhooks.list();
    expect(platform.requests[0]?.path).toBe(`/api/v1/subaccounts/${FAKE_SUBACCOUNT}/webhooks`);
  });
});

describe("VoiceClient options", () => {
  it("defaults to the production base URL", () => {
    expect(new VoiceClient({ apiKey: "k", subaccountId: "acme" }).baseUrl).toBe("https://voice.8x8.com");
  });

  it.each([
    [{ apiKey: "", subaccountId: "acme" }, "apiKey is missing"],
    [{ apiKey: "k", subaccountId: "a b" }, 'subaccountId "a b" is not a subaccount id'],
    [{ apiKey: "k", subaccountId: "ab" }, 'subaccountId "ab" is not a subaccount id'],
    [{ apiKey: "k", subaccountId: "acme", baseUrl: "voice.8x8.com" }, "is not an absolute URL"],
    [{ apiKey: "k", subaccountId: "acme", baseUrl: "ftp://voice.8x8.com" }, "must use http or https"],
    [{ apiKey: "k", subaccountId: "acme", timeoutMs: 0 }, "timeoutMs must be greater than 0"],
    [{ apiKey: "k", subaccountId: "acme", retries: -1 }, "retries must be a whole number"],
  ])("refuses unusable options %o with a configuration error", (options, message) => {
    let thrown: unknown;
    try {
      new VoiceClient(options);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(VoiceConfigurationError);
    expect((thrown as VoiceConfigurationError).code).toBe("SB_CLIENT_CONFIG");
    expect((thrown as Error).message).toContain(message);
  });
});
