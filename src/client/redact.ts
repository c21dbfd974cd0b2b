/**
 * Removes secrets (the API key, a webhook's auth header) from text the platform sent back before
 * it reaches an error message, so an echoing server or proxy cannot leak them into logs.
 *
 * @example
 * redact("token sk_live_123 invalid", ["sk_live_123"]); // "token [redacted] invalid"
 */
export const REDACTED = "[redacted]";

export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let result = text;
  for (const secret of secrets) {
    if (!secret) continue;
    result = result.split(secret).join(REDACTED);
  }
  return result;
}
