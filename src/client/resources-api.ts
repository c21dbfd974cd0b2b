/**
 * `client.speechProfiles` and `client.numbers`: the read-only resources (SPEC sections 3 and 7).
 *
 * @example
 * const { speechProfiles } = await client.speechProfiles.list();
 * const { numbers } = await client.numbers.list();
 * const check = await client.numbers.get("+6560000001"); // VoiceNotFoundError when not assigned
 */
import { digitsOf, type SpeechProfileList, type VirtualNumberCheck, type VirtualNumberList } from "../voice/index.js";
import type { ApiContext } from "./api-context.js";
import { checkMsisdn } from "./arguments.js";

/** `client.speechProfiles`: the text-to-speech voices the subaccount may use. */
export class SpeechProfilesApi {
  constructor(private readonly api: ApiContext) {}

  /** The voice profiles the subaccount may use in say and sayAndCapture. */
  async list(): Promise<SpeechProfileList> {
    const body = (await this.api.transport.request({
      method: "GET",
      path: this.api.path("/speech-profiles"),
      policy: "idempotent",
      context: this.api.context("list the speech profiles"),
    })) as Partial<SpeechProfileList>;
    return { ...body, speechProfiles: Array.isArray(body.speechProfiles) ? body.speechProfiles : [] };
  }
}

/** `client.numbers`: the subaccount's virtual numbers, listed or checked one at a time. */
export class NumbersApi {
  constructor(private readonly api: ApiContext) {}

  /** The virtual numbers assigned to the subaccount, with their health. */
  async list(): Promise<VirtualNumberList> {
    const body = (await this.api.transport.request({
      method: "GET",
      path: this.api.path("/numbers"),
      policy: "idempotent",
      context: this.api.context("list the virtual numbers"),
    })) as Partial<VirtualNumberList>;
    const numbers = Array.isArray(body.numbers) ? body.numbers : [];
    return { ...body, totalNumbers: body.totalNumbers ?? numbers.length, lastUpdatedAt: body.lastUpdatedAt ?? "", numbers };
  }

  /** One number (E.164, `+` optional); sent as digits, the form the API's path takes. */
  async get(msisdn: string): Promise<VirtualNumberCheck> {
    const digits = digitsOf(checkMsisdn(msisdn));
    return (await this.api.transport.request({
      method: "GET",
      path: this.api.path(`/numbers/${digits}`),
      policy: "idempotent",
      context: this.api.context(`check number +${digits}`, {
        notFound: `number +${digits} is not assigned to subaccount ${JSON.stringify(this.api.subaccountId)}`,
      }),
    })) as VirtualNumberCheck;
  }
}
