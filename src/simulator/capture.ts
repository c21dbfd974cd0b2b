/**
 * One try of a sayAndCapture, as SPEC section 3 defines it, decided without I/O: given the
 * caller's keys for this prompt, when does input end and is it valid? Input starts when the
 * prompt ends. It ends on `#` (when completeOnHash), on reaching maxDigits, when the gap after a
 * key exceeds digitTimeout, or when overallTimeout runs out. It is valid when it holds from
 * minDigits to maxDigits digits.
 *
 * @example
 * runTry("12#", captureSettings({ promptMessage: "PIN?", voiceProfile: "en-GB-Emma" }));
 * // { digits: "12", reason: "hash", valid: true, keys: "12#", elapsedMs: 750 }
 */
import { CAPTURE_DEFAULTS, type SayAndCaptureParams } from "../voice/index.js";
import { TIMING } from "./timing.js";

/** A sayAndCapture's settings with every default filled in (see `captureSettings`). */
export interface CaptureSettings {
  minDigits: number;
  maxDigits: number;
  /** Undefined: no limit between keys, only the overall timeout. */
  digitTimeout?: number;
  /** Milliseconds for the whole input, from the end of the prompt. */
  overallTimeout: number;
  completeOnHash: boolean;
  /** Tries the caller gets before the capture gives up. */
  noOfTries: number;
}

/** The settings of a sayAndCapture with CAPTURE_DEFAULTS filled in (null counts as not given). */
export function captureSettings(params: SayAndCaptureParams): CaptureSettings {
  return {
    minDigits: params.minDigits ?? CAPTURE_DEFAULTS.minDigits,
    maxDigits: params.maxDigits ?? CAPTURE_DEFAULTS.maxDigits,
    digitTimeout: params.digitTimeout ?? undefined,
    overallTimeout: params.overallTimeout ?? CAPTURE_DEFAULTS.overallTimeout,
    completeOnHash: params.completeOnHash ?? CAPTURE_DEFAULTS.completeOnHash,
    noOfTries: params.noOfTries ?? CAPTURE_DEFAULTS.noOfTries,
  };
}

export type CaptureEnd = "hash" | "max-digits" | "digit-timeout" | "overall-timeout" | "no-input";

/** How one try of a sayAndCapture ended (see `runTry`): the digits, why input ended, and whether it was valid. */
export interface TryResult {
  /** The captured digits (without a terminating #). */
  digits: string;
  /** The keys actually pressed before input ended, terminator included. */
  keys: string;
  /** Why input ended: `#`, maxDigits reached, a timeout, or no input at all. */
  reason: CaptureEnd;
  /** True when the digits number from minDigits to maxDigits. */
  valid: boolean;
  /** Time from the end of the prompt to the end of input. */
  elapsedMs: number;
}

/** Entries that mean "the caller says nothing to this prompt". */
export const SILENCE_ENTRIES: ReadonlySet<string> = new Set(["-", "silence"]);

/** Plays one press entry against the capture settings. */
export function runTry(entry: string, settings: CaptureSettings): TryResult {
  const { overallTimeout, digitTimeout, completeOnHash, maxDigits } = settings;
  let t = 0;
  let digits = "";
  let keys = "";
  let lastKeyAt: number | undefined;
  const end = (reason: CaptureEnd, at: number): TryResult => {
    const valid = digits.length >= Math.max(1, settings.minDigits) && digits.length <= maxDigits;
    return { digits, keys, reason: reason === "overall-timeout" && keys === "" ? "no-input" : reason, valid, elapsedMs: at };
  };
  const keysOfEntry = SILENCE_ENTRIES.has(entry) ? "" : entry;
  for (const key of keysOfEntry) {
    t += key === "," ? TIMING.pauseKeyMs : TIMING.keyIntervalMs;
    if (key === ",") continue;
    const digitDeadline = lastKeyAt !== undefined && digitTimeout !== undefined ? lastKeyAt + digitTimeout : Infinity;
    if (t > Math.min(overallTimeout, digitDeadline)) {
      return digitDeadline < overallTimeout ? end("digit-timeout", digitDeadline) : end("overall-timeout", overallTimeout);
    }
    keys += key;
    if (key === "#" && completeOnHash) return end("hash", t);
    digits += key;
    lastKeyAt = t;
    if (digits.length >= maxDigits) return end("max-digits", t);
  }
  // The caller stopped pressing: input ends at the next timeout.
  if (lastKeyAt !== undefined && digitTimeout !== undefined && lastKeyAt + digitTimeout < overallTimeout) {
    return end("digit-timeout", lastKeyAt + digitTimeout);
  }
  return end("overall-timeout", overallTimeout);
}
