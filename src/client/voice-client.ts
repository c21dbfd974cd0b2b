/**
 * `VoiceClient`: the 8x8 Voice REST API for one subaccount, over the global fetch of Node 20,
 * with a timeout per attempt (default 10 s), retries with backoff and jitter for requests that
 * are safe to repeat, and one error hierarchy (`VoiceClientError` and its subclasses).
 *
 * @example
 * const client = new VoiceClient({ apiKey: process.env.EIGHTX8_API_KEY!, subaccountId: "acme_ivr" });
 * await client.webhooks.create({ type: "VCA", url: "https://ivr.example.com/webhooks/vca" });
 * const { webhooks } = await client.webhooks.list();
 */
import { ApiContext } from "./api-context.js";
import { CallflowsApi } from "./callflows-api.js";
import { resolveClientOptions, type VoiceClientOptions } from "./options.js";
import { NumbersApi, SpeechProfilesApi } from "./resources-api.js";
import { Transport } from "./transport.js";
import { WebhooksApi } from "./webhooks-api.js";

export class VoiceClient {
  readonly subaccountId: string;
  readonly baseUrl: string;
  readonly webhooks: WebhooksApi;
  readonly callflows: CallflowsApi;
  readonly speechProfiles: SpeechProfilesApi;
  readonly numbers: NumbersApi;

  /** Throws `VoiceConfigurationError` (SB_CLIENT_CONFIG) for a missing key or a bad subaccount or URL. */
  constructor(options: VoiceClientOptions) {
    const settings = resolveClientOptions(options);
    this.subaccountId = settings.subaccountId;
    this.baseUrl = settings.transport.baseUrl;
    const api = new ApiContext(new Transport(settings.transport), settings.subaccountId, settings.now, settings.generateId);
    this.webhooks = new WebhooksApi(api);
    this.callflows = new CallflowsApi(api);
    this.speechProfiles = new SpeechProfilesApi(api);
    this.numbers = new NumbersApi(api);
  }
}
