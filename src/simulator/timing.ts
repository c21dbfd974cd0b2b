/**
 * How long things take on a simulated call. Speech takes time from its length and speed (about
 * 15 characters a second at speed 1, roughly 150 words a minute) times its repetition; a file
 * plays for a fixed duration because the simulator never downloads it. Ring times per callee
 * behaviour mirror what a phone network does before it gives up.
 *
 * @example
 * speechMs("Welcome to ABC Restaurant", 1, 1); // 1925
 */
import type { CalleeBehavior } from "./config.js";

/** How long the parts of a simulated call take, in simulated milliseconds. */
export const TIMING = {
  /** Speech at speed 1: about 15 characters a second. */
  msPerCharacter: 65,
  /** The pause the platform leaves after each utterance. */
  pauseAfterSpeechMs: 300,
  /** How long any playFile plays (the simulator never downloads the file). */
  fileMs: 5_000,
  /** Gap between two keys a scripted caller presses; "," in a press entry adds a second. */
  keyIntervalMs: 250,
  /** The pause a "," in a press entry adds. */
  pauseKeyMs: 1_000,
  /** How long a bridged callee talks before hanging up, unless scripted. */
  defaultTalkMs: 30_000,
  /** A caller with no script for hanging up gives up after this long, so no call runs forever. */
  callerPatienceMs: 60 * 60 * 1000,
} as const;

/** Ring time before each outcome, and the SIP final code it ends with. */
export const RING: Record<CalleeBehavior, { ms: number; sipCode: number }> = {
  answer: { ms: 4_000, sipCode: 200 },
  busy: { ms: 2_000, sipCode: 486 },
  "no-answer": { ms: 30_000, sipCode: 480 },
  fail: { ms: 500, sipCode: 503 },
};

/** Milliseconds to speak `text` once at `speed`, times `repetition`. */
export function speechMs(text: string, speed?: number | null, repetition?: number | null): number {
  // A null setting means "not given" (8x8's guides send nulls), so the default applies.
  return (Math.round((text.length * TIMING.msPerCharacter) / (speed ?? 1)) + TIMING.pauseAfterSpeechMs) * (repetition ?? 1);
}

/** Milliseconds a file plays, times `repetition`. */
export function fileMs(repetition?: number | null): number {
  return TIMING.fileMs * (repetition ?? 1);
}
