/**
 * Sends a corpus of hostile requests to a server and judges each answer by what a sender may rely
 * on: never a 5xx (a 503 only where the store is down), every refusal a JSON error body with an
 * `SB_` code, every 200 to a VCA a valid callflow. Bounded: a few requests at a time, each with a
 * timeout.
 *
 * @example
 * const problems = await attack(server.port, corpus);
 * expect(problems).toEqual([]);
 */
import { SECRET } from "../fixtures/webhooks.js";
import { validateCallflow } from "../../src/voice/index.js";
import type { Hostile } from "./hostile-classes.js";
import { rawRequest, type RawResult } from "./raw-http.js";
import type { Prng } from "./prng.js";

/** What a sender may rely on, whatever it sent; null when the answer keeps to it. */
export function judge(hostile: Hostile, result: RawResult, options: { allow503?: boolean } = {}): string | null {
  if (result.kind === "no-response") return `no answer (${result.reason})`;
  const { status, text } = result;
  if (status >= 500 && !(status === 503 && options.allow503)) return `${status} ${text.slice(0, 300)}`;
  const path = hostile.request.path.split("?")[0];
  if (path === "/metrics" && status === 200) return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return `${status} with a body that is not JSON: ${text.slice(0, 200)}`;
  }
  if (status >= 400) {
    const code = (json as { error?: { code?: unknown } } | null)?.error?.code;
    return typeof code === "string" && /^SB_[A-Z0-9_]+$/.test(code) ? null : `${status} without an SB_ code: ${text.slice(0, 200)}`;
  }
  if (path === "/webhooks/vca" && hostile.request.method === "POST") {
    const verdict = validateCallflow((json as { callflow?: unknown }).callflow, { mode: "answer" });
    if (!verdict.ok) return `200 with an invalid callflow (${verdict.statusMessage}): ${text.slice(0, 200)}`;
  }
  return null;
}

/** One problem: which request, and what was wrong with its answer. */
export interface Problem {
  request: string;
  problem: string;
}

/** Sends every request of `corpus` (`concurrency` at a time) and returns the answers that break the rules. */
export async function attack(port: number, corpus: readonly Hostile[], options: { concurrency?: number; allow503?: boolean } = {}): Promise<Problem[]> {
  const problems: Problem[] = [];
  let next = 0;
  const worker = async () => {
    // Bounded: each pass takes the next request of a finite corpus.
    while (next < corpus.length) {
      const hostile = corpus[next++]!;
      const problem = judge(hostile, await rawRequest(port, hostile.request), options);
      if (problem) problems.push({ request: `${hostile.cls}: ${hostile.name} (${hostile.request.method} ${hostile.request.path.slice(0, 60)})`, problem });
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  return problems;
}

/** `count` items of `items` (all of them when there are no more), picked by `random` in their order. */
export function sample<T>(items: readonly T[], count: number, random: Prng): T[] {
  if (items.length <= count) return [...items];
  const picked = new Set<number>();
  // Bounded: count < items.length, so each pass can add an index until count are picked.
  while (picked.size < count) picked.add(random.int(items.length));
  return [...picked].sort((a, b) => a - b).map((i) => items[i]!);
}

/** JSON request to the server at `url`, with the webhook secret; the answer's status, headers and parsed body. */
export async function send(url: string, method: string, path: string, body?: unknown): Promise<{ status: number; headers: Headers; json: unknown; text: string }> {
  const response = await fetch(url + path, {
    method,
    headers: { authorization: SECRET, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json, text };
}

/** Whether `answer` (a VCA's 200 body) is a callflow 8x8 would play. */
export function isValidCallflow(answer: unknown): boolean {
  return validateCallflow((answer as { callflow?: unknown } | undefined)?.callflow, { mode: "answer" }).ok;
}
