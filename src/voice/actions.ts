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
/** How often say, sayAndCapture and playFile may repeat their audio: 1 to 3 times (default 1). */
export const REPETITION = { min: 1, max: 3 } as const;
/** The speaking rate of say and sayAndCapture: 0.5 (half speed) to 2 (double); default 1. */
export const SPEED = { min: 0.5, max: 2 } as const;
/** The most digits a sayAndCapture may collect (its `minDigits` and `maxDigits` are 1 to 25). */
export const MAX_DIGITS_LIMIT = 25;
/**
 * The most makeCall actions one callflow may hold (more is -1010): the first places the call, a
 * second bridges one more leg; 8x8 has no conferencing. In a VCA answer the caller's leg already
 * exists, so only one makeCall is left.
 */
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

/** The JSON Schema of makeCall's `params`. */
export const MakeCallParams = Type.Object(
  {
    /** Caller ID shown to the callee (E.164, `+` optional); it must be whitelisted for the subaccount (-1014). */
    source: phoneNumber("Caller ID shown to the callee (E.164)"),
    /** The one number to call (E.164, `+` optional); a second number in it is -1011. */
    destination: phoneNumber("Number to call (E.164)"),
    /** Record the call (a VRU webhook announces the recording). */
    callRecording: Type.Optional(Type.Boolean({ description: "Record the call" })),
  },
  { additionalProperties: false },
);
/** The JSON Schema of the makeCall action. */
export const MakeCall = Type.Object(
  { action: Type.Literal("makeCall"), params: MakeCallParams },
  { additionalProperties: false, title: "MakeCall" },
);

/** The JSON Schema of say's `params`. */
export const SayParams = Type.Object(
  {
    /** The text to speak, 1 to 3000 characters. */
    text: text("Text to speak, at most 3000 characters"),
    /** The voice: a code from `GET /speech-profiles`, e.g. `en-US-BenjaminRUS` (an unknown one is -1002). */
    voiceProfile,
    /** How often the text is spoken, 1 to 3 (default 1). */
    repetition: Type.Optional(repetition),
    /** Speaking rate, 0.5 to 2 (default 1). */
    speed: Type.Optional(speed),
  },
  { additionalProperties: false },
);
/** The JSON Schema of the say action. */
export const Say = Type.Object(
  { action: Type.Literal("say"), params: SayParams },
  { additionalProperties: false, title: "Say" },
);

/**
 * The OpenAPI file marks the capture settings `nullable`, and the simple IVR guide sends
 * `"successMessage": null`: a null capture setting means "not given" (the default applies).
 */
const nullable = { nullable: true } as const;

/**
 * The JSON Schema of sayAndCapture's `params`. The rules that tie settings together (maxDigits
 * with minDigits, overallTimeout with digitTimeout) are beyond JSON Schema: `validateCallflow`
 * checks them. A null setting means "not given".
 */
export const SayAndCaptureParams = Type.Object(
  {
    /** The prompt spoken before digits are collected, 1 to 3000 characters. */
    promptMessage: text("Prompt to speak before capturing digits, at most 3000 characters"),
    /** The voice: a code from `GET /speech-profiles`, e.g. `en-GB-Emma`. */
    voiceProfile,
    /** Speaking rate, 0.5 to 2 (default 1). */
    speed: Type.Optional(speed),
    /** Not in the OpenAPI file, but the simple IVR guide sends it; same limits as say's. */
    repetition: Type.Optional(repetition),
    /** Fewest digits accepted, 1 to 25; when given, maxDigits is required too (-1003). */
    minDigits: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_DIGITS_LIMIT, ...nullable })),
    /** Most digits collected, 1 to 25 (default 25); required when completeOnHash is false (-1008). */
    maxDigits: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_DIGITS_LIMIT, ...nullable })),
    /** Milliseconds allowed between two key presses; when given, overallTimeout is required and greater (-1005, -1006). */
    digitTimeout: Type.Optional(Type.Integer({ minimum: 1, description: "Milliseconds allowed between two key presses", ...nullable })),
    /** Milliseconds allowed for the whole input (default 30 000). */
    overallTimeout: Type.Optional(Type.Integer({ minimum: 1, description: "Milliseconds allowed for the whole input", ...nullable })),
    /** `#` ends the input (default true). */
    completeOnHash: Type.Optional(Type.Boolean({ default: true, ...nullable })),
    /** Tries the caller gets: the prompt plays again after failed input until they run out (default 3). */
    noOfTries: Type.Optional(Type.Integer({ minimum: 1, default: 3, ...nullable })),
    /** Spoken after valid input, at most 3000 characters. */
    successMessage: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_TEXT_LENGTH, description: "Spoken after valid input", ...nullable })),
    /** Spoken after invalid input, before the prompt plays again; at most 3000 characters. */
    failureMessage: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_TEXT_LENGTH, description: "Spoken after invalid input, before the prompt replays", ...nullable })),
  },
  { additionalProperties: false },
);
/** The JSON Schema of the sayAndCapture action. */
export const SayAndCapture = Type.Object(
  { action: Type.Literal("sayAndCapture"), params: SayAndCaptureParams },
  { additionalProperties: false, title: "SayAndCapture" },
);

/** The JSON Schema of playFile's `params`. */
export const PlayFileParams = Type.Object(
  {
    /** An http(s) URL of an mp3 or wav file of at most 5 MB; the platform caches it for an hour. */
    fileUrl: Type.String({
      pattern: "^[Hh][Tt][Tt][Pp][Ss]?://",
      description: "http(s) URL of an mp3 or wav file, at most 5 MB",
    }),
    /** How often the file is played, 1 to 3 (default 1). */
    repetition: Type.Optional(repetition),
  },
  { additionalProperties: false },
);
/** The JSON Schema of the playFile action. */
export const PlayFile = Type.Object(
  { action: Type.Literal("playFile"), params: PlayFileParams },
  { additionalProperties: false, title: "PlayFile" },
);

/**
 * The JSON Schema of the hangup action. hangup takes no parameters; real client code sends
 * `"params": {}`, which is accepted.
 */
export const Hangup = Type.Object(
  {
    action: Type.Literal("hangup"),
    params: Type.Optional(Type.Object({}, { additionalProperties: false })),
  },
  { additionalProperties: false, title: "Hangup" },
);

/** The JSON Schema of any one callflow action (published as `callflow-action`). */
export const Action = Type.Union([MakeCall, Say, SayAndCapture, PlayFile, Hangup], {
  title: "CallflowAction",
});
/**
 * The JSON Schema of a callflow: one action or more. The rules between actions (the first is
 * makeCall when sending, nothing after hangup, at most two makeCall) are `validateCallflow`'s.
 */
export const Callflow = Type.Array(Action, { minItems: 1, title: "Callflow" });

/** What makeCall takes: the caller ID, the number to call, and whether to record. */
export type MakeCallParams = Static<typeof MakeCallParams>;
/**
 * makeCall on the wire: places a call. First in a Send Callflow (it creates the session); in a
 * VCA answer it bridges the caller to a new destination once that answers.
 */
export type MakeCall = Static<typeof MakeCall>;
/** What say takes: the text, the voice, and optionally repetition and speed. */
export type SayParams = Static<typeof SayParams>;
/** say on the wire: speaks a text with one of the subaccount's voices. */
export type Say = Static<typeof Say>;
/** What sayAndCapture takes: the prompt, the voice, and the capture settings (defaults in `CAPTURE_DEFAULTS`). */
export type SayAndCaptureParams = Static<typeof SayAndCaptureParams>;
/**
 * sayAndCapture on the wire: speaks a prompt and collects key presses; the digits come back to
 * the app in the next VCA (`eventData.dtmf`, null when the tries ran out).
 */
export type SayAndCapture = Static<typeof SayAndCapture>;
/** What playFile takes: the file's URL and how often to play it. */
export type PlayFileParams = Static<typeof PlayFileParams>;
/** playFile on the wire: plays an mp3 or wav file fetched over http(s). */
export type PlayFile = Static<typeof PlayFile>;
/** hangup on the wire: disconnects every leg, ends the session and so triggers the VSS. */
export type Hangup = Static<typeof Hangup>;
/** Any one callflow action, told apart by its `action` name. */
export type Action = Static<typeof Action>;
/** A callflow on the wire: the actions the platform runs in order. */
export type Callflow = Static<typeof Callflow>;
/** The name of an action: `makeCall`, `say`, `sayAndCapture`, `playFile` or `hangup`. */
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
