/**
 * The Webhooks API at 8x8's paths (SPEC section 2): create (replacing an existing type),
 * list, delete. `enabled` wins over `active`; `httpAuthHeader` is stored, never returned.
 *
 * @example
 * POST /api/v1/subaccounts/sandbox/webhooks { "type": "VCA", "url": "http://127.0.0.1:3000/vca" }
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import {
  WEBHOOK_TYPES,
  Webhook,
  WebhookCreateRequest,
  WebhookDeleteResponse,
  WebhookErrorResponse,
  WebhookListResponse,
  type WebhookType,
} from "../../voice/index.js";
import type { StoredWebhook, SubaccountState } from "../platform.js";
import { AUTH_RESPONSES, authorize, platformError, PlatformError } from "./auth.js";
import { INVALID_JSON, type RouteContext } from "./context.js";
import type { RouteTable } from "./route-table.js";
import { checkAgainst } from "./validator.js";

const BASE = "/api/v1/subaccounts/:subAccountId/webhooks";

const listed = (hook: StoredWebhook): Webhook => ({
  type: hook.type,
  url: hook.url,
  enabled: hook.enabled,
  httpAuthHeaderAvailable: hook.httpAuthHeader !== undefined && hook.httpAuthHeader !== "",
});

function isHttpUrl(url: string): boolean {
  try {
    return ["http:", "https:"].includes(new URL(url).protocol);
  } catch {
    return false;
  }
}

export function registerWebhookRoutes(app: FastifyInstance, table: RouteTable, ctx: RouteContext): void {
  const guard = (request: { headers: { authorization?: string }; params: unknown }, reply: FastifyReply): SubaccountState | undefined => {
    const { subAccountId } = request.params as { subAccountId: string };
    const verdict = authorize(ctx.platform, request.headers.authorization, subAccountId);
    if (verdict.ok) return verdict.sub;
    void reply.code(verdict.status).send(platformError(verdict.status, verdict.message, ctx.clock.now()));
    return undefined;
  };
  const invalidBody = (reply: FastifyReply) =>
    reply.code(422).send({ errorId: ctx.newId(), statusCode: "1001", statusMessage: "Invalid JSON request body", timestamp: new Date(ctx.clock.now()).toISOString() });

  table.add(
    app,
    {
      method: "POST",
      url: BASE,
      summary: "Create a webhook (an existing type is replaced)",
      tag: "8x8",
      secured: true,
      body: WebhookCreateRequest,
      responses: { 200: { description: "Created", schema: WebhookListResponse }, ...AUTH_RESPONSES, 422: { description: "Invalid parameters", schema: WebhookErrorResponse } },
    },
    async (request, reply) => {
      const sub = guard(request, reply);
      if (!sub) return reply;
      const body = request.body;
      if (body === INVALID_JSON || checkAgainst(WebhookCreateRequest, body).length > 0) return invalidBody(reply);
      const input = body as WebhookCreateRequest;
      if (!isHttpUrl(input.url)) return invalidBody(reply);
      const hook: StoredWebhook = { type: input.type, url: input.url, enabled: input.enabled ?? input.active ?? true };
      if (input.httpAuthHeader !== undefined) hook.httpAuthHeader = input.httpAuthHeader;
      sub.webhooks.set(input.type, hook);
      return { subAccountId: sub.config.id, count: 1, webhooks: [listed(hook)], statusCode: 0, statusMessage: "ok" };
    },
  );

  table.add(
    app,
    { method: "GET", url: BASE, summary: "List webhooks", tag: "8x8", secured: true, responses: { 200: { description: "The webhooks", schema: WebhookListResponse }, ...AUTH_RESPONSES } },
    async (request, reply) => {
      const sub = guard(request, reply);
      if (!sub) return reply;
      const webhooks = WEBHOOK_TYPES.flatMap((type) => {
        const hook = sub.webhooks.get(type);
        return hook ? [listed(hook)] : [];
      });
      return { subAccountId: sub.config.id, count: webhooks.length, webhooks, statusCode: 0, statusMessage: "ok" };
    },
  );

  table.add(
    app,
    {
      method: "DELETE",
      url: `${BASE}/:webhookType`,
      docUrl: `${BASE}/:webhook-type`,
      summary: "Delete a webhook",
      tag: "8x8",
      secured: true,
      responses: {
        200: { description: "Deleted", schema: WebhookDeleteResponse },
        ...AUTH_RESPONSES,
        422: { description: "Unknown webhook type", schema: WebhookErrorResponse },
        404: { description: "Unknown subaccount, or no webhook of this type registered", schema: PlatformError },
      },
    },
    async (request, reply) => {
      const sub = guard(request, reply);
      if (!sub) return reply;
      const type = (request.params as { webhookType: string }).webhookType as WebhookType;
      if (!WEBHOOK_TYPES.includes(type)) return invalidBody(reply);
      const hook = sub.webhooks.get(type);
      if (!hook) return reply.code(404).send(platformError(404, `Webhook not found by type : ${type}`, ctx.clock.now()));
      sub.webhooks.delete(type);
      return { subAccountId: sub.config.id, ...listed(hook), statusCode: 0, statusMessage: "deleted" };
    },
  );
}
