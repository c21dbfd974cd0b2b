/**
 * The options of `new VoiceClient()`, their defaults, and the checks that refuse unusable ones
 * before any request (a missing key would otherwise surface as a confusing 401 later).
 *
 * @example
 * const settings = resolveClientOptions({ apiKey: process.env.EIGHTX8_API_KEY!, subaccountId: "acme_ivr" });
 */
import { randomUUID } from "node:crypto";
import { SUBACCOUNT_PATTERN } from "../voice/index.js";
import { DEFAULT_BACKOFF, realSleep, type BackoffSettings } from "./backoff.js";
import { VoiceConfigurationError } from "./errors.js";
import type { TransportSettings } from "./transport.js";

/** 8x8's production API host; regional hosts, the legacy wavecell host and the simulator differ. */
export const DEFAULT_BASE_URL = "https://voice.8x8.com";
/** How long one attempt may take before it is abandoned: 10 s. */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** Retries after the first attempt, for requests safe to repeat: 2, so at most 3 attempts. */
export const DEFAULT_RETRIES = 2;
/** The longest 429 Retry-After the client waits out (30 s); a longer one ends the retries. */
export const DEFAULT_MAX_RETRY_AFTER_MS = 30_000;

/** The options of `new VoiceClient()`: the key and subaccount, and how patient to be. */
export interface VoiceClientOptions {
  /** The API key (Bearer token) from the 8x8 Connect portal. Never logged or printed. */
  apiKey: string;
  /** The subaccount every request is scoped to, e.g. `acme_ivr` (3-50 of `A-Z a-z 0-9 - . _ &`). */
  subaccountId: string;
  /** Default `https://voice.8x8.com`; regional hosts, the legacy wavecell host or the simulator. */
  baseUrl?: string;
  /** Per attempt, default 10 000 ms. */
  timeoutMs?: number;
  /** Retries after the first attempt, default 2 (so at most 3 attempts). */
  retries?: number;
  /** Backoff before retry n: min(maxDelayMs, baseDelayMs * 2^(n-1)), half of it jittered. */
  backoff?: Partial<BackoffSettings>;
  /** A Retry-After longer than this (default 30 s) ends the retries with the 429 error. */
  maxRetryAfterMs?: number;
  /** The fetch to use; default the global fetch of Node 20. */
  fetch?: typeof fetch;
  /** For tests: how to wait between attempts (default setTimeout). */
  sleep?: (ms: number) => Promise<void>;
  /** For tests: the jitter source, returning [0, 1) (default Math.random). */
  random?: () => number;
  /** For tests: the clock, in epoch ms (validUntil checks, Retry-After dates). */
  now?: () => number;
  /** How a clientRequestId is made when Send Callflow is given none (default a random UUID). */
  generateId?: () => string;
}

export interface ClientSettings {
  subaccountId: string;
  transport: TransportSettings;
  now: () => number;
  generateId: () => string;
}

function configError(message: string): VoiceConfigurationError {
  return new VoiceConfigurationError("SB_CLIENT_CONFIG", message);
}

/** An absolute http(s) base URL without a trailing slash, or a configuration error. */
export function normalizeBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw configError(`baseUrl ${JSON.stringify(value)} is not an absolute URL: expected e.g. ${DEFAULT_BASE_URL}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw configError(`baseUrl ${JSON.stringify(value)} must use http or https: expected e.g. ${DEFAULT_BASE_URL}`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

function nonNegativeInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0) throw configError(`${name} must be a whole number >= 0, got ${value}`);
  return value;
}

/** Checks the options and fills in defaults. */
export function resolveClientOptions(options: VoiceClientOptions): ClientSettings {
  if (typeof options.apiKey !== "string" || options.apiKey.trim() === "") {
    throw configError("apiKey is missing: pass the API key from the 8x8 Connect portal (EIGHTX8_API_KEY)");
  }
  if (typeof options.subaccountId !== "string" || !new RegExp(SUBACCOUNT_PATTERN).test(options.subaccountId)) {
    throw configError(`subaccountId ${JSON.stringify(options.subaccountId)} is not a subaccount id: expected 3-50 characters from A-Z a-z 0-9 - . _ & (EIGHTX8_SUBACCOUNT_ID)`);
  }
  const timeoutMs = nonNegativeInteger("timeoutMs", options.timeoutMs, DEFAULT_TIMEOUT_MS);
  if (timeoutMs === 0) throw configError("timeoutMs must be greater than 0");
  const now = options.now ?? Date.now;
  return {
    subaccountId: options.subaccountId,
    now,
    generateId: options.generateId ?? randomUUID,
    transport: {
      apiKey: options.apiKey,
      baseUrl: normalizeBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL),
      timeoutMs,
      retries: nonNegativeInteger("retries", options.retries, DEFAULT_RETRIES),
      backoff: { ...DEFAULT_BACKOFF, ...options.backoff },
      maxRetryAfterMs: nonNegativeInteger("maxRetryAfterMs", options.maxRetryAfterMs, DEFAULT_MAX_RETRY_AFTER_MS),
      fetch: options.fetch ?? globalThis.fetch,
      sleep: options.sleep ?? realSleep,
      random: options.random ?? Math.random,
      now,
    },
  };
}
