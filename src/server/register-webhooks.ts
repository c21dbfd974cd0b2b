/**
 * Registers our webhook server on a platform (the simulator or 8x8 itself) through the real 8x8
 * REST API, with `VoiceClient`, so local runs exercise the same setup requests production does.
 * `switchboard dev` and the testing kit both use it, so it lives with the server, whose routes it
 * names, and not in the kit.
 *
 * @example
 * await registerServerWebhooks({ platformUrl: sim.url, serverUrl: "http://127.0.0.1:3000", authHeader: secret });
 */
import { VoiceClient } from "../client/index.js";
import type { WebhookType } from "../voice/index.js";

/** The paths of our server's webhook routes (see createServer). */
export const WEBHOOK_PATHS: Readonly<Record<"VCA" | "VSS" | "VCS", string>> = {
  VCA: "/webhooks/vca",
  VSS: "/webhooks/vss",
  VCS: "/webhooks/vcs",
};

/*
 * The simulator's sandbox: public credentials, documented in docs/simulator.md. Written out here,
 * not imported, because the server may not import the simulator (they meet only on the wire); the
 * testing kit's end-to-end tests register with these defaults, so a drift fails there.
 */
/** The sandbox's subaccount id, the default `subaccountId` of `registerServerWebhooks`. */
export const SANDBOX_SUBACCOUNT = "sandbox";
/** The sandbox's API key, the default `apiKey` of `registerServerWebhooks`. */
export const SANDBOX_API_KEY = "sandbox-key";
/** The sandbox's one virtual number: dial it to reach the registered VCA webhook. */
export const SANDBOX_NUMBER = "+6560000001";

/** Where `registerServerWebhooks` points the platform, and which types it registers. */
export interface RegisterWebhooksOptions {
  /** The platform's base URL (the simulator's `url`). */
  platformUrl: string;
  /** The webhook server's base URL; each type is posted to `serverUrl + paths[type]`. */
  serverUrl: string;
  /** The secret the platform sends back as the Authorization header of every delivery. */
  authHeader?: string;
  /** Per-type paths; default WEBHOOK_PATHS. A type mapped to null is not registered. */
  paths?: Partial<Record<"VCA" | "VSS" | "VCS", string | null>>;
  subaccountId?: string;
  apiKey?: string;
}

/**
 * Registers VCA, VSS and VCS (or the types `paths` names) and resolves with the registered types.
 *
 * @example
 * const types = await registerServerWebhooks({ platformUrl: "http://127.0.0.1:8088", serverUrl: "http://127.0.0.1:3000" });
 */
export async function registerServerWebhooks(options: RegisterWebhooksOptions): Promise<WebhookType[]> {
  const client = new VoiceClient({
    apiKey: options.apiKey ?? SANDBOX_API_KEY,
    subaccountId: options.subaccountId ?? SANDBOX_SUBACCOUNT,
    baseUrl: options.platformUrl,
    // A local platform answers at once or not at all: fail fast instead of retrying for seconds.
    retries: 0,
    timeoutMs: 5_000,
  });
  const paths = { ...WEBHOOK_PATHS, ...options.paths };
  const registered: WebhookType[] = [];
  for (const type of ["VCA", "VSS", "VCS"] as const) {
    const path = paths[type];
    if (path === null || path === undefined) continue;
    await client.webhooks.create({
      type,
      url: new URL(path, options.serverUrl).href,
      ...(options.authHeader !== undefined ? { authHeader: options.authHeader } : {}),
    });
    registered.push(type);
  }
  return registered;
}
