/**
 * Checks of method arguments that the client makes before sending, so a typo fails fast with a
 * message naming the field instead of a 422 from the platform.
 */
import { E164_PATTERN, WEBHOOK_TYPES, type WebhookType } from "../voice/index.js";
import { VoiceInvalidRequestError } from "./errors.js";

function invalid(message: string): VoiceInvalidRequestError {
  return new VoiceInvalidRequestError("SB_CLIENT_INVALID_ARGUMENT", message);
}

export function checkWebhookType(type: unknown): WebhookType {
  if (typeof type !== "string" || !(WEBHOOK_TYPES as readonly string[]).includes(type)) {
    throw invalid(`webhook type ${JSON.stringify(type)} is not one of ${WEBHOOK_TYPES.join(", ")}`);
  }
  return type as WebhookType;
}

/** Webhook URLs must be absolute http(s) URLs (8x8 wants https; http is allowed for tests). */
export function checkWebhookUrl(url: unknown): string {
  let parsed: URL | undefined;
  try {
    parsed = typeof url === "string" ? new URL(url) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== "https:" && parsed.protocol !== "http:")) {
    throw invalid(`webhook url ${JSON.stringify(url)} is not an absolute http(s) URL: expected e.g. https://ivr.example.com/webhooks/vca`);
  }
  return url as string;
}

export function checkMsisdn(msisdn: unknown): string {
  if (typeof msisdn !== "string" || !new RegExp(E164_PATTERN).test(msisdn)) {
    throw invalid(`number ${JSON.stringify(msisdn)} is not an E.164 number: expected e.g. +6560000001`);
  }
  return msisdn;
}

export function checkClientRequestId(id: unknown): string {
  if (typeof id !== "string" || id.length === 0 || id.length > 100) {
    throw invalid(`clientRequestId ${JSON.stringify(id)} must be a string of 1 to 100 characters`);
  }
  return id;
}
