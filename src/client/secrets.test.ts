import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FAKE_API_KEY, startFakePlatform, type FakePlatform } from "../../test/fake-platform.js";
import { closedPortUrl, rejectionOf, testClient } from "../../test/client-helpers.js";
import { VoiceClient } from "./voice-client.js";

const HOOK_SECRET = "hook-secret-7f3a";

let platform: FakePlatform;
beforeEach(async () => {
  platform = await startFakePlatform();
});
afterEach(async () => {
  await platform.close();
});

/** Everything a user could see of an error: message, fields, cause and stack, as Node prints it. */
function visible(value: unknown): string {
  return `${inspect(value, { depth: 10, showHidden: true })} ${JSON.stringify(value)} ${String(value)}`;
}

describe("secrets", () => {
  it("never shows the API key when the client object is printed", () => {
    const client = new VoiceClient({ apiKey: FAKE_API_KEY, subaccountId: "acme_ivr", baseUrl: platform.baseUrl });
    expect(visible(client)).not.toContain(FAKE_API_KEY);
  });

  it("never puts the API key or the webhook secret in any error, even when the platform echoes them", async () => {
    // Only the hanging request needs a short timeout; a short one for every request made this
    // test flaky under load (a create that timed out left its echo to the next request).
    const { client } = testClient(platform, { retries: 0 });
    const { client: impatient } = testClient(platform, { retries: 0, timeoutMs: 100 });
    const echo = `token ${FAKE_API_KEY} / header ${HOOK_SECRET} refused`;
    const errors: unknown[] = [];
    for (const status of [400, 401, 403, 404, 422, 429, 500, 503]) {
      platform.script.push({ status, body: { statusCode: status, statusMessage: echo, errorId: FAKE_API_KEY } });
      errors.push(await rejectionOf(client.webhooks.create({ type: "VCA", url: "https://ivr.example.com/vca", authHeader: HOOK_SECRET })));
    }
    platform.script.push({ status: 200, body: `not json ${FAKE_API_KEY}` });
    errors.push(await rejectionOf(client.webhooks.list()));
    platform.script.push({ hang: true });
    errors.push(await rejectionOf(impatient.webhooks.list()));
    platform.script.push({ drop: true });
    errors.push(await rejectionOf(client.callflows.send({ callflow: [{ action: "makeCall", params: { source: "+6560000001", destination: "+6590000000" } }] })));
    platform.script.push({ status: 200, body: { sessionStatus: "NOT_CREATED", callFlowRequestId: "c-1", statusCode: -1009, statusMessage: `token ${FAKE_API_KEY}` } });
    errors.push(await rejectionOf(client.callflows.send({ callflow: [{ action: "makeCall", params: { source: "+6560000001", destination: "+6590000000" } }] })));
    const offline = new VoiceClient({ apiKey: FAKE_API_KEY, subaccountId: "acme_ivr", baseUrl: await closedPortUrl(), retries: 0 });
    errors.push(await rejectionOf(offline.numbers.list()));
    for (const error of errors) {
      expect(visible(error)).not.toContain(FAKE_API_KEY);
      expect(visible(error)).not.toContain(HOOK_SECRET);
    }
    expect(visible(errors[0])).toContain("[redacted]");
  });
});
