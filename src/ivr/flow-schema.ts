/**
 * The flow file format (YAML or JSON): one TypeBox schema that is the source of the TypeScript
 * types, of the runtime validator (Ajv, see parse-flow.ts) and of the published
 * `schemas/flow.schema.json` (see flow-json-schema.ts). docs/flows.md teaches it.
 *
 * @example
 * const flow: Flow = {
 *   version: 1,
 *   entry: "main",
 *   menus: { main: { prompt: "Press 1 to hear our hours.", options: { "1": { say: "9 to 5." } } } },
 * };
 */
import { Type, type Static, type TSchema } from "@sinclair/typebox";
import { E164_PATTERN, MAX_DIGITS_LIMIT, MAX_TEXT_LENGTH, REPETITION, SPEED, VOICE_PROFILE_PATTERN } from "../voice/index.js";

/** Words with a meaning of their own wherever a menu name is expected. */
export const NEXT_KEYWORDS = ["hangup", "repeat", "back"] as const;
/** `hangup` (end the call), `repeat` (this menu again) or `back` (the menu before). */
export type NextKeyword = (typeof NEXT_KEYWORDS)[number];

/** A menu name: a letter, then letters, digits, `_` or `-` (64 at most); not one of `NEXT_KEYWORDS`. */
export const MENU_NAME_PATTERN = "^(?!(?:hangup|repeat|back)$)[A-Za-z][A-Za-z0-9_-]{0,63}$";
/** A handler name: a JavaScript identifier (64 characters at most), as the handlers module exports it. */
export const HANDLER_NAME_PATTERN = "^[A-Za-z_$][A-Za-z0-9_$]{0,63}$";
/** A session variable name (`store:`): a letter or `_`, then letters, digits or `_` (64 at most), so templates can read `vars.<name>`. */
export const VAR_NAME_PATTERN = "^[A-Za-z_][A-Za-z0-9_]{0,63}$";
/** What a caller can type: digits, `*` and `#`, at most 25 of them. */
export const OPTION_KEY_PATTERN = `^[0-9*#]{1,${MAX_DIGITS_LIMIT}}$`;
/** The option key that takes any input no other option matches (free-form capture). */
export const ANY_KEY = "any";
/** Numbers may be E.164 or a template that renders to one at call time. */
const PHONE_OR_TEMPLATE = `(?:${E164_PATTERN.slice(1, -1)})|\\{\\{`;

const text = (description: string) => Type.String({ minLength: 1, maxLength: MAX_TEXT_LENGTH, description });
const voiceProfile = Type.String({
  pattern: VOICE_PROFILE_PATTERN,
  description: "a speech profile code such as en-US-BenjaminRUS",
});
const speed = Type.Number({ minimum: SPEED.min, maximum: SPEED.max, description: `speech speed, ${SPEED.min} to ${SPEED.max}` });
const repetition = Type.Integer({ minimum: REPETITION.min, maximum: REPETITION.max, description: `how often to play, ${REPETITION.min} to ${REPETITION.max}` });
const fileUrl = Type.String({ pattern: "^[Hh][Tt][Tt][Pp][Ss]?://", description: "an http(s) URL of an mp3 or wav file, at most 5 MB" });
const phone = (description: string) => Type.String({ pattern: `^(?:${PHONE_OR_TEMPLATE})`, description });
const menuName = Type.String({ pattern: MENU_NAME_PATTERN, description: "a menu name: a letter, then letters, digits, _ or - (not hangup, repeat or back)" });
const ms = (description: string) => Type.Integer({ minimum: 1, description });
const strict = { additionalProperties: false } as const;

/** Where the caller goes next: a menu name, or `hangup`, `repeat` (this menu again) or `back` (the menu before). */
export const Next = Type.String({
  pattern: `^(?:hangup|repeat|back|${MENU_NAME_PATTERN.slice(MENU_NAME_PATTERN.indexOf("[A-Za-z]"), -1)})$`,
  description: "a menu name, or hangup, repeat or back",
  title: "Next",
});
export type Next = Static<typeof Next>;

/** sayAndCapture settings; unset ones fall back to the flow's defaults, then to CAPTURE_DEFAULTS. */
export const CaptureSettings = Type.Object(
  {
    minDigits: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_DIGITS_LIMIT, description: `fewest digits accepted, 1 to ${MAX_DIGITS_LIMIT}` })),
    maxDigits: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_DIGITS_LIMIT, description: `most digits accepted, 1 to ${MAX_DIGITS_LIMIT}` })),
    digitTimeout: Type.Optional(ms("milliseconds allowed between two key presses")),
    overallTimeout: Type.Optional(ms("milliseconds allowed for the whole input; not less than digitTimeout")),
    completeOnHash: Type.Optional(Type.Boolean({ description: "# ends the input (and is not part of the digits)" })),
    noOfTries: Type.Optional(Type.Integer({ minimum: 1, maximum: 10, description: "how often 8x8 itself replays the prompt when nothing is typed, 1 to 10" })),
    successMessage: Type.Optional(text("spoken by 8x8 after valid input")),
    failureMessage: Type.Optional(text("spoken by 8x8 when nothing valid was typed, before it replays the prompt")),
  },
  { ...strict, title: "CaptureSettings" },
);
export type CaptureSettings = Static<typeof CaptureSettings>;

const thenField = (description: string) => Type.Optional({ ...Next, description } as typeof Next);

/** The JSON Schema of `{ goto: menu }`. */
export const GotoAction = Type.Object({ goto: Next }, { ...strict, title: "GotoAction" });
/** The JSON Schema of `{ say: text, then? }`. */
export const SayAction = Type.Object(
  {
    say: text("text to speak (templates allowed), at most 3000 characters"),
    voiceProfile: Type.Optional(voiceProfile),
    speed: Type.Optional(speed),
    repetition: Type.Optional(repetition),
    then: thenField("after speaking: a menu, repeat, back or hangup (the default)"),
  },
  { ...strict, title: "SayAction" },
);
/** The JSON Schema of `{ play: url, then? }`. */
export const PlayAction = Type.Object(
  {
    play: fileUrl,
    repetition: Type.Optional(repetition),
    then: thenField("after playing: a menu, repeat, back or hangup (the default)"),
  },
  { ...strict, title: "PlayAction" },
);
/** The JSON Schema of `{ transfer: number, ... }`. */
export const TransferAction = Type.Object(
  {
    transfer: phone("the number to connect the caller to (E.164, or a template)"),
    callerId: Type.Optional(phone("the caller ID the callee sees (E.164); defaults to defaults.callerId, then the virtual number")),
    callRecording: Type.Optional(Type.Boolean({ description: "record the bridged call" })),
    say: Type.Optional(text("spoken before connecting")),
    after: Type.Optional(text("spoken, then hangup, if the platform hands the call back after the transfer")),
  },
  { ...strict, title: "TransferAction" },
);
/** The JSON Schema of `{ hangup: true }`. */
export const HangupAction = Type.Object(
  { hangup: Type.Literal(true, { description: "end the call" }) },
  { ...strict, title: "HangupAction" },
);
/** The JSON Schema of `{ handler: name, ... }`. */
export const HandlerAction = Type.Object(
  {
    handler: Type.String({ pattern: HANDLER_NAME_PATTERN, description: "the name of a handler exported by the flow's handlers module" }),
    store: Type.Optional(Type.String({ pattern: VAR_NAME_PATTERN, description: "the variable that keeps the handler's result (default: the handler's name)" })),
    then: thenField("where to go when the handler returns data rather than an answer"),
    goTo: Type.Optional(Type.Array(Next, { description: "the menus the handler may send the caller to with goTo(), for validate and graph" })),
  },
  { ...strict, title: "HandlerAction" },
);

/** The JSON Schema of any one action object of an option. */
export const ActionObject = Type.Union([GotoAction, SayAction, PlayAction, TransferAction, HangupAction, HandlerAction], {
  title: "ActionObject",
});
/** An option's action: a `Next` string (shorthand for `goto`) or one action object. */
export const OptionAction = Type.Union([Next, ActionObject], { title: "OptionAction" });

/** `{ goto: menu }`: go to a menu (or `hangup`, `repeat`, `back`); a bare menu name says the same. */
export type GotoAction = Static<typeof GotoAction>;
/** `{ say: text, then? }`: speak a text (templates allowed), then go to `then` (default `hangup`). */
export type SayAction = Static<typeof SayAction>;
/** `{ play: url, then? }`: play an mp3 or wav file, then go to `then` (default `hangup`). */
export type PlayAction = Static<typeof PlayAction>;
/**
 * `{ transfer: number, ... }`: bridge the caller to a number with makeCall, after an optional
 * `say`; `after` is spoken, then hangup, should the platform hand the call back.
 */
export type TransferAction = Static<typeof TransferAction>;
/** `{ hangup: true }`: end the call. */
export type HangupAction = Static<typeof HangupAction>;
/**
 * `{ handler: name, ... }`: call a handler of the flow's handlers module; its result is kept in
 * `vars[store]` and the caller goes to `then`, unless the handler answers or `goTo()`s itself.
 */
export type HandlerAction = Static<typeof HandlerAction>;
/** One action object of an option: goto, say, play, transfer, hangup or handler. */
export type ActionObject = Static<typeof ActionObject>;
/** An option's action: a `Next` string (shorthand for `goto`) or one action object. */
export type OptionAction = Static<typeof OptionAction>;

/** The verb key of each action object, so errors can be reported against the branch meant. */
export const ACTION_BRANCHES: Record<string, TSchema> = {
  goto: GotoAction,
  say: SayAction,
  play: PlayAction,
  transfer: TransferAction,
  hangup: HangupAction,
  handler: HandlerAction,
};

/** What happens when input is wrong (onInvalid) or absent (onNoInput). */
export const RetryPolicy = Type.Object(
  {
    replay: Type.Optional(Type.Integer({ minimum: 0, maximum: 10, description: "how often the menu is offered again before `then`, 0 to 10" })),
    say: Type.Optional(text("spoken before each replay and before `then`")),
    prompt: Type.Optional(text("the prompt used for replays instead of the menu's own")),
    then: Type.Optional(OptionAction),
  },
  { ...strict, title: "RetryPolicy" },
);
export type RetryPolicy = Static<typeof RetryPolicy>;

/** The JSON Schema of an audio prompt, `{ play: url, say? }`. */
export const PlayPrompt = Type.Object(
  { play: fileUrl, say: Type.Optional(text("the short spoken cue that opens digit capture after the file (sayAndCapture needs text)")) },
  { ...strict, title: "PlayPrompt" },
);
/** The JSON Schema of a menu's prompt: text, or an audio prompt. */
export const Prompt = Type.Union([text("the prompt to speak (templates allowed), at most 3000 characters"), PlayPrompt], {
  title: "Prompt",
});
/**
 * A menu's prompt: the text to speak (templates allowed), or `{ play: url, say? }`, which plays
 * the file and then opens digit capture with the short spoken `say` cue (sayAndCapture speaks
 * text only, so keys pressed during the file are not captured).
 */
export type Prompt = Static<typeof Prompt>;

/** The JSON Schema of a menu. */
export const Menu = Type.Object(
  {
    description: Type.Optional(Type.String({ description: "a note for people and for the graph" })),
    prompt: Prompt,
    voiceProfile: Type.Optional(voiceProfile),
    speed: Type.Optional(speed),
    capture: Type.Optional(CaptureSettings),
    store: Type.Optional(Type.String({ pattern: VAR_NAME_PATTERN, description: "a variable that keeps the digits typed in this menu" })),
    options: Type.Record(Type.String({ pattern: `^(?:${OPTION_KEY_PATTERN.slice(1, -1)}|${ANY_KEY})$` }), OptionAction, {
      additionalProperties: false,
      description: "key or digit string (or `any`) to action",
    }),
    onInvalid: Type.Optional(RetryPolicy),
    onNoInput: Type.Optional(RetryPolicy),
  },
  { ...strict, title: "Menu" },
);
/**
 * One menu of a flow: a prompt, the options (key or digit string to action; `any` takes whatever
 * else is typed), capture settings, and what wrong input (`onInvalid`) and silence (`onNoInput`) do.
 */
export type Menu = Static<typeof Menu>;

/** The JSON Schema of the flow's navigation keys. */
export const Keys = Type.Object(
  {
    repeat: Type.Optional(Type.Union([Type.String({ pattern: OPTION_KEY_PATTERN }), Type.Null()], { description: "replays the current menu (default *); null turns it off" })),
    back: Type.Optional(Type.Union([Type.String({ pattern: OPTION_KEY_PATTERN }), Type.Null()], { description: "returns to the previous menu (default: none)" })),
  },
  { ...strict, title: "Keys" },
);
/** The keys that work in every menu: `repeat` (default `*`) replays it, `back` (default none) returns to the one before; null turns one off. */
export type Keys = Static<typeof Keys>;

/** The JSON Schema of a flow's `defaults`. */
export const FlowDefaults = Type.Object(
  {
    voiceProfile: Type.Optional(voiceProfile),
    speed: Type.Optional(speed),
    capture: Type.Optional(CaptureSettings),
    callerId: Type.Optional(phone("the caller ID for transfers (E.164)")),
    keys: Type.Optional(Keys),
    onInvalid: Type.Optional(RetryPolicy),
    onNoInput: Type.Optional(RetryPolicy),
  },
  { ...strict, title: "FlowDefaults" },
);
/** Flow-wide settings (voice, speed, capture, transfer caller ID, keys, retry policies); a menu's own win. */
export type FlowDefaults = Static<typeof FlowDefaults>;

/** The JSON Schema of a flow's `fallback`: what callers hear, then hangup, when answering fails. */
export const FallbackSettings = Type.Object(
  {
    say: Type.Optional(text("what the caller hears when answering fails, before the call ends")),
    voiceProfile: Type.Optional(voiceProfile),
  },
  { ...strict, title: "FallbackSettings" },
);

/** The JSON Schema of a calling window: `from`/`to` as HH:MM in an IANA `timezone`; it may wrap midnight. */
export const CallingWindowSettings = Type.Object(
  {
    from: Type.String({ pattern: "^([01]\\d|2[0-3]):[0-5]\\d$", description: "opening, HH:MM" }),
    to: Type.String({ pattern: "^([01]\\d|2[0-3]):[0-5]\\d$", description: "closing, HH:MM (before `from` when the window wraps midnight)" }),
    timezone: Type.String({ minLength: 1, description: "an IANA time zone, e.g. Asia/Singapore (a contact's own zone wins)" }),
  },
  { ...strict, title: "CallingWindow" },
);

/**
 * The JSON Schema of a flow's `retry:` block: when an outbound call on this flow is tried again
 * (docs/outbound.md). Which codes can never be retried is checked where the policy is read.
 */
export const CallRetrySettings = Type.Object(
  {
    statuses: Type.Optional(
      Type.Array(Type.Union(["NO_ANSWER", "BUSY", "FAILED", "CANCELED"].map((status) => Type.Literal(status))), {
        uniqueItems: true,
        description: "session statuses retried (default NO_ANSWER, BUSY, FAILED); ERROR is judged by errorCodes",
      }),
    ),
    errorCodes: Type.Optional(Type.Array(Type.Integer({ maximum: -2000 }), { uniqueItems: true, description: "ERROR codes retried (default -2001, -2002, -2010, -9999)" })),
    maxAttempts: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, description: "attempts in all, the first included (default 3)" })),
    backoff: Type.Optional(
      Type.Array(Type.String({ pattern: "^(\\d+(\\.\\d+)?(ms|s|m|h|d))+$" }), { minItems: 1, description: "wait before each retry, e.g. [2m, 10m, 30m]; the last repeats" }),
    ),
    jitter: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: "each wait is scaled by a random factor in [1 - jitter, 1 + jitter] (default 0.1)" })),
    window: Type.Optional(CallingWindowSettings),
  },
  { ...strict, title: "CallRetry" },
);
/** A flow's `retry:` block, as written. */
export type CallRetrySettings = Static<typeof CallRetrySettings>;

/** The JSON Schema of a flow file (published as `schemas/flow.schema.json`). */
export const Flow = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    version: Type.Literal(1, { description: "the flow format version; 1" }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: "a name for logs and metrics" })),
    description: Type.Optional(Type.String()),
    entry: menuName,
    handlers: Type.Optional(Type.String({ minLength: 1, description: "path of the handlers module (.ts, .js, .mjs), relative to this file" })),
    defaults: Type.Optional(FlowDefaults),
    fallback: Type.Optional(FallbackSettings),
    retry: Type.Optional(CallRetrySettings),
    menus: Type.Record(Type.String({ pattern: MENU_NAME_PATTERN }), Menu, { additionalProperties: false, minProperties: 1, description: "menu name to menu" }),
  },
  { ...strict, title: "Switchboard IVR flow" },
);
/**
 * A flow file, parsed: the format version, the entry menu, the menus by name, and optional
 * defaults, fallback and handlers module. `compileFlow` turns it into an `IvrApp`; docs/flows.md
 * teaches the format.
 */
export type Flow = Static<typeof Flow>;

/** The voice used when neither the menu nor the flow's defaults name one. */
export const DEFAULT_VOICE_PROFILE = "en-US-BenjaminRUS";
/**
 * What callers hear, before hangup, when a retry policy (`onInvalid`, `onNoInput`) has used its
 * replays and names no `then`. Distinct from the fallback, which apologises for a fault.
 */
export const DEFAULT_GOODBYE_TEXT = "Sorry, we didn't get that. Goodbye.";
/** What callers hear, before hangup, when answering fails and the flow has no `fallback.say`. */
export const DEFAULT_FALLBACK_TEXT = "Sorry, something went wrong. Please call again later. Goodbye.";
/** The spoken cue that opens digit capture after an audio prompt without its own `say`. */
export const DEFAULT_PLAY_CUE = "Please make your selection.";
