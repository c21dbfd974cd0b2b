/**
 * `client.webhooks`: list, create (which replaces an existing URL of the same type) and delete
 * the subaccount's webhooks (SPEC section 2).
 *
 * @example
 * await client.webhooks.create({ type: "VCA", url: "https://ivr.example.com/webhooks/vca", authHeader: secret });
 * const { webhooks } = await client.webhooks.list();
 */
import type { Webhook, WebhookDeleteResponse, WebhookListResponse, WebhookType } from "../voice/index.js";
import { checkWebhookType, checkWebhookUrl } from "./arguments.js";
import type { ApiContext } from "./api-context.js";

/** What `client.webhooks.create()` takes: the type, the URL, and optionally a secret. */
export interface CreateWebhookInput {
  /** Which deliveries go to `url`: VCA, VSS, VCS, VRU or VNU. */
  type: WebhookType;
  /** Absolute URL the platform POSTs deliveries to (https in production). */
  url: string;
  /** A secret the platform sends back as the Authorization header of every delivery. */
  authHeader?: string;
  /** Default true. Sent as both `enabled` (OpenAPI) and `active` (IVR setup guide). */
  enabled?: boolean;
}

/**
 * `client.webhooks`: the subaccount's webhooks, one URL per type. Every call is safe to repeat,
 * so each is retried like a read.
 */
export class WebhooksApi {
  constructor(private readonly api: ApiContext) {}

  /** The subaccount's webhooks; `webhooks` is [] when none are registered. */
  async list(): Promise<WebhookListResponse> {
    const body = (await this.api.transport.request({
      method: "GET",
      path: this.api.path("/webhooks"),
      policy: "idempotent",
      context: this.api.context("list the webhooks"),
    })) as Partial<WebhookListResponse>;
    const webhooks: Webhook[] = Array.isArray(body.webhooks) ? body.webhooks : [];
    return {
      subAccountId: body.subAccountId ?? this.api.subaccountId,
      count: body.count ?? webhooks.length,
      webhooks,
      statusCode: body.statusCode ?? 0,
      statusMessage: body.statusMessage ?? "ok",
    };
  }

  /**
   * Registers (or replaces) the webhook of one type. Safe to repeat, so it is retried like a
   * read. Answers as the OpenAPI file documents it: the subaccount's webhooks after the change.
   */
  async create(input: CreateWebhookInput): Promise<Partial<WebhookListResponse>> {
    const type = checkWebhookType(input.type);
    const url = checkWebhookUrl(input.url);
    const enabled = input.enabled ?? true;
    const body: Record<string, unknown> = { type, url, enabled, active: enabled };
    if (input.authHeader !== undefined) body.httpAuthHeader = input.authHeader;
    return (await this.api.transport.request({
      method: "POST",
      path: this.api.path("/webhooks"),
      body,
      policy: "idempotent",
      context: this.api.context(`create the ${type} webhook`, { secrets: [input.authHeader] }),
    })) as Partial<WebhookListResponse>;
  }

  /** Removes the webhook of one type; a 404 (none registered) throws `VoiceNotFoundError`. */
  async delete(type: WebhookType): Promise<WebhookDeleteResponse> {
    const checked = checkWebhookType(type);
    return (await this.api.transport.request({
      method: "DELETE",
      path: this.api.path(`/webhooks/${checked}`),
      policy: "idempotent",
      context: this.api.context(`delete the ${checked} webhook`, {
        notFound: `no ${checked} webhook is registered on subaccount ${JSON.stringify(this.api.subaccountId)}, or the subaccount does not exist`,
      }),
    })) as WebhookDeleteResponse;
  }
}
