/**
 * A typed callflow builder for code handlers: each function returns one 8x8 action object with
 * sensible defaults (voice en-US-BenjaminRUS; capture settings made consistent with 8x8's
 * cross-field rules), and `answer()` wraps actions into the body a VCA is answered with.
 *
 * @example
 * const handler: Handler = (event) =>
 *   event.dtmf === "1"
 *     ? answer(say("Goodbye."), hangup())
 *     : answer(capture("Press 1 to end the call.", { maxDigits: 1 }), { clientActionId: "menu" });
 */
import {
  CAPTURE_DEFAULTS,
  type Action,
  type Hangup,
  type MakeCall,
  type PlayFile,
  type Say,
  type SayAndCapture,
  type SayAndCaptureParams,
  type VcaAnswer,
} from "../voice/index.js";
import { DEFAULT_VOICE_PROFILE } from "./flow-schema.js";

/** The voice of a spoken action: profile and speed. */
export interface VoiceOptions {
  /** Speech profile code; default en-US-BenjaminRUS. */
  voiceProfile?: string;
  /** 0.5 to 2; 8x8's default is 1. */
  speed?: number;
}

/** What `say()` takes beside the text. */
export interface SayOptions extends VoiceOptions {
  /** 1 to 3. */
  repetition?: number;
}

/** What `capture()` takes beside the prompt: the voice and any sayAndCapture setting (minDigits, maxDigits, timeouts, ...). */
export type CaptureOptions = VoiceOptions & Omit<Partial<SayAndCaptureParams>, "promptMessage" | "voiceProfile" | "speed">;

/** What a transfer takes beside the number: the caller ID the callee sees, and whether to record. */
export interface TransferOptions {
  /** The caller ID the callee sees: one of your 8x8 virtual numbers (E.164). */
  callerId: string;
  /** Record the bridged call. */
  callRecording?: boolean;
}

/** What `answer()` takes beside the actions. */
export interface AnswerOptions {
  /** The bookmark 8x8 echoes on the next VCA of this session. */
  clientActionId?: string;
}

function voice(options: VoiceOptions): { voiceProfile: string; speed?: number } {
  return options.speed === undefined
    ? { voiceProfile: options.voiceProfile ?? DEFAULT_VOICE_PROFILE }
    : { voiceProfile: options.voiceProfile ?? DEFAULT_VOICE_PROFILE, speed: options.speed };
}

/** Speaks a text (at most 3000 characters). @example say("Our hours are 9 to 5.") */
export function say(text: string, options: SayOptions = {}): Say {
  const params: Say["params"] = { text, ...voice(options) };
  if (options.repetition !== undefined) params.repetition = options.repetition;
  return { action: "say", params };
}

/**
 * Speaks a prompt and captures digits; the next VCA carries them. Settings left out are left
 * to 8x8 (CAPTURE_DEFAULTS), except where 8x8 requires a partner setting: minDigits or
 * completeOnHash false bring maxDigits, digitTimeout brings a larger overallTimeout.
 * @example capture("Enter your 6-digit booking number.", { minDigits: 6, maxDigits: 6 })
 */
export function capture(prompt: string, options: CaptureOptions = {}): SayAndCapture {
  const { voiceProfile, speed, ...settings } = options;
  const params: SayAndCaptureParams = { promptMessage: prompt, ...voice({ voiceProfile, speed }) };
  for (const [key, value] of Object.entries(settings)) {
    if (value !== undefined && value !== null) (params as Record<string, unknown>)[key] = value;
  }
  if ((params.minDigits !== undefined || params.completeOnHash === false) && params.maxDigits === undefined) {
    params.maxDigits = Math.max(params.minDigits ?? 1, params.completeOnHash === false ? 1 : CAPTURE_DEFAULTS.maxDigits);
  }
  if (params.digitTimeout !== undefined && params.overallTimeout === undefined) {
    params.overallTimeout = Math.max(CAPTURE_DEFAULTS.overallTimeout, params.digitTimeout + 1);
  }
  return { action: "sayAndCapture", params };
}

/** Plays an mp3 or wav file from an http(s) URL. @example play("https://example.com/hold.mp3") */
export function play(fileUrl: string, options: { repetition?: number } = {}): PlayFile {
  return options.repetition === undefined
    ? { action: "playFile", params: { fileUrl } }
    : { action: "playFile", params: { fileUrl, repetition: options.repetition } };
}

/**
 * Bridges the caller to another number (a makeCall inside a VCA answer).
 * @example transfer("+6561115777", { callerId: "+6568888888" })
 */
export function transfer(destination: string, options: TransferOptions): MakeCall {
  const params: MakeCall["params"] = { source: options.callerId, destination };
  if (options.callRecording !== undefined) params.callRecording = options.callRecording;
  return { action: "makeCall", params };
}

/** Ends the call (every leg). @example answer(say("Goodbye."), hangup()) */
export function hangup(): Hangup {
  return { action: "hangup" };
}

function isAction(value: Action | AnswerOptions): value is Action {
  return typeof (value as { action?: unknown }).action === "string";
}

/**
 * The body a VCA is answered with: the actions in order, and optionally a bookmark last.
 * @example answer(capture("Press 1 or 2."), { clientActionId: "main" })
 */
export function answer(...items: Array<Action | AnswerOptions>): VcaAnswer {
  const callflow: Action[] = [];
  let options: AnswerOptions = {};
  for (const item of items) {
    if (isAction(item)) callflow.push(item);
    else options = { ...options, ...item };
  }
  return options.clientActionId === undefined ? { callflow } : { clientActionId: options.clientActionId, callflow };
}
