/**
 * What `switchboard webhooks setup` checks after registering: each wanted webhook is listed,
 * enabled, points at the URL asked for, and has an auth header when one was given. Pure, so the
 * rules are tested without a platform.
 *
 * @example
 * checkWebhooks([{ type: "VCA", url: "https://ivr.example.com/webhooks/vca", authHeader: false }], listed);
 */
import type { Webhook, WebhookType } from "../voice/index.js";

export interface WantedWebhook {
  type: WebhookType;
  url: string;
  /** Whether an auth header was registered with it. */
  authHeader: boolean;
}

export interface WebhookCheck {
  type: WebhookType;
  expectedUrl: string;
  /** The webhook as listed, or null when it is missing. */
  listed: Webhook | null;
  /** What differs from what was asked; empty when it is as asked. */
  problems: string[];
}

/** Compares each wanted webhook with the listed ones; an empty `problems` list means it is as asked. */
export function checkWebhooks(wanted: readonly WantedWebhook[], listed: readonly Webhook[]): WebhookCheck[] {
  return wanted.map((want) => {
    const found = listed.find((hook) => hook.type === want.type) ?? null;
    const problems: string[] = [];
    if (!found) {
      problems.push("is not registered");
    } else {
      if (found.url !== want.url) problems.push(`url is ${JSON.stringify(found.url)}, expected ${JSON.stringify(want.url)}`);
      if (found.enabled !== true) problems.push("is disabled, expected enabled");
      if (want.authHeader && found.httpAuthHeaderAvailable !== true) problems.push("has no auth header, expected the one given");
    }
    return { type: want.type, expectedUrl: want.url, listed: found, problems };
  });
}

/** `VCA url is "…", expected "…"; VSS is not registered`: every difference on one line. */
export function describeProblems(checks: readonly WebhookCheck[]): string {
  return checks.flatMap((check) => check.problems.map((problem) => `${check.type} ${problem}`)).join("; ");
}
