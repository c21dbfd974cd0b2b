/**
 * What each API group of the client shares: the transport, the subaccount, and how to build a
 * path and an error context for a request.
 */
import type { RequestContext } from "./response-errors.js";
import type { Transport } from "./transport.js";

export class ApiContext {
  constructor(
    readonly transport: Transport,
    readonly subaccountId: string,
    readonly now: () => number,
    readonly generateId: () => string,
  ) {}

  /** `/api/v1/subaccounts/<id><suffix>`, with the id encoded (`&` is allowed in ids). */
  path(suffix: string): string {
    return `/api/v1/subaccounts/${encodeURIComponent(this.subaccountId)}${suffix}`;
  }

  context(operation: string, extra: Partial<Omit<RequestContext, "operation" | "subaccountId">> = {}): RequestContext {
    return { operation, subaccountId: this.subaccountId, ...extra, secrets: extra.secrets ?? [] };
  }
}
