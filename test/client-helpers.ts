/**
 * Shared set-up of the client tests: a client pointed at a fake platform, with an injected sleep
 * that records the backoff delays instead of waiting, and a fixed jitter.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { FAKE_API_KEY, FAKE_SUBACCOUNT, type FakePlatform } from "./fake-platform.js";
import type { VoiceClientOptions } from "../src/client/options.js";
import { VoiceClient } from "../src/client/voice-client.js";

export interface TestClient {
  client: VoiceClient;
  /** Every delay the client asked to sleep, in order. */
  sleeps: number[];
}

export function testClient(platform: FakePlatform, options: Partial<VoiceClientOptions> = {}): TestClient {
  const sleeps: number[] = [];
  const client = new VoiceClient({
    apiKey: FAKE_API_KEY,
    subaccountId: FAKE_SUBACCOUNT,
    baseUrl: platform.baseUrl,
    timeoutMs: 2_000,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...options,
  });
  return { client, sleeps };
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the promise to reject, but it resolved");
}

/** A base URL on which nothing listens: connections are refused. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
