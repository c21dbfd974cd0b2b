/**
 * The bodies around a callflow: what Send Callflow takes and answers (SPEC section 4), and what
 * an app answers to a VCA webhook (SPEC section 5).
 *
 * @example
 * const answer: VcaAnswer = { clientActionId: "menu:main", callflow: [{ action: "hangup" }] };
 */
import { Type, type Static } from "@sinclair/typebox";
import { Callflow } from "./actions.js";

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
export type SendCallflowRequest = Static<typeof SendCallflowRequest>;

export const SendCallflowAccepted = Type.Object(
  {
    sessionId: Type.String(),
    sessionStatus: Type.Literal("CREATED"),
    callFlowRequestId: Type.String(),
    validUntil: Type.Optional(Type.String({ format: "date-time" })),
    statusCode: Type.Literal(1),
    statusMessage: Type.String(),
  },
  { title: "SendCallflowAccepted" },
);
export type SendCallflowAccepted = Static<typeof SendCallflowAccepted>;

export const SendCallflowRejected = Type.Object(
  {
    sessionStatus: Type.Literal("NOT_CREATED"),
    callFlowRequestId: Type.String(),
    statusCode: Type.Integer(),
    statusMessage: Type.String(),
  },
  { title: "SendCallflowRejected" },
);
export type SendCallflowRejected = Static<typeof SendCallflowRejected>;

/** The body an app answers to a VCA: its bookmark and the next actions. */
export const VcaAnswer = Type.Object(
  {
    clientActionId: Type.Optional(
      Type.String({ description: "Echoed on the next VCA of the session" }),
    ),
    callflow: Callflow,
  },
  { additionalProperties: false, title: "VcaAnswer" },
);
export type VcaAnswer = Static<typeof VcaAnswer>;
