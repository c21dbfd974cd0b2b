/**
 * The bodies around a callflow: what Send Callflow takes and answers (SPEC section 4), and what
 * an app answers to a VCA webhook (SPEC section 5).
 *
 * @example
 * const answer: VcaAnswer = { clientActionId: "menu:main", callflow: [{ action: "hangup" }] };
 */
import { Type, type Static } from "@sinclair/typebox";
import { Callflow } from "./actions.js";

/** The JSON Schema of a Send Callflow request body (published as `send-callflow-request`). */
export const SendCallflowRequest = Type.Object(
  {
    validUntil: Type.Optional(
      Type.String({ format: "date-time", description: "ISO-8601; the request is refused after this time" }),
    ),
    clientRequestId: Type.Optional(
      Type.String({ maxLength: 100, description: "Echoed in the session summary (VSS)" }),
    ),
    clientActionId: Type.Optional(
      Type.String({ description: "Echoed on the first VCA of the session" }),
    ),
    callflow: Callflow,
  },
  { additionalProperties: false, title: "SendCallflowRequest" },
);
/**
 * The body of `POST /callflows`, which starts an outbound session: a callflow whose first action
 * is makeCall, with an optional deadline and ids the platform echoes back later.
 */
export type SendCallflowRequest = Static<typeof SendCallflowRequest>;

/** The JSON Schema of Send Callflow's answer when the session was created. */
export const SendCallflowAccepted = Type.Object(
  {
    /** The new session; its VCAs, VCSs and VSS carry it. */
    sessionId: Type.String(),
    sessionStatus: Type.Literal("CREATED"),
    /** The platform's id for this request. */
    callFlowRequestId: Type.String(),
    /** The request's `validUntil`, echoed when it was given. */
    validUntil: Type.Optional(Type.String({ format: "date-time" })),
    /** Always 1 ("Created"). */
    statusCode: Type.Literal(1),
    statusMessage: Type.String(),
  },
  { title: "SendCallflowAccepted" },
);
/** Send Callflow's 200 answer: the session was created (`CREATED`, statusCode 1) and the call is being placed. */
export type SendCallflowAccepted = Static<typeof SendCallflowAccepted>;

/** The JSON Schema of Send Callflow's answer when it refused the request. */
export const SendCallflowRejected = Type.Object(
  {
    sessionStatus: Type.Literal("NOT_CREATED"),
    /** The platform's id for this request. */
    callFlowRequestId: Type.String(),
    /** Why: one of `CALLFLOW_STATUS` (e.g. -1013), or 401/404 for a bad key or subaccount. */
    statusCode: Type.Integer(),
    /** 8x8's message for the code, naming the JSON path when there is one. */
    statusMessage: Type.String(),
  },
  { title: "SendCallflowRejected" },
);
/** Send Callflow's refusal (`NOT_CREATED`, HTTP 400 or 422, or 401/404): no session, and no call was placed. */
export type SendCallflowRejected = Static<typeof SendCallflowRejected>;

/** The JSON Schema of the body an app answers to a VCA (published as `vca-answer`). */
export const VcaAnswer = Type.Object(
  {
    clientActionId: Type.Optional(
      Type.String({ description: "Echoed on the next VCA of the session" }),
    ),
    callflow: Callflow,
  },
  { additionalProperties: false, title: "VcaAnswer" },
);
/**
 * The body an app answers to a VCA: its bookmark (`clientActionId`, echoed on the session's next
 * VCA) and the next actions. The first action need not be makeCall; an empty callflow ends the call.
 */
export type VcaAnswer = Static<typeof VcaAnswer>;
