/**
 * The simulator's in-memory platform: subaccounts and their API keys, virtual numbers, the
 * registered webhooks, scripted callees and the sessions. Nothing here does I/O.
 *
 * @example
 * const platform = new Platform(SANDBOX);
 * platform.numberOwner("+6560000001"); // { subAccountId: "sandbox", number: {...} }
 */
import { countryOfNumber, toE164, type WebhookType } from "../voice/index.js";
import type { CalleeConfig, NumberConfig, SimulatorConfig, SubaccountConfig } from "./config.js";
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

/** Ended sessions kept for `GET /_sim/sessions/:id`; the oldest go first beyond this. */
const MAX_KEPT_SESSIONS = 20_000;

export class Platform {
  readonly subaccounts = new Map<string, SubaccountState>();
  readonly callees = new Map<string, CalleeConfig>();
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

  setCallee(callee: CalleeConfig): void {
    this.callees.set(toE164(callee.number), { ...callee, number: toE164(callee.number) });
  }

  /** A scripted callee, or one who answers and presses nothing. */
  callee(number: string): CalleeConfig {
    return this.callees.get(toE164(number)) ?? { number: toE164(number), behavior: "answer" };
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
