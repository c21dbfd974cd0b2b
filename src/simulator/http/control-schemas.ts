/**
 * Bodies of the control API under `/_sim/` (never an 8x8 path). Validated with Ajv from these
 * schemas and described from them in `/_sim/openapi.json`.
 *
 * @example
 * const call: PlaceCallRequest = { to: "+6560000001", press: ["1", "-", "23#"] };
 */
import { Type, type Static } from "@sinclair/typebox";
import { E164_PATTERN } from "../../voice/index.js";
import { CalleeConfig, PressEntry } from "../config.js";
import { LIVE_KEYS_PATTERN } from "../live-caller.js";

export const DEFAULT_CALLER = "+6591234567";

export const PlaceCallRequest = Type.Object(
  {
    from: Type.Optional(Type.String({ pattern: E164_PATTERN, description: `the caller's E.164 number (default ${DEFAULT_CALLER})` })),
    to: Type.String({ pattern: E164_PATTERN, description: "a virtual number from the config, e.g. +6560000001" }),
    press: Type.Optional(Type.Array(PressEntry, { maxItems: 100, description: "one entry per capture prompt played" })),
    hangupAfterMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 3_600_000, description: "ms after answer when the caller hangs up (simulated time; real time for an interactive call)" })),
    interactive: Type.Optional(
      Type.Boolean({
        description:
          "true: a live caller whose keys and hang-up are sent while the call runs (POST /_sim/sessions/{sessionId}/keys, .../hangup), on the real clock whatever the simulator's; not with press; ends by itself after 30 min",
      }),
    ),
  },
  { additionalProperties: false, title: "PlaceCallRequest" },
);
export type PlaceCallRequest = Static<typeof PlaceCallRequest>;

export const PlaceCallResponse = Type.Object(
  { sessionId: Type.String(), subAccountId: Type.String() },
  { title: "PlaceCallResponse" },
);

export const KeysRequest = Type.Object(
  { keys: Type.String({ pattern: LIVE_KEYS_PATTERN, description: "1 to 32 keys of 0-9, * and #" }) },
  { additionalProperties: false, title: "KeysRequest" },
);
export type KeysRequest = Static<typeof KeysRequest>;

export const KeysResponse = Type.Object({ accepted: Type.String({ description: "the keys pressed" }) }, { title: "KeysResponse" });

export const HangupResponse = Type.Object({ hungUp: Type.Literal(true) }, { title: "HangupResponse" });

export const CalleeRequest = CalleeConfig;
export type CalleeRequest = Static<typeof CalleeRequest>;

export const CalleeList = Type.Object({ callees: Type.Array(CalleeConfig) }, { title: "CalleeList" });

export const SessionQuery = Type.Object({
  wait: Type.Optional(Type.String({ description: "true: answer once the session has ended and its VSS deliveries are over" })),
  timeoutMs: Type.Optional(Type.String({ description: "longest wait in ms (default 30000, at most 600000)" })),
});

export const SessionList = Type.Object(
  {
    sessions: Type.Array(
      Type.Object({ sessionId: Type.String(), subAccountId: Type.String(), state: Type.String(), sessionStatus: Type.Union([Type.String(), Type.Null()]) }),
    ),
  },
  { title: "SessionList" },
);

export const ControlError = Type.Object(
  {
    statusCode: Type.Integer(),
    code: Type.String({ description: "an SB_SIM_* code, explained in docs/errors.md" }),
    message: Type.String({ description: "what is wrong, naming the field" }),
    problems: Type.Array(Type.String(), { description: "one line per invalid field: field, value, expectation" }),
  },
  { title: "ControlError" },
);
