/**
 * The simulator's in-memory platform: subaccounts and their API keys, virtual numbers, the
 * registered webhooks, scripted callees and the sessions. Nothing here does I/O.
 *
 * @example
 * const platform = new Platform(SANDBOX);
 * platform.numberOwner("+6560000001"); // { subAccountId: "sandbox", number: {...} }
 */
import { countryOfNumber, toE164, type WebhookType } from "../voice/index.js";
import type { CalleeConfig, CalleeStep, NumberConfig, SimulatorConfig, SubaccountConfig } from "./config.js";
import type { Session } from "./session.js";

export interface StoredWebhook {
  type: WebhookType;
  url: string;
  enabled: boolean;
  httpAuthHeader?: string;
}

export interface SubaccountState {
  config: SubaccountConfig;
  webhooks: Map<WebhookType, StoredWebhook>;
}

export interface VirtualNumberEntry {
  msisdn: string;
  referenceId: string;
  country: string;
}

/** What a number does with one call placed to it: this call's step and the callee's script. */
export interface CalleeTurn {
  step: CalleeStep;
  /** One entry per capture prompt played, as a scripted caller's. */
  press: readonly string[];
  hangupAfterMs?: number;
}

/** A scripted callee as the platform keeps it: E.164 number, press as a list. */
export type StoredCallee = CalleeConfig & { press?: string[] };

/** Ended sessions kept for `GET /_sim/sessions/:id`; the oldest go first beyond this. */
const MAX_KEPT_SESSIONS = 20_000;

export class Platform {
  readonly subaccounts = new Map<string, SubaccountState>();
  readonly callees = new Map<string, StoredCallee>();
  /** Calls placed to each scripted number since it was scripted: where its behaviour list stands. */
  private readonly callsPlaced = new Map<string, number>();
  readonly sessions = new Map<string, Session>();
  private readonly numbers = new Map<string, { subAccountId: string; number: VirtualNumberEntry }>();

  constructor(config: Required<Pick<SimulatorConfig, "subaccounts">> & Pick<SimulatorConfig, "callees">) {
    for (const sub of config.subaccounts) {
      this.subaccounts.set(sub.id, { config: sub, webhooks: new Map() });
      for (const number of sub.numbers ?? []) {
        const entry = toEntry(number);
        this.numbers.set(entry.msisdn, { subAccountId: sub.id, number: entry });
      }
    }
    for (const callee of config.callees ?? []) this.setCallee(callee);
  }

  /** Whether any subaccount accepts this API key. */
  isKnownKey(key: string): boolean {
    for (const sub of this.subaccounts.values()) if (sub.config.apiKeys.includes(key)) return true;
    return false;
  }

  numbersOf(subAccountId: string): VirtualNumberEntry[] {
    return (this.subaccounts.get(subAccountId)?.config.numbers ?? []).map(toEntry);
  }

  /** The subaccount a virtual number belongs to, if any. */
  numberOwner(msisdn: string): { subAccountId: string; number: VirtualNumberEntry } | undefined {
    return this.numbers.get(toE164(msisdn));
  }

  /** The reference id of a virtual number of this subaccount, or null. */
  refIdOf(subAccountId: string, msisdn: string): string | null {
    const owner = this.numberOwner(msisdn);
    return owner && owner.subAccountId === subAccountId ? owner.number.referenceId : null;
  }

  /** The enabled webhook of a type, if registered. */
  webhook(subAccountId: string, type: WebhookType): StoredWebhook | undefined {
    const hook = this.subaccounts.get(subAccountId)?.webhooks.get(type);
    return hook?.enabled ? hook : undefined;
  }

  /** Scripts a number (replacing its script); its behaviour list starts again from the first entry. */
  setCallee(callee: CalleeConfig): void {
    const number = toE164(callee.number);
    const { press, ...rest } = callee;
    const stored: StoredCallee = { ...rest, number, ...(press !== undefined ? { press: typeof press === "string" ? [press] : press } : {}) };
    this.callees.set(number, stored);
    this.callsPlaced.delete(number);
  }

  /** A scripted callee, or one who answers and presses nothing. */
  callee(number: string): StoredCallee {
    return this.callees.get(toE164(number)) ?? { number: toE164(number), behavior: "answer" };
  }

  /**
   * Places a call to a number: the step of its behaviour for this call (a list is used one entry
   * per call placed, and its last entry repeats once used up) and its script.
   */
  placeCall(number: string): CalleeTurn {
    const callee = this.callee(number);
    const steps = Array.isArray(callee.behavior) ? callee.behavior : [callee.behavior];
    const placed = this.callsPlaced.get(callee.number) ?? 0;
    if (this.callees.has(callee.number)) this.callsPlaced.set(callee.number, placed + 1);
    const step = steps[Math.min(placed, steps.length - 1)]!;
    return { step, press: callee.press ?? [], ...(callee.hangupAfterMs !== undefined ? { hangupAfterMs: callee.hangupAfterMs } : {}) };
  }

  addSession(session: Session): void {
    this.sessions.set(session.id, session);
    if (this.sessions.size <= MAX_KEPT_SESSIONS) return;
    for (const [id, old] of this.sessions) {
      if (this.sessions.size <= MAX_KEPT_SESSIONS) break;
      if (old.state === "ended") this.sessions.delete(id);
    }
  }
}

function toEntry(number: NumberConfig): VirtualNumberEntry {
  const msisdn = toE164(number.msisdn);
  return { msisdn, referenceId: number.referenceId, country: number.country ?? countryOfNumber(msisdn) ?? "ZZ" };
}
