/**
 * `client/`: `VoiceClient`, the typed 8x8 Voice REST client, and its errors.
 *
 * @example
 * import { VoiceClient, VoiceAuthenticationError } from "switchboard-ivr";
 */
export { VoiceClient } from "./voice-client.js";
export {
  DEFAULT_BASE_URL,
  DEFAULT_MAX_RETRY_AFTER_MS,
  DEFAULT_RETRIES,
  DEFAULT_TIMEOUT_MS,
  type VoiceClientOptions,
} from "./options.js";
export type { CreateWebhookInput, WebhooksApi } from "./webhooks-api.js";
export type { CallflowsApi, SendCallflowInput, SendCallflowResult } from "./callflows-api.js";
export type { NumbersApi, SpeechProfilesApi } from "./resources-api.js";
export type { BackoffSettings } from "./backoff.js";
export * from "./errors.js";
