/**
 * The Webhooks API (SPEC section 2): five types, one URL per type per subaccount.
 *
 * @example
 * const body: WebhookCreateRequest = { type: "VCA", url: "https://ivr.example.com/webhooks/vca" };
 */
import { Type, type Static } from "@sinclair/typebox";

/**
 * The five webhook types: VCA (call action: the app decides what happens next), VSS (session
 * summary), VCS (call status), VRU (recording uploaded), VNU (virtual number updated).
 */
export const WEBHOOK_TYPES = ["VCA", "VSS", "VCS", "VRU", "VNU"] as const;
/** One of the five webhook types (see `WEBHOOK_TYPES`); a subaccount has at most one URL per type. */
export type WebhookType = (typeof WEBHOOK_TYPES)[number];
/** The JSON Schema of a webhook type. */
export const WebhookTypeSchema = Type.Union(WEBHOOK_TYPES.map((t) => Type.Literal(t)), {
  title: "WebhookType",
});

/** A subaccount id: SPEC section 1. */
export const SUBACCOUNT_PATTERN = "^[A-Za-z0-9\\-._&]{3,50}$";

/** The JSON Schema of a webhook create request (published as `webhook-create-request`). */
export const WebhookCreateRequest = Type.Object(
  {
    /** Which deliveries go to `url`. */
    type: WebhookTypeSchema,
    /** Where the platform POSTs the deliveries (https in production). */
    url: Type.String({ minLength: 1 }),
    /** A secret the platform sends back verbatim as the `Authorization` header of every delivery; never listed. */
    httpAuthHeader: Type.Optional(Type.String()),
    /** Whether deliveries are sent (default true). */
    enabled: Type.Optional(Type.Boolean({ default: true })),
    /** The IVR setup guide's spelling of `enabled`; `enabled` wins when both are present. */
    active: Type.Optional(Type.Boolean()),
  },
  { title: "WebhookCreateRequest" },
);
/**
 * The body of `POST /webhooks`: registers the subaccount's URL for one type (an existing one is
 * replaced), with an optional secret for the deliveries' `Authorization` header.
 */
export type WebhookCreateRequest = Static<typeof WebhookCreateRequest>;

/** The JSON Schema of a webhook as the platform lists it (published as `webhook`). */
export const Webhook = Type.Object(
  {
    /** The webhook type, e.g. "VCA". */
    type: Type.String(),
    /** Where the deliveries go. */
    url: Type.String(),
    /** Whether deliveries are sent. */
    enabled: Type.Boolean(),
    /** True when an `httpAuthHeader` secret is set; the secret itself is never returned. */
    httpAuthHeaderAvailable: Type.Boolean(),
  },
  { title: "Webhook" },
);
/** A webhook as the platform lists it; the secret itself is never returned. */
export type Webhook = Static<typeof Webhook>;

/** The JSON Schema of `GET /webhooks`'s answer. */
export const WebhookListResponse = Type.Object(
  {
    subAccountId: Type.String(),
    /** How many webhooks are registered. */
    count: Type.Integer(),
    /** At most one per type. */
    webhooks: Type.Array(Webhook),
    /** 0 on success. */
    statusCode: Type.Integer(),
    /** "ok" on success. */
    statusMessage: Type.String(),
  },
  { title: "WebhookListResponse" },
);
/** The subaccount's webhooks, as `GET /webhooks` answers (`statusCode` 0, `statusMessage` "ok"). */
export type WebhookListResponse = Static<typeof WebhookListResponse>;

/** The JSON Schema of `DELETE /webhooks/{type}`'s answer. */
export const WebhookDeleteResponse = Type.Intersect(
  [Webhook, Type.Object({ statusCode: Type.Integer(), statusMessage: Type.String() })],
  { title: "WebhookDeleteResponse" },
);
/** The webhook just deleted, with `statusCode` 0 and `statusMessage` "deleted". */
export type WebhookDeleteResponse = Static<typeof WebhookDeleteResponse>;

/** The JSON Schema of the 422 body of an invalid webhook create. */
export const WebhookErrorResponse = Type.Object(
  {
    errorId: Type.String(),
    statusCode: Type.String(),
    statusMessage: Type.String(),
    timestamp: Type.String(),
  },
  { title: "WebhookErrorResponse" },
);
/** 422 body of an invalid webhook create (`statusCode` is a string here, "1001", as 8x8 sends it). */
export type WebhookErrorResponse = Static<typeof WebhookErrorResponse>;
