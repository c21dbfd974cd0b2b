/**
 * One REST request to the platform with a timeout per attempt, retries with backoff, and every
 * failure turned into a `VoiceClientError`. The API key lives in a private field so that
 * `console.log(client)` or an error's `cause` cannot show it.
 *
 * Two retry policies:
 * - `idempotent` (list, create, delete, get; create replaces, so repeating it is harmless):
 *   retried on network errors, timeouts, 429 and 5xx.
 * - `send` (Send Callflow, which places a call): retried only when the request provably never
 *   reached the platform (connection refused, DNS failure, connect timeout) or the platform said
 *   it did not take it (429, 503). A timeout or a dropped connection after sending throws
 *   `VoiceSendOutcomeUnknownError` instead, because a resend could place a second call.
 */
import { backoffDelay, parseRetryAfter, type BackoffSettings } from "./backoff.js";
import {
  VoiceClientError,
  VoiceNetworkError,
  VoiceSendOutcomeUnknownError,
  VoiceTimeoutError,
  VoiceUnexpectedResponseError,
} from "./errors.js";
import { redact } from "./redact.js";
import { errorForAnswer, type PlatformAnswer, type RequestContext } from "./response-errors.js";

export type RetryPolicy = "idempotent" | "send";

export interface TransportSettings {
  apiKey: string;
  baseUrl: string;
  timeoutMs: number;
  retries: number;
  backoff: BackoffSettings;
  /** Longest Retry-After the client waits for; a longer one ends the retries at once. */
  maxRetryAfterMs: number;
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  now: () => number;
}

export interface TransportRequest {
  method: "GET" | "POST" | "DELETE";
  /** Path below the base URL, already encoded, e.g. `/api/v1/subaccounts/acme/webhooks`. */
  path: string;
  body?: unknown;
  policy: RetryPolicy;
  context: RequestContext;
}

/** Codes of errors raised before a single byte of the request left the machine. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_CONNECT_TIMEOUT", "EADDRNOTAVAIL"]);
const SEND_RETRY_STATUSES = new Set([429, 503]);

type Attempt =
  | { kind: "answer"; answer: PlatformAnswer }
  | { kind: "timeout" }
  | { kind: "network"; code: string; cause: unknown };

/** The system error code inside a fetch failure (`TypeError: fetch failed` wraps it in `cause`). */
export function networkCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const record = current as { code?: unknown; cause?: unknown; errors?: unknown[] };
    if (typeof record.code === "string") return record.code;
    current = record.cause ?? record.errors?.[0];
  }
  return "UNKNOWN";
}

export class Transport {
  readonly #apiKey: string;
  readonly #settings: Omit<TransportSettings, "apiKey">;

  constructor(settings: TransportSettings) {
    const { apiKey, ...rest } = settings;
    this.#apiKey = apiKey;
    this.#settings = rest;
  }

  /** Text the platform sent back, without the API key (for errors built outside the transport). */
  redact(text: string): string {
    return redact(text, [this.#apiKey]);
  }

  /** The parsed JSON body of a 2xx answer, or a `VoiceClientError`. */
  async request(request: TransportRequest): Promise<unknown> {
    const secrets = [this.#apiKey, ...request.context.secrets];
    const context = { ...request.context, secrets };
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.#attempt(request);
      if (outcome.kind === "answer" && outcome.answer.status >= 200 && outcome.answer.status < 300) {
        return this.#json(outcome.answer, context);
      }
      const retryAfterMs = outcome.kind === "answer" ? outcome.answer.retryAfterMs : undefined;
      const canRetry = attempt <= this.#settings.retries && this.#retryable(outcome, request.policy);
      const waitTooLong = retryAfterMs !== undefined && retryAfterMs > this.#settings.maxRetryAfterMs;
      if (!canRetry || waitTooLong) throw this.#failure(outcome, attempt, request, context);
      await this.#settings.sleep(retryAfterMs ?? backoffDelay(attempt, this.#settings.backoff, this.#settings.random));
    }
  }

  async #attempt(request: TransportRequest): Promise<Attempt> {
    const { baseUrl, timeoutMs } = this.#settings;
    const signal = AbortSignal.timeout(timeoutMs);
    const headers: Record<string, string> = {
      Authorization: `Bearer ${this.#apiKey}`,
      Accept: "application/json",
      "User-Agent": "switchboard-ivr",
    };
    if (request.body !== undefined) headers["Content-Type"] = "application/json";
    try {
      const fetchFn = this.#settings.fetch;
      const response = await fetchFn(`${baseUrl}${request.path}`, {
        method: request.method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal,
      });
      const text = await response.text();
      const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), this.#settings.now());
      return { kind: "answer", answer: { status: response.status, body: parseBody(text), headers: response.headers, attempts: 0, retryAfterMs } };
    } catch (error) {
      if (signal.aborted || (error as { name?: unknown }).name === "TimeoutError") return { kind: "timeout" };
      return { kind: "network", code: networkCode(error), cause: error };
    }
  }

  #retryable(outcome: Attempt, policy: RetryPolicy): boolean {
    if (outcome.kind === "answer") {
      const status = outcome.answer.status;
      return policy === "send" ? SEND_RETRY_STATUSES.has(status) : status === 429 || status >= 500;
    }
    if (outcome.kind === "timeout") return policy === "idempotent";
    return policy === "idempotent" || NOT_SENT_CODES.has(outcome.code);
  }

  #failure(outcome: Attempt, attempts: number, request: TransportRequest, context: RequestContext): VoiceClientError {
    const origin = new URL(this.#settings.baseUrl).origin;
    const tries = attempts > 1 ? ` after ${attempts} attempts` : "";
    if (outcome.kind === "answer") {
      return errorForAnswer({ ...outcome.answer, attempts }, context);
    }
    const sentMaybe = request.policy === "send" && (outcome.kind === "timeout" || !NOT_SENT_CODES.has(outcome.code));
    if (sentMaybe) {
      const reason = outcome.kind === "timeout" ? `no answer within ${this.#settings.timeoutMs} ms` : `connection failed: ${outcome.code}`;
      const id = context.clientRequestId ?? "";
      return new VoiceSendOutcomeUnknownError(
        `Send Callflow got no answer from ${origin} (${reason}) after the request was sent, so the call may have been placed; it was not resent. Look for clientRequestId "${id}" in your VSS deliveries before sending again`,
        { attempts, clientRequestId: id, cause: outcome.kind === "network" ? outcome.cause : undefined },
      );
    }
    if (outcome.kind === "timeout") {
      return new VoiceTimeoutError("SB_CLIENT_TIMEOUT", `no answer from ${origin} within ${this.#settings.timeoutMs} ms while trying to ${context.operation}${tries}: retry later or raise timeoutMs`, { attempts });
    }
    const message = redact(`could not reach ${origin} (${outcome.code}) to ${context.operation}${tries}: check your network and EIGHTX8_BASE_URL`, context.secrets);
    return new VoiceNetworkError("SB_CLIENT_NETWORK", message, { attempts, cause: outcome.cause });
  }

  #json(answer: PlatformAnswer, context: RequestContext): unknown {
    if (answer.body === NOT_JSON) {
      throw new VoiceUnexpectedResponseError(
        "SB_CLIENT_UNEXPECTED_RESPONSE",
        `the answer to "${context.operation}" (${answer.status}) is not JSON: check that EIGHTX8_BASE_URL points at the 8x8 Voice API`,
        { httpStatus: answer.status },
      );
    }
    return answer.body;
  }
}

const NOT_JSON = Symbol("not JSON");

function parseBody(text: string): unknown {
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return NOT_JSON;
  }
}
