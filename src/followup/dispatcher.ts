/**
 * The outbound scheduler: on each tick it settles what the platform reported (summary jobs, then
 * attempts that expired without one), completes campaigns with nothing left, and opens and sends
 * the attempts that are due, within the server-wide call rate, each campaign's own rate and its
 * concurrency (sessions in progress, counted until their summary or until they turn `unknown`).
 *
 * Every decision is in the store (see `OutboundStore`), so a restart loses nothing and calls
 * nobody twice: an attempt is recorded before it is sent, and one whose send answer was lost is
 * never resent blind. Several instances can run a dispatcher on one PostgreSQL database: jobs are
 * leased and due requests opened under row locks.
 *
 * Time comes from `now()` (or a `clock`), so tests run it on a simulated clock; `tick()` runs one
 * round and `start()` runs rounds every `intervalMs` until `stop()`. A round that did nothing and
 * left nothing open tells the clock, and an instant clock jumps to the next due time
 * (`followup-clock.ts`).
 *
 * @example
 * const dispatcher = new Dispatcher({ store: store.outbound, send: (input) => client.callflows.send(input), callflowFor: flows.callflowFor });
 * dispatcher.start();
 */
import { randomUUID } from "node:crypto";
import type { SendCallflowInput, SendCallflowResult } from "../client/index.js";
import type { AttemptWithRequest, OutboundRequest, OutboundStore } from "../store/index.js";
import type { FollowupClock } from "./followup-clock.js";
import { Pacer } from "./pacer.js";
import { SendSpacer } from "./send-spacer.js";
import { sendFailure, type SendOutcome } from "./send-outcome.js";
import { expireAttempts, settleSummary, type Settled } from "./settle.js";
import { SUMMARY_JOB, type SummaryJobPayload } from "./summary-jobs.js";

/** The Send Callflow body for an attempt of a request (flow, numbers, variables), minus the ids the dispatcher adds. */
export type CallflowFor = (request: OutboundRequest) => Omit<SendCallflowInput, "clientRequestId" | "validUntil">;

/** What happened to one attempt the dispatcher sent. */
export interface AttemptEvent {
  clientRequestId: string;
  requestId: string;
  campaign: string | null;
  outcome: SendOutcome;
}

/** What a `Dispatcher` works with: the store, how to send, how to build a request's callflow, its clock and limits, and listeners. */
export interface DispatcherOptions {
  /** Where requests, attempts, campaigns and jobs live. */
  store: OutboundStore;
  /** Sends one Send Callflow (`client.callflows.send`, with the client's own retries off). */
  send(input: SendCallflowInput): Promise<SendCallflowResult>;
  /** Builds the body for a request; throwing refuses the attempt (e.g. its flow is not loaded). */
  callflowFor: CallflowFor;
  /** The scheduler's clock; default the wall clock. */
  now?: () => Date;
  /** A clock told when a round was idle (an instant clock jumps ahead); its `now` wins over `now`. */
  clock?: FollowupClock;
  /** Job kinds that `eachRound` claims, so an instant clock counts them as due work. */
  moreJobKinds?: readonly string[];
  /** Jitter source for retry backoff; default Math.random. */
  random?: () => number;
  /** Calls per second across everything this process places (8x8's limits are per account); default 10. */
  maxCallRate?: number;
  /** How often `start()` ticks; default 250 ms. */
  intervalMs?: number;
  /** This process's name in job leases; default a random one. */
  owner?: string;
  /** How long a claimed job is leased; default 60 s. */
  leaseMs?: number;
  /** Hears each settled attempt (a summary or an expiry closed it). */
  onSettled?(settled: Settled): void;
  /** Hears each attempt sent, with what the send came to. */
  onAttempt?(event: AttemptEvent): void;
  /** Hears what went wrong inside a tick (a store outage); the next tick tries again. */
  onError?(error: unknown): void;
  /**
   * Called with every summary job before it is marked done (so at least once per session, and
   * again after a crash between the two); what it throws is reported through `onError`.
   */
  onSummary?(summary: SummaryJobPayload): Promise<void>;
  /** Place due calls (default true); false settles, expires and forwards only (no way to send). */
  placeCalls?: boolean;
  /** More work for each round (the outcome forwarder), after the dispatcher's own. */
  eachRound?: () => Promise<void>;
}

/**
 * How late a send may go and still keep the spacer's schedule (ms): under the Pacer's 50 ms margin
 * (its window is 1,050 ms), so a second of sends on a busy event loop stays within the rate.
 */
const CATCH_UP_MS = 40;

/** How often `start()` ticks by default (ms). */
const DEFAULT_INTERVAL_MS = 250;

/** Most rows a tick reads of each kind. */
const BATCH = 100;

/** The outbound scheduler (see the module comment): `tick()` runs one round, `start()` runs them until `stop()`. */
export class Dispatcher {
  private readonly store: OutboundStore;
  private readonly now: () => Date;
  private readonly globalPacer: Pacer;
  private readonly campaignPacers = new Map<string, { rate: number; pacer: Pacer; spacer: SendSpacer }>();
  /** Null on an instant clock, whose time stands still while sends are in flight. */
  private readonly globalSpacer: SendSpacer | null;
  private readonly sending = new Set<Promise<void>>();
  private readonly owner: string;
  private timer: NodeJS.Timeout | undefined;
  /** How long the last round took (wall ms). */
  private lastRoundMs = 0;
  private ticking: Promise<void> | undefined;

  constructor(private readonly options: DispatcherOptions) {
    this.store = options.store;
    this.now = options.clock?.now ?? options.now ?? (() => new Date());
    this.globalPacer = new Pacer(options.maxCallRate ?? 10);
    this.globalSpacer = options.clock?.mode === "instant" ? null : new SendSpacer(this.globalPacer.spacingMs, CATCH_UP_MS);
    this.owner = options.owner ?? `dispatcher-${randomUUID()}`;
  }

  /** Ticks every `intervalMs` until `stop()`; a tick never overlaps the previous one. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.ticking ??= this.tick()
        .catch((error: unknown) => this.options.onError?.(error))
        .finally(() => {
          this.ticking = undefined;
        });
    }, this.options.intervalMs ?? DEFAULT_INTERVAL_MS);
    this.timer.unref();
  }

  /** Stops ticking and waits for the tick and the sends in progress. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.ticking;
    await this.idle();
  }

  /** Sends started and not yet recorded. */
  sendsInProgress(): number {
    return this.sending.size;
  }

  /** Resolves when every send started so far has been recorded. */
  async idle(): Promise<void> {
    while (this.sending.size > 0) await Promise.all([...this.sending]);
  }

  /** One round: settle, expire, complete campaigns, then place what is due. */
  async tick(): Promise<void> {
    const started = performance.now();
    try {
      await this.round();
    } finally {
      this.lastRoundMs = performance.now() - started;
    }
  }

  private async round(): Promise<void> {
    const claimed = await this.settleSummaries();
    const settled = await expireAttempts(this.store, this.now(), BATCH, this.options.random);
    for (const s of settled) this.options.onSettled?.(s);
    const opened = await this.placeDue();
    await this.options.eachRound?.();
    const clock = this.options.clock;
    if (!clock || clock.mode === "real") return;
    if (claimed + settled.length + opened === 0 && this.sending.size === 0 && (await this.store.countOpenAttempts()) === 0) {
      await clock.idle(this.store, [SUMMARY_JOB, ...(this.options.moreJobKinds ?? [])]);
    } else {
      clock.busy();
    }
  }

  /** Settles the due summary jobs; how many it claimed. */
  private async settleSummaries(): Promise<number> {
    const jobs = await this.store.claimJobs({ kinds: [SUMMARY_JOB], now: this.now(), leaseMs: this.options.leaseMs ?? 60_000, owner: this.owner, limit: BATCH });
    for (const job of jobs) {
      const settled = await settleSummary(this.store, job, this.now(), this.options.random);
      if (this.options.onSummary) await this.options.onSummary(job.payload as SummaryJobPayload).catch((error: unknown) => this.options.onError?.(error));
      await this.store.finishJob(job.key, this.owner, this.now());
      if (settled) this.options.onSettled?.(settled);
    }
    return jobs.length;
  }

  /** Opens and sends what is due; how many attempts it opened. */
  private async placeDue(): Promise<number> {
    if (this.options.placeCalls === false) return 0;
    const now = this.now();
    const at = now.getTime();
    let opened = await this.place(null, this.globalPacer.take(at, this.sendable(BATCH, null)), now);
    for (const campaign of await this.store.listCampaigns()) {
      if (campaign.state === "RUNNING" && (campaign.counts.scheduled ?? 0) === 0 && (campaign.counts.dialing ?? 0) === 0) {
        await this.store.setCampaignState(campaign.name, ["RUNNING"], "COMPLETE", now);
        continue;
      }
      if (campaign.state !== "RUNNING" || (campaign.counts.scheduled ?? 0) === 0) continue;
      const room = campaign.concurrency - (await this.store.countOpenAttempts(campaign.name));
      const pacer = this.pacerFor(campaign.name, campaign.rate);
      const allowed = pacer.take(at, this.sendable(Math.max(0, room), campaign.name));
      const global = this.globalPacer.take(at, this.sendable(allowed, null));
      pacer.giveBack(allowed - global);
      opened += await this.place(campaign.name, global, now);
    }
    return opened;
  }

  private pacerFor(name: string, rate: number): Pacer {
    const known = this.campaignPacers.get(name);
    if (known && known.rate === rate) return known.pacer;
    const pacer = new Pacer(rate);
    this.campaignPacers.set(name, { rate, pacer, spacer: new SendSpacer(pacer.spacingMs, CATCH_UP_MS) });
    return pacer;
  }

  /** Opens up to `budget` due attempts of one scope and sends them; unused budget goes back. */
  private async place(campaign: string | null, budget: number, now: Date): Promise<number> {
    if (budget <= 0) return 0;
    const opened = await this.store.openDueAttempts({ now, limit: budget, campaign });
    const unused = budget - opened.length;
    this.globalPacer.giveBack(unused);
    if (campaign !== null) this.campaignPacers.get(campaign)?.pacer.giveBack(unused);
    for (const attempt of opened) {
      const sending = this.sendOne(attempt, this.turnFor(campaign)).finally(() => this.sending.delete(sending));
      this.sending.add(sending);
    }
    return opened.length;
  }

  /**
   * `wanted`, cut to what the scope's spacer (a campaign's, or the server's for null) can send
   * before the round after next is likely to start (all of it on an instant clock): a round lasts
   * `lastRoundMs` and waits `intervalMs` after that.
   */
  private sendable(wanted: number, campaign: string | null): number {
    const spacer = campaign === null ? this.globalSpacer : this.globalSpacer && this.campaignPacers.get(campaign)?.spacer;
    if (!spacer) return wanted;
    const interval = this.options.intervalMs ?? DEFAULT_INTERVAL_MS;
    return Math.min(wanted, spacer.room(2 * (interval + this.lastRoundMs)));
  }

  /**
   * The wall-clock turn of one send, taken now so the next round's `sendable` sees the queue: a
   * campaign's own spacing, then the server's; none on an instant clock.
   */
  private turnFor(campaign: string | null): Promise<void> | undefined {
    const global = this.globalSpacer;
    if (!global) return undefined;
    const own = campaign === null ? undefined : this.campaignPacers.get(campaign)?.spacer;
    return own ? own.turn(() => global.turn()) : global.turn();
  }

  private async sendOne({ request, attempt }: AttemptWithRequest, turn: Promise<void> | undefined): Promise<void> {
    await turn;
    // A 429 answered while this send waited for its turn pauses it too: it is taken back, never sent.
    const outcome = this.pausedOutcome() ?? (await this.sendAttempt(request, attempt));
    try {
      await this.record(attempt.clientRequestId, outcome);
    } catch (error) {
      // The attempt stays `sending`: its summary or its expiry settles it; it is never resent blind.
      this.options.onError?.(error);
    }
    this.options.onAttempt?.({ clientRequestId: attempt.clientRequestId, requestId: request.requestId, campaign: request.campaign, outcome });
  }

  /** Withdrawn until the pause's end when a 429 paused sending (since this attempt was opened); else undefined. */
  private pausedOutcome(): SendOutcome | undefined {
    const now = this.now().getTime();
    const until = this.globalPacer.pausedUntilAt(now);
    if (until === undefined) return undefined;
    return { kind: "withdrawn", retryAfterMs: until - now, rateLimited: false, detail: "not sent: the platform answered 429 while this call waited for its turn; sent again after its Retry-After" };
  }

  /** Builds and sends one attempt; a body that cannot be built was never sent, so it is refused, not in doubt. */
  private async sendAttempt(request: OutboundRequest, attempt: AttemptWithRequest["attempt"]): Promise<SendOutcome> {
    let body: ReturnType<CallflowFor>;
    try {
      body = this.options.callflowFor(request);
    } catch (error) {
      return { kind: "refused", errorCode: null, detail: error instanceof Error ? error.message : String(error) };
    }
    try {
      const result = await this.options.send({ ...body, clientRequestId: attempt.clientRequestId, validUntil: attempt.validUntil });
      return { kind: "placed", sessionId: result.sessionId };
    } catch (error) {
      return sendFailure(error);
    }
  }

  private async record(clientRequestId: string, outcome: SendOutcome): Promise<void> {
    const now = this.now();
    switch (outcome.kind) {
      case "placed":
        await this.store.placeAttempt(clientRequestId, outcome.sessionId, now);
        return;
      case "withdrawn": {
        const retryAt = new Date(now.getTime() + outcome.retryAfterMs);
        if (outcome.rateLimited) this.globalPacer.pauseUntil(retryAt.getTime());
        await this.store.withdrawAttempt(clientRequestId, retryAt);
        return;
      }
      case "refused":
        await this.store.closeAttempt({
          clientRequestId,
          state: "refused",
          at: now,
          outcome: "failed",
          errorCode: outcome.errorCode,
          detail: outcome.detail,
          next: { final: "failed" },
        });
        return;
      case "in-doubt":
        // Left `sending` on purpose: see the module comment of send-outcome.ts.
        return;
    }
  }
}
