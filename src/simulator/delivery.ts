/**
 * Webhook delivery over HTTP: one POST with a timeout (VCA and VCS), and at-least-once VSS
 * delivery with exponential backoff in simulated time. The registered `httpAuthHeader` goes out
 * verbatim as the `Authorization` header (SPEC section 6).
 *
 * @example
 * const result = await postJson("http://127.0.0.1:3000/vca", body, "secret", 5000);
 * if (result.status === 200) use(result.body);
 */

export interface DeliveryResult {
  /** The HTTP status, or null when no answer came (refused, timed out). */
  status: number | null;
  /** The parsed JSON answer; undefined when the body was empty or not JSON. */
  body?: unknown;
  /** Set when the body was present but not JSON. */
  invalidJson?: boolean;
  error?: string;
}

const MAX_ANSWER_BYTES = 1_000_000;

/** POSTs a JSON body; never throws. */
export async function postJson(url: string, body: unknown, authHeader: string | undefined, timeoutMs: number): Promise<DeliveryResult> {
  const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "switchboard-simulator" };
  if (authHeader !== undefined) headers.authorization = authHeader;
  try {
    const response = await fetch(url, {
      method: "POST",
      headers,
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = (await response.text()).slice(0, MAX_ANSWER_BYTES);
    if (text.trim() === "") return { status: response.status };
    try {
      return { status: response.status, body: JSON.parse(text) };
    } catch {
      return { status: response.status, invalidJson: true };
    }
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const name = (error as Error).name;
    const reason = name === "TimeoutError" || name === "AbortError" ? `no answer within ${timeoutMs} ms` : (cause ?? (error as Error).message);
    return { status: null, error: reason };
  }
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
 * await deliverWithRetry(() => postJson(url, vss, auth, 5000), policy, clock.sleep, record);
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
