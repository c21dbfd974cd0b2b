/**
 * `serve --forward-outcomes URL`: posts each classified session outcome as JSON to a URL of the
 * user's, from a durable outbox. The outbox is the store's jobs: a `forward-outcome` job is
 * written in the summary's own transaction (so it survives restarts and a redelivered summary adds
 * none), leased while it is sent, marked done on a 2xx, and otherwise tried again with backoff
 * (1 s, 5 s, 30 s, 2 min, 10 min, then hourly) for as long as it takes: nothing is dropped. The
 * receiver may see an outcome twice (a crash between its 2xx and the done mark), never zero times:
 * it should key on `sessionId`.
 *
 * @example
 * const forwarder = new OutcomeForwarder({ store: store.outbound, url: "https://crm.example.com/outcomes", authHeader: "Bearer t0ken" });
 * await forwarder.tick();
 */
import { randomUUID } from "node:crypto";
import type { OutboundStore } from "../store/index.js";

/** The kind of the job that forwards one outcome. */
export const FORWARD_JOB = "forward-outcome";

/** Waits before each retry of a failed forward; the last repeats. */
const BACKOFF_MS = [1_000, 5_000, 30_000, 120_000, 600_000, 3_600_000];
/** Forwards sent at once. */
const CONCURRENCY = 8;

/** What `OutcomeForwarder` takes. */
export interface OutcomeForwarderOptions {
  store: OutboundStore;
  /** Where each outcome is posted (http or https). */
  url: string;
  /** Sent verbatim as the Authorization header, when given; never logged. */
  authHeader?: string;
  now?: () => Date;
  /** How long one POST may take; default 10 s. */
  timeoutMs?: number;
  /** Hears a forward that failed and will be tried again (never with the header). */
  onFailure?(failure: { key: string; tries: number; reason: string; retryAt: Date }): void;
}

/** Sends the outbox of outcomes; `tick()` sends what is due (see the module comment). */
export class OutcomeForwarder {
  private readonly owner = `forwarder-${randomUUID()}`;
  private readonly now: () => Date;

  constructor(private readonly options: OutcomeForwarderOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** Sends the due forwards (up to 8 at once, 100 a round); resolves when each is done or deferred. */
  async tick(): Promise<void> {
    const jobs = await this.options.store.claimJobs({ kinds: [FORWARD_JOB], now: this.now(), leaseMs: 60_000, owner: this.owner, limit: 100 });
    let next = 0;
    const worker = async () => {
      while (next < jobs.length) {
        const job = jobs[next++]!;
        const failure = await this.post(job.payload);
        if (failure === null) {
          await this.options.store.finishJob(job.key, this.owner, this.now());
          continue;
        }
        const retryAt = new Date(this.now().getTime() + (BACKOFF_MS[Math.min(job.tries, BACKOFF_MS.length - 1)] as number));
        await this.options.store.deferJob(job.key, this.owner, retryAt, failure);
        this.options.onFailure?.({ key: job.key, tries: job.tries + 1, reason: failure, retryAt });
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, jobs.length) }, worker));
  }

  /** Null when the receiver took it (2xx), else why not. */
  private async post(payload: unknown): Promise<string | null> {
    try {
      const response = await fetch(this.options.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...(this.options.authHeader ? { authorization: this.options.authHeader } : {}) },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
      await response.arrayBuffer().catch(() => undefined);
      return response.ok ? null : `HTTP ${response.status}`;
    } catch (error) {
      return (error as Error).name === "TimeoutError" ? "no answer in time" : `cannot reach it (${(error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message})`;
    }
  }
}
