/** `VoiceClient`: the 8x8 Voice REST client, one object per subaccount. */
import { ApiContext } from "./api-context.js";
import { CallflowsApi } from "./callflows-api.js";
import { resolveClientOptions, type VoiceClientOptions } from "./options.js";
import { NumbersApi, SpeechProfilesApi } from "./resources-api.js";
import { Transport } from "./transport.js";
import { WebhooksApi } from "./webhooks-api.js";

/**
 * The 8x8 Voice REST API for one subaccount, over the global fetch of Node 20, with a timeout per
 * attempt (default 10 s), retries with backoff and jitter for requests that are safe to repeat,
 * and one error hierarchy (`VoiceClientError` and its subclasses, each with an `SB_CLIENT_*`
 * code). Send Callflow is checked with 8x8's own rules before it leaves, and is never resent
 * after a timeout (it could place a second call). The API key never appears in an error.
 * Point `baseUrl` at the simulator to run against it.
 *
 * @example
 * const client = new VoiceClient({ apiKey: process.env.EIGHTX8_API_KEY!, subaccountId: "acme_ivr" });
 * await client.webhooks.create({ type: "VCA", url: "https://ivr.example.com/webhooks/vca" });
 * const { webhooks } = await client.webhooks.list();
 * const { sessionId } = await client.callflows.send({
 *   callflow: [
 *     { action: "makeCall", params: { source: "+6560000001", destination: "+6590000000" } },
 *     { action: "say", params: { text: "Your parcel arrives today.", voiceProfile: "en-GB-Emma" } },
 *   ],
 * });
 */
export class VoiceClient {
  /** The subaccount every request is scoped to. */
  readonly subaccountId: string;
  /** The API's base URL, without a trailing slash. */
  readonly baseUrl: string;
  /** List, create (or replace) and delete the subaccount's webhooks. */
  readonly webhooks: WebhooksApi;
  /** Send Callflow: start outbound sessions. */
  readonly callflows: CallflowsApi;
  /** The voices the subaccount may use. */
  readonly speechProfiles: SpeechProfilesApi;
  /** The subaccount's virtual numbers. */
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
