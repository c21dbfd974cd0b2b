/**
 * The load the VCA benchmarks send: `concurrency` callers on keep-alive connections, each placing
 * call after call and walking the menu as 8x8 would (call in, then press 1, 1, 1, each VCA
 * carrying the bookmark the answer before gave), and, with `vss`, ending each call with its
 * session summary. It stops at `requests` answers or after `seconds`, whichever comes first.
 */
import { randomUUID } from "node:crypto";
import http from "node:http";
import { BENCH_SECRET, vcaBody, vssBody } from "./bodies.js";
import { msSince, post } from "./harness.js";

/** VCAs in one call: the call-in and three key presses. */
const STEPS = 4;

export interface WalkOptions {
  concurrency: number;
  /** Stop after this many answers (VCAs and VSSs). */
  requests?: number;
  /** Stop starting requests after this long. */
  seconds: number;
  /** End each call with its session summary (VSS). */
  vss?: boolean;
}

export interface WalkResult {
  requests: number;
  seconds: number;
  /** Every request's latency (VCAs and VSSs), ms. */
  latenciesMs: number[];
  vcaLatenciesMs: number[];
  vssLatenciesMs: number[];
  /** The same latencies by kind ("vca", "vss"), with `vss`. */
  byKind: Record<string, number[]>;
  /** Non-200 answers (a caller whose request fails starts a new call). */
  errors: number;
}

/** Walks the restaurant-shaped menu against the server on `port`; see the module comment. */
export async function walk(port: number, options: WalkOptions): Promise<WalkResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const limit = options.requests ?? Number.POSITIVE_INFINITY;
  const result: WalkResult = { requests: 0, seconds: 0, latenciesMs: [], vcaLatenciesMs: [], vssLatenciesMs: [], byKind: {}, errors: 0 };
  let sent = 0;
  const deadline = Date.now() + options.seconds * 1000;
  const more = () => sent < limit && Date.now() < deadline;
  const timedPost = async (path: string, body: string, latencies: number[]) => {
    sent++;
    const t0 = process.hrtime.bigint();
    const response = await post(agent, port, path, body, BENCH_SECRET);
    const ms = msSince(t0);
    latencies.push(ms);
    result.latenciesMs.push(ms);
    if (response.status !== 200) result.errors++;
    return response;
  };
  const caller = async (id: number) => {
    for (let call = 0; more(); call++) {
      const sessionId = `bench-${id}-${call}-${randomUUID().slice(0, 8)}`;
      let bookmark: string | undefined;
      let ended = false;
      for (let step = 0; step < STEPS && more(); step++) {
        const response = await timedPost("/webhooks/vca", vcaBody(sessionId, step, bookmark), result.vcaLatenciesMs);
        if (response.status !== 200) break;
        bookmark = (JSON.parse(response.text) as { clientActionId?: string }).clientActionId;
        if (!bookmark || step === STEPS - 1) {
          ended = true;
          break;
        }
      }
      if (options.vss && ended && more()) await timedPost("/webhooks/vss", vssBody(sessionId), result.vssLatenciesMs);
    }
  };
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: options.concurrency }, (_, i) => caller(i)));
  result.seconds = msSince(started) / 1000;
  result.requests = result.latenciesMs.length;
  result.byKind = options.vss ? { vca: result.vcaLatenciesMs, vss: result.vssLatenciesMs } : {};
  agent.destroy();
  return result;
}
