/**
 * Webhook delivery: one POST with a timeout (VCA and VCS), and at-least-once VSS delivery with
 * exponential backoff in simulated time. The registered `httpAuthHeader` goes out verbatim as the
 * `Authorization` header (SPEC section 6). The POST itself goes through a `WebhookTransport`
 * (transport.ts): real HTTP by default, or a server's `inject()` in process.
 *
 * @example
 * const post = createPoster(httpWebhookTransport());
 * const result = await post("http://127.0.0.1:3000/vca", body, "secret", 5000);
 * if (result.status === 200) use(result.body);
 */
import type { WebhookResponse, WebhookTransport } from "./transport.js";

export interface DeliveryResult {
  /** The HTTP status, or null when no answer came (refused, timed out). */
  status: number | null;
  /** The parsed JSON answer; undefined when the body was empty or not JSON. */
  body?: unknown;
  /** Set when the body was present but not JSON. */
  invalidJson?: boolean;
  error?: string;
  /**
   * The answer's `x-switchboard-fallback` header: a Switchboard server marks a VCA answered with
   * its fallback with the reason. 8x8 ignores it; the transcript keeps it for `dial`.
   */
  fallback?: string;
}

/** The header a Switchboard server marks a fallback answer with (docs/server.md); a plain string, so nothing is shared with the server. */
export const FALLBACK_HEADER = "x-switchboard-fallback";

export type Poster = (url: string, body: unknown, authHeader: string | undefined, timeoutMs: number) => Promise<DeliveryResult>;

/** What the transcript records of an answer: its status and its JSON, if it has any. */
function readAnswer(response: WebhookResponse): DeliveryResult {
  const status = response.status;
  const fallback = response.headers[FALLBACK_HEADER];
  const marked = typeof fallback === "string" ? { fallback } : {};
  if (response.text.trim() === "") return { status, ...marked };
  try {
    return { status, body: JSON.parse(response.text), ...marked };
  } catch {
    return { status, invalidJson: true, ...marked };
  }
}

/** A failed delivery as the transcript shows it: the error's code (ECONNREFUSED), else its message. */
function noAnswer(error: unknown): DeliveryResult {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return { status: null, error: typeof code === "string" ? code : String(message ?? error) };
}

/**
 * Posts webhook bodies as JSON through `transport`, giving up (and aborting the request) after
 * `timeoutMs`; every outcome, an error included, resolves as a `DeliveryResult`.
 *
 * @example
 * const post = createPoster(httpWebhookTransport());
 * const result = await post("http://127.0.0.1:3000/vca", body, "secret", 5000);
 */
export function createPoster(transport: WebhookTransport): Poster {
  return async (url, body, authHeader, timeoutMs) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return { status: null, error: `invalid URL ${url}` };
    }
    if (target.protocol !== "http:" && target.protocol !== "https:") return { status: null, error: `unsupported protocol ${target.protocol}` };
    const text = JSON.stringify(body);
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "content-length": String(Buffer.byteLength(text)),
      "user-agent": "switchboard-simulator",
    };
    if (authHeader !== undefined) headers.authorization = authHeader;
    const stop = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<DeliveryResult>((resolve) => {
      timer = setTimeout(() => {
        stop.abort();
        resolve({ status: null, error: `no answer within ${timeoutMs} ms` });
      }, timeoutMs);
    });
    let answered: Promise<DeliveryResult>;
    try {
      answered = transport.deliver(url, { headers, body: text, signal: stop.signal }).then(readAnswer, noAnswer);
    } catch (error) {
      // A transport that throws instead of rejecting fails this delivery, not the call's engine.
      answered = Promise.resolve(noAnswer(error));
    }
    try {
      return await Promise.race([answered, expired]);
    } finally {
      clearTimeout(timer);
    }
  };
}

export const is2xx = (status: number | null): boolean => status !== null && status >= 200 && status < 300;

export interface RetryPolicy {
  maxAttempts: number;
  /** Delay before the second attempt; doubled for each later one. */
  backoffMs: number;
  /** Extra identical deliveries after the first 2xx, to prove receivers are idempotent. */
  duplicates: number;
}

export interface Attempt {
  attempt: number;
  result: DeliveryResult;
  duplicate: boolean;
}

/**
 * Delivers until a 2xx or `maxAttempts`, sleeping `backoffMs * 2^(n-1)` between attempts on
 * the given (possibly simulated) clock; then sends the configured duplicates. Reports each
 * attempt through `onAttempt`.
 *
 * @example
 * await deliverWithRetry(() => post(url, vss, auth, 5000), policy, clock.sleep, record);
 */
export async function deliverWithRetry(
  send: () => Promise<DeliveryResult>,
  policy: RetryPolicy,
  sleep: (ms: number) => Promise<void>,
  onAttempt: (attempt: Attempt) => void,
): Promise<boolean> {
  let delivered = false;
  let attempt = 0;
  for (; attempt < policy.maxAttempts && !delivered; ) {
    if (attempt > 0) await sleep(policy.backoffMs * 2 ** (attempt - 1));
    attempt += 1;
    const result = await send();
    delivered = is2xx(result.status);
    onAttempt({ attempt, result, duplicate: false });
  }
  for (let copy = 0; delivered && copy < policy.duplicates; copy += 1) {
    attempt += 1;
    onAttempt({ attempt, result: await send(), duplicate: true });
  }
  return delivered;
}
