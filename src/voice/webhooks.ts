/**
 * The Webhooks API (SPEC section 2): five types, one URL per type per subaccount.
 *
 * @example
 * const body: WebhookCreateRequest = { type: "VCA", url: "https://ivr.example.com/webhooks/vca" };
 */
import { Type, type Static } from "@sinclair/typebox";

export const WEBHOOK_TYPES = ["VCA", "VSS", "VCS", "VRU", "VNU"] as const;
export type WebhookType = (typeof WEBHOOK_TYPES)[number];
export const WebhookTypeSchema = Type.Union(WEBHOOK_TYPES.map((t) => Type.Literal(t)), {
  title: "WebhookType",
});

/** A subaccount id: SPEC section 1. */
export const SUBACCOUNT_PATTERN = "^[A-Za-z0-9\\-._&]{3,50}$";

export const WebhookCreateRequest = Type.Object(
  {
    type: WebhookTypeSchema,
    url: Type.String({ minLength: 1 }),
    httpAuthHeader: Type.Optional(Type.String()),
    enabled: Type.Optional(Type.Boolean({ default: true })),
    /** The IVR setup guide's spelling of `enabled`; `enabled` wins when both are present. */
    active: Type.Optional(Type.Boolean()),
  },
  { title: "WebhookCreateRequest" },
);
export type WebhookCreateRequest = Static<typeof WebhookCreateRequest>;

/** A webhook as the platform lists it; the secret itself is never returned. */
export const Webhook = Type.Object(
  {
    type: Type.String(),
    url: Type.String(),
    enabled: Type.Boolean(),
    httpAuthHeaderAvailable: Type.Boolean(),
  },
  { title: "Webhook" },
);
export type Webhook = Static<typeof Webhook>;

export const WebhookListResponse = Type.Object(
  {
    subAccountId: Type.String(),
    count: Type.Integer(),
    webhooks: Type.Array(Webhook),
    statusCode: Type.Integer(),
    statusMessage: Type.String(),
  },
  { title: "WebhookListResponse" },
);
export type WebhookListResponse = Static<typeof WebhookListResponse>;

export const WebhookDeleteResponse = Type.Intersect(
  [Webhook, Type.Object({ statusCode: Type.Integer(), statusMessage: Type.String() })],
  { title: "WebhookDeleteResponse" },
);
export type WebhookDeleteResponse = Static<typeof WebhookDeleteResponse>;

/** 422 body of an invalid webhook create (`statusCode` is a string here, as 8x8 sends it). */
export const WebhookErrorResponse = Type.Object(
  {
    errorId: Type.String(),
    statusCode: Type.String(),
    statusMessage: Type.String(),
    timestamp: Type.String(),
  },
  { title: "WebhookErrorResponse" },
);
export type WebhookErrorResponse = Static<typeof WebhookErrorResponse>;
