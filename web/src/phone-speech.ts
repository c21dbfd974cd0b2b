/**
 * The dev phone speaks each prompt with the browser's speech synthesis, unless muted; the mute
 * is remembered in localStorage. A browser without speech synthesis (headless chromium, some
 * phones) or without storage still works: the prompts are shown as text, and nothing fails.
 * The browser's objects are passed in, so this runs and is tested without a DOM.
 */

/** The part of `window.speechSynthesis` used here. */
export interface SpeechLike {
  speak(utterance: never): void;
  cancel(): void;
}

/** The part of `localStorage` used here. */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** Makes an utterance of `text` in `lang` (`new SpeechSynthesisUtterance` in a browser). */
export type UtteranceMaker = (text: string, lang: string | null) => unknown;

/** Where the mute is remembered. */
export const MUTE_KEY = "switchboard.phone.muted";

/** Whether the phone was muted last time; false when storage is missing or refuses. */
export function readMuted(storage: StorageLike | null): boolean {
  try {
    return storage?.getItem(MUTE_KEY) === "true";
  } catch {
    return false;
  }
}

/** Remembers the mute; a storage that refuses (private mode, full) only loses the memory. */
export function writeMuted(storage: StorageLike | null, muted: boolean): void {
  try {
    storage?.setItem(MUTE_KEY, String(muted));
  } catch {
    // Nothing to do: the mute still holds for this page.
  }
}

/** The language of an 8x8 voice profile (`en-US-BenjaminRUS` → `en-US`), null when it names none. */
export function langOf(voiceProfile: unknown): string | null {
  if (typeof voiceProfile !== "string") return null;
  const match = /^([a-z]{2,3}-[A-Z]{2})(?:-|$)/.exec(voiceProfile);
  return match ? match[1]! : null;
}

/** Speaks prompts, in order, unless muted. */
export class Speaker {
  constructor(
    private readonly synth: SpeechLike | null,
    private readonly utterance: UtteranceMaker | null,
    private muted: boolean,
  ) {}

  /** Whether this browser can speak at all. */
  get canSpeak(): boolean {
    return this.synth !== null && this.utterance !== null;
  }

  get isMuted(): boolean {
    return this.muted;
  }

  /** Queues `text` after what is being said; says nothing when muted or unable. */
  say(text: string, lang: string | null = null): void {
    if (this.muted || this.synth === null || this.utterance === null) return;
    try {
      this.synth.speak(this.utterance(text, lang) as never);
    } catch {
      // A browser that refuses to speak still shows the prompt.
    }
  }

  /** Stops speaking now and forgets what was queued (a key pressed, the call over). */
  stop(): void {
    try {
      this.synth?.cancel();
    } catch {
      // As above.
    }
  }

  /** Mutes (stopping what is being said) or unmutes. */
  setMuted(muted: boolean): void {
    this.muted = muted;
    if (muted) this.stop();
  }
}
