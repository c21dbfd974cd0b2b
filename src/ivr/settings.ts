/**
 * The settings a menu really runs with: its own, else the flow's defaults, else the engine's.
 * The engine and the static checks both read them from here, so `validate` judges exactly
 * what callers will get.
 *
 * @example
 * effectiveCapture(flow, flow.menus.main).maxDigits; // 1 when every option key is one digit
 */
import { CAPTURE_DEFAULTS } from "../voice/index.js";
import { ANY_KEY, DEFAULT_VOICE_PROFILE, type CaptureSettings, type Flow, type Menu, type RetryPolicy } from "./flow-schema.js";

/** The key that replays the current menu unless the flow's `keys.repeat` says otherwise. */
export const DEFAULT_REPEAT_KEY = "*";
/** Wrong input: offer the menu twice more, then the default goodbye (`DEFAULT_GOODBYE_TEXT`). */
export const DEFAULT_ON_INVALID: RetryPolicy = { replay: 2 };
/** No input: 8x8 already replayed the prompt noOfTries times, so go straight to the default goodbye. */
export const DEFAULT_ON_NO_INPUT: RetryPolicy = { replay: 0 };

export interface EffectiveCapture extends CaptureSettings {
  minDigits: number;
  maxDigits: number;
  completeOnHash: boolean;
  /** Whether maxDigits was configured (true) or derived from the option keys (false). */
  maxDigitsConfigured: boolean;
}

export function menuKeys(flow: Flow): { repeat: string | null; back: string | null } {
  const keys = flow.defaults?.keys;
  return {
    repeat: keys?.repeat === undefined ? DEFAULT_REPEAT_KEY : keys.repeat,
    back: keys?.back ?? null,
  };
}

/**
 * Capture settings merged from menu and defaults. When no maxDigits is configured, it is the
 * longest key the menu answers to (so a one-key menu completes on the first press), or 25 when
 * the menu has an `any` option.
 */
export function effectiveCapture(flow: Flow, menu: Menu): EffectiveCapture {
  const merged: CaptureSettings = { ...flow.defaults?.capture, ...menu.capture };
  const keys = menuKeys(flow);
  const answered = [...Object.keys(menu.options).filter((k) => k !== ANY_KEY), keys.repeat, keys.back].filter(
    (k): k is string => typeof k === "string",
  );
  const derivedMax = ANY_KEY in menu.options || answered.length === 0 ? CAPTURE_DEFAULTS.maxDigits : Math.max(...answered.map((k) => k.length));
  return {
    ...merged,
    minDigits: merged.minDigits ?? CAPTURE_DEFAULTS.minDigits,
    maxDigits: merged.maxDigits ?? Math.max(derivedMax, merged.minDigits ?? 1),
    completeOnHash: merged.completeOnHash ?? CAPTURE_DEFAULTS.completeOnHash,
    maxDigitsConfigured: merged.maxDigits !== undefined,
  };
}

export function effectiveVoice(flow: Flow, menu?: Menu): { voiceProfile: string; speed?: number } {
  const voiceProfile = menu?.voiceProfile ?? flow.defaults?.voiceProfile ?? DEFAULT_VOICE_PROFILE;
  const speed = menu?.speed ?? flow.defaults?.speed;
  return speed === undefined ? { voiceProfile } : { voiceProfile, speed };
}

export function effectivePolicy(flow: Flow, menu: Menu, kind: "onInvalid" | "onNoInput"): RetryPolicy {
  return menu[kind] ?? flow.defaults?.[kind] ?? (kind === "onInvalid" ? DEFAULT_ON_INVALID : DEFAULT_ON_NO_INPUT);
}
