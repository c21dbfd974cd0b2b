/**
 * One schema per callflow action (SPEC section 3). These TypeBox schemas are the single source
 * of truth: the TypeScript types below are derived from them, the JSON Schemas we publish are
 * these objects, and `validateCallflow` checks the same constraints with 8x8's status codes.
 *
 * @example
 * const action: Say = { action: "say", params: { text: "Hello", voiceProfile: "en-US-BenjaminRUS" } };
 */
import { Type, type Static } from "@sinclair/typebox";

/** SPEC section 3: the longest text (say, prompt, success and failure messages) 8x8 speaks. */
export const MAX_TEXT_LENGTH = 3000;
export const REPETITION = { min: 1, max: 3 } as const;
export const SPEED = { min: 0.5, max: 2 } as const;
export const MAX_DIGITS_LIMIT = 25;
export const MAX_MAKE_CALLS = 2;

/**
 * Capture defaults when a sayAndCapture leaves a setting out. The guides and the OpenAPI file
 * disagree; SPEC section 3 chooses the IVR call-action guide's values.
 */
export const CAPTURE_DEFAULTS = {
  minDigits: 1,
  maxDigits: 25,
  overallTimeout: 30_000,
  noOfTries: 3,
  completeOnHash: true,
} as const;

/** An E.164 number, `+` optional: country code first, 7 to 15 digits in all. */
export const E164_PATTERN = "^\\+?[1-9][0-9]{6,14}$";
/** Voice profile codes look like `en-US-BenjaminRUS` or `en-GB-Emma`. */
export const VOICE_PROFILE_PATTERN = "^[a-z]{2,3}-[A-Z]{2}-[A-Za-z0-9-]+$";

const text = (description: string) =>
  Type.String({ minLength: 1, maxLength: MAX_TEXT_LENGTH, description });
const voiceProfile = Type.String({
  pattern: VOICE_PROFILE_PATTERN,
  description: "Speech profile code from GET /speech-profiles, e.g. en-US-BenjaminRUS",
});
const repetition = Type.Integer({ minimum: REPETITION.min, maximum: REPETITION.max, default: 1 });
const speed = Type.Number({ minimum: SPEED.min, maximum: SPEED.max, default: 1 });
const phoneNumber = (description: string) => Type.String({ pattern: E164_PATTERN, description });

export const MakeCallParams = Type.Object(
  {
    source: phoneNumber("Caller ID shown to the callee (E.164)"),
    destination: phoneNumber("Number to call (E.164)"),
    callRecording: Type.Optional(Type.Boolean({ description: "Record the call" })),
  },
  { additionalProperties: false },
);
export const MakeCall = Type.Object(
  { action: Type.Literal("makeCall"), params: MakeCallParams },
  { additionalProperties: false, title: "MakeCall" },
);

export const SayParams = Type.Object(
  {
    text: text("Text to speak, at most 3000 characters"),
    voiceProfile,
    repetition: Type.Optional(repetition),
    speed: Type.Optional(speed),
  },
  { additionalProperties: false },
);
export const Say = Type.Object(
  { action: Type.Literal("say"), params: SayParams },
  { additionalProperties: false, title: "Say" },
);

/**
 * The OpenAPI file marks the capture settings `nullable`, and the simple IVR guide sends
 * `"successMessage": null`: a null capture setting means "not given" (the default applies).
 */
const nullable = { nullable: true } as const;

export const SayAndCaptureParams = Type.Object(
  {
    promptMessage: text("Prompt to speak before capturing digits, at most 3000 characters"),
    voiceProfile,
    speed: Type.Optional(speed),
    /** Not in the OpenAPI file, but the simple IVR guide sends it; same limits as say's. */
    repetition: Type.Optional(repetition),
    minDigits: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_DIGITS_LIMIT, ...nullable })),
    maxDigits: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_DIGITS_LIMIT, ...nullable })),
    digitTimeout: Type.Optional(Type.Integer({ minimum: 1, description: "Milliseconds allowed between two key presses", ...nullable })),
    overallTimeout: Type.Optional(Type.Integer({ minimum: 1, description: "Milliseconds allowed for the whole input", ...nullable })),
    completeOnHash: Type.Optional(Type.Boolean({ default: true, ...nullable })),
    noOfTries: Type.Optional(Type.Integer({ minimum: 1, default: 3, ...nullable })),
    successMessage: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_TEXT_LENGTH, description: "Spoken after valid input", ...nullable })),
    failureMessage: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_TEXT_LENGTH, description: "Spoken after invalid input, before the prompt replays", ...nullable })),
  },
  { additionalProperties: false },
);
export const SayAndCapture = Type.Object(
  { action: Type.Literal("sayAndCapture"), params: SayAndCaptureParams },
  { additionalProperties: false, title: "SayAndCapture" },
);

export const PlayFileParams = Type.Object(
  {
    fileUrl: Type.String({
      pattern: "^[Hh][Tt][Tt][Pp][Ss]?://",
      description: "http(s) URL of an mp3 or wav file, at most 5 MB",
    }),
    repetition: Type.Optional(repetition),
  },
  { additionalProperties: false },
);
export const PlayFile = Type.Object(
  { action: Type.Literal("playFile"), params: PlayFileParams },
  { additionalProperties: false, title: "PlayFile" },
);

/** hangup takes no parameters; real client code sends `"params": {}`, which is accepted. */
export const Hangup = Type.Object(
  {
    action: Type.Literal("hangup"),
    params: Type.Optional(Type.Object({}, { additionalProperties: false })),
  },
  { additionalProperties: false, title: "Hangup" },
);

export const Action = Type.Union([MakeCall, Say, SayAndCapture, PlayFile, Hangup], {
  title: "CallflowAction",
});
export const Callflow = Type.Array(Action, { minItems: 1, title: "Callflow" });

export type MakeCallParams = Static<typeof MakeCallParams>;
export type MakeCall = Static<typeof MakeCall>;
export type SayParams = Static<typeof SayParams>;
export type Say = Static<typeof Say>;
export type SayAndCaptureParams = Static<typeof SayAndCaptureParams>;
export type SayAndCapture = Static<typeof SayAndCapture>;
export type PlayFileParams = Static<typeof PlayFileParams>;
export type PlayFile = Static<typeof PlayFile>;
export type Hangup = Static<typeof Hangup>;
export type Action = Static<typeof Action>;
export type Callflow = Static<typeof Callflow>;
export type ActionName = Action["action"];

/** The action names in the order 8x8's own -1007 message lists them. */
export const ACTION_NAMES: readonly ActionName[] = ["say", "sayAndCapture", "makeCall", "hangup", "playFile"];

/** The schema of each action's params, by action name (hangup has none). */
export const PARAMS_SCHEMAS = {
  makeCall: MakeCallParams,
  say: SayParams,
  sayAndCapture: SayAndCaptureParams,
  playFile: PlayFileParams,
} as const;
