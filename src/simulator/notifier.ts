/**
 * Sends a session's webhooks to the URLs its subaccount registered and writes each delivery
 * (with its HTTP status) into the transcript. VCS is best effort: one attempt, outcome ignored.
 * VSS is at-least-once (see `deliverWithRetry`). VCA is one attempt whose answer the runner
 * judges.
 *
 * @example
 * await notifier.vcs(session, leg, "CALL_CONNECTED");
 */
import type { VcsCallStatus, WebhookType } from "../voice/index.js";
import { createPoster, deliverWithRetry, type DeliveryResult, type Poster, type RetryPolicy } from "./delivery.js";
import type { WebhookTransport } from "./transport.js";
import { buildVca, buildVcs, buildVss, type EventContext, type VcaInput } from "./event-bodies.js";
import type { Platform, StoredWebhook } from "./platform.js";
import { note, type Leg, type Session } from "./session.js";

export interface NotifierOptions extends EventContext {
  platform: Platform;
  /** How each POST reaches the server: real HTTP, or a server's inject() in process. */
  transport: WebhookTransport;
  vcaTimeoutMs: number;
  vss: RetryPolicy;
}

export class Notifier {
  private readonly post: Poster;

  constructor(private readonly options: NotifierOptions) {
    this.post = createPoster(options.transport);
  }

  /** Releases what the transport holds (keep-alive sockets); call when the simulator stops. */
  close(): void {
    this.options.transport.close?.();
  }

  webhook(session: Session, type: WebhookType): StoredWebhook | undefined {
    return this.options.platform.webhook(session.subAccountId, type);
  }

  private record(session: Session, hook: StoredWebhook, body: { eventType: string; payload: object }, result: DeliveryResult, attempt: number, leg?: string, duplicate = false) {
    const callStatus = (body.payload as { callStatus?: string }).callStatus;
    note(session, {
      kind: "webhook",
      ...(leg ? { leg } : {}),
      type: hook.type,
      eventType: body.eventType,
      ...(callStatus ? { callStatus } : {}),
      url: hook.url,
      status: result.status,
      attempt,
      ...(result.error ? { error: result.error } : {}),
      ...(result.fallback ? { fallback: result.fallback } : {}),
      ...(duplicate ? { duplicate: true } : {}),
    });
  }

  /** Best-effort call status; skipped when no VCS webhook is registered. */
  async vcs(session: Session, leg: Leg, callStatus: VcsCallStatus): Promise<void> {
    const hook = this.webhook(session, "VCS");
    if (!hook) return;
    const body = buildVcs(this.options, session, leg, callStatus);
    const result = await this.post(hook.url, body, hook.httpAuthHeader, this.options.vcaTimeoutMs);
    this.record(session, hook, body, result, 1, leg.key);
  }

  /** One VCA delivery; undefined when no VCA webhook is registered. */
  async vca(session: Session, leg: Leg, input: VcaInput): Promise<DeliveryResult | undefined> {
    const hook = this.webhook(session, "VCA");
    if (!hook) return undefined;
    const body = buildVca(this.options, session, leg, input);
    const result = await this.post(hook.url, body, hook.httpAuthHeader, this.options.vcaTimeoutMs);
    this.record(session, hook, body, result, 1, leg.key);
    return result;
  }

  /** Builds the VSS, keeps it on the session, and delivers it at least once when registered. */
  async vss(session: Session): Promise<void> {
    const body = buildVss(session);
    session.vss = body;
    const hook = this.webhook(session, "VSS");
    if (!hook) return;
    await deliverWithRetry(
      () => this.post(hook.url, body, hook.httpAuthHeader, this.options.vcaTimeoutMs),
      this.options.vss,
      (ms) => session.clock.sleep(ms),
      ({ attempt, result, duplicate }) => this.record(session, hook, body, result, attempt, undefined, duplicate),
    );
  }
}
