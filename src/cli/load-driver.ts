/**
 * The driver behind `switchboard load`: N simulated inbound calls, K at a time, through an IVR's
 * webhooks, on a simulator of its own with the instant clock (calls take no phone time, so what is
 * measured is the IVR). It sees every delivery through a measuring webhook transport: the time
 * from each VCA post to its answer, and answers marked as the server's fallback. From each call's
 * transcript it reads the session's status and whether the target acknowledged its VSS.
 *
 * A summary is *lost* when the simulator ended the session but the target never answered its VSS
 * (after the simulator's retries) with a 2xx: the outcome would be missing from its store.
 *
 * @example
 * const result = await driveLoad({ calls: 1000, concurrency: 50, callers }, { vcaUrl, vssUrl, authHeader });
 * result.lost; // 0
 */
import type { SessionView, WebhookTransport } from "../simulator/index.js";
import { callerPicker, type CallerScript } from "./press-script.js";

/** Where the simulator delivers: the IVR's webhook URLs and the Authorization header it requires. */
export interface LoadTarget {
  vcaUrl: string;
  vssUrl: string;
  vcsUrl?: string;
  /** Sent as the Authorization header of every delivery (never printed). */
  authHeader?: string;
}

/** How many calls, how many at once, to which number, and who calls. */
export interface LoadPlan {
  calls: number;
  concurrency: number;
  /** A virtual number of the simulator's sandbox; default its first (+6560000001). */
  to?: string;
  callers: readonly CallerScript[];
  /** Longest wall-clock wait for one call to end; later it counts as unfinished. Default 60 s. */
  callTimeoutMs?: number;
}

/** One caller's share of the run. */
export interface CallerResult {
  name: string;
  press: string[];
  calls: number;
  /** Session statuses (COMPLETED, ERROR...), and UNFINISHED for calls still running at their timeout. */
  outcomes: Record<string, number>;
}

/** What the run measured. */
export interface LoadResult {
  calls: number;
  seconds: number;
  /** VCA answers received, and each one's time from post to answer, in ms (sorted). */
  answerLatenciesMs: Float64Array;
  /** VCAs the target did not answer with a 2xx (another status, refused, reset, timed out). */
  vcaFailed: number;
  /** VCA answers carrying the `x-switchboard-fallback` header (Switchboard marks its fallback answers). */
  fallbacksMarked: number;
  outcomes: Record<string, number>;
  callers: CallerResult[];
  /** Ended sessions whose VSS the target acknowledged with a 2xx. */
  acknowledged: number;
  /** Ended sessions whose VSS it never acknowledged. */
  lost: number;
  /** For the lost ones, how their last VSS delivery ended ("HTTP 401", "ECONNREFUSED"), with counts. */
  lostBecause: Record<string, number>;
  /** Calls that had not ended when their timeout passed. */
  unfinished: number;
}

/** The header a Switchboard server sets on a VCA answered with its fallback. */
export const FALLBACK_HEADER = "x-switchboard-fallback";

/** Growable list of numbers without boxing each one. */
class Samples {
  private values = new Float64Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.length++] = value;
  }
  sorted(): Float64Array {
    return this.values.slice(0, this.length).sort();
  }
}

/** Wraps a transport to time each VCA answered with a 2xx and count answers marked as a fallback. */
function measuring(inner: WebhookTransport, latencies: Samples, tally: { failed: number; fallbacks: number }): WebhookTransport {
  return {
    async deliver(url, request) {
      const vca = request.body.includes('"eventType":"CALL_ACTION"');
      if (!vca) return inner.deliver(url, request);
      const started = performance.now();
      try {
        const response = await inner.deliver(url, request);
        if (response.status >= 200 && response.status < 300) latencies.push(performance.now() - started);
        else tally.failed += 1;
        if (response.headers[FALLBACK_HEADER] !== undefined) tally.fallbacks += 1;
        return response;
      } catch (error) {
        tally.failed += 1;
        throw error;
      }
    },
    close: () => inner.close?.(),
  };
}

type Delivery = Extract<SessionView["transcript"][number], { kind: "webhook" }>;
const isVss = (e: SessionView["transcript"][number]): e is Delivery => e.kind === "webhook" && e.type === "VSS";
const acknowledges = (e: Delivery) => typeof e.status === "number" && e.status >= 200 && e.status < 300;

/** Undefined when the target answered one of this session's VSS deliveries with a 2xx; else how the last one ended. */
function summaryLostBecause(view: SessionView): string | undefined {
  const deliveries = view.transcript.filter(isVss);
  if (deliveries.some(acknowledges)) return undefined;
  const last = deliveries.at(-1);
  if (!last) return "no VSS webhook delivered";
  return typeof last.status === "number" ? `HTTP ${last.status}` : (last.error ?? "no answer");
}

const tallyInto = (counts: Record<string, number>, key: string) => (counts[key] = (counts[key] ?? 0) + 1);

/**
 * Runs the plan: starts a simulator (instant clock, a free port on 127.0.0.1), registers the
 * target's webhooks, places `calls` calls with at most `concurrency` running, and closes it.
 * `onCall` runs after each call ends, with the number ended so far.
 */
export async function driveLoad(plan: LoadPlan, target: LoadTarget, onCall: (done: number) => void = () => undefined): Promise<LoadResult> {
  const { httpWebhookTransport, SANDBOX, startSimulator } = await import("../simulator/index.js");
  const to = plan.to ?? SANDBOX.subaccounts[0]!.numbers![0]!.msisdn;
  const latencies = new Samples();
  const tally = { failed: 0, fallbacks: 0 };
  const sim = await startSimulator({ clock: "instant", webhookTransport: measuring(httpWebhookTransport(), latencies, tally) });
  const auth = target.authHeader !== undefined ? { httpAuthHeader: target.authHeader } : {};
  sim.registerWebhook({ type: "VCA", url: target.vcaUrl, ...auth });
  sim.registerWebhook({ type: "VSS", url: target.vssUrl, ...auth });
  if (target.vcsUrl !== undefined) sim.registerWebhook({ type: "VCS", url: target.vcsUrl, ...auth });

  const pick = callerPicker(plan.callers);
  const callers = new Map(plan.callers.map((c) => [c, { name: c.name, press: c.press, calls: 0, outcomes: {} } as CallerResult]));
  const outcomes: Record<string, number> = {};
  let placed = 0;
  let done = 0;
  let acknowledged = 0;
  let lost = 0;
  const lostBecause: Record<string, number> = {};
  let unfinished = 0;

  const one = async (i: number): Promise<void> => {
    const caller = pick(i);
    const share = callers.get(caller)!;
    share.calls += 1;
    let outcome: string;
    try {
      const view = await sim.dial({ from: `+6591${String(i % 1_000_000).padStart(6, "0")}`, to, press: caller.press, timeoutMs: plan.callTimeoutMs ?? 60_000 });
      outcome = view.summary?.sessionStatus ?? "UNKNOWN";
      const because = summaryLostBecause(view);
      if (because === undefined) acknowledged += 1;
      else {
        lost += 1;
        tallyInto(lostBecause, because);
      }
    } catch (error) {
      if ((error as { code?: string }).code !== "SB_SIM_SESSION_TIMEOUT") throw error;
      outcome = "UNFINISHED";
      unfinished += 1;
    }
    tallyInto(outcomes, outcome);
    tallyInto(share.outcomes, outcome);
    onCall((done += 1));
  };

  const started = performance.now();
  let seconds: number;
  try {
    // Each worker places its next call when its last one has ended: `concurrency` calls at a time.
    const worker = async () => {
      while (placed < plan.calls) await one(placed++);
    };
    await Promise.all(Array.from({ length: Math.min(plan.concurrency, plan.calls) }, worker));
    seconds = (performance.now() - started) / 1000;
  } finally {
    await sim.close();
  }
  return {
    calls: plan.calls,
    seconds,
    answerLatenciesMs: latencies.sorted(),
    vcaFailed: tally.failed,
    fallbacksMarked: tally.fallbacks,
    outcomes,
    callers: [...callers.values()],
    acknowledged,
    lost,
    lostBecause,
    unfinished,
  };
}
