/**
 * The dev phone's keypad: its twelve keys with their letters, the keyboard keys that press them,
 * and a sender that posts the keys in the order they were pressed, one request at a time (keys
 * pressed while one is on its way go together in the next), as a phone sends its tones in order.
 */

/** A key of the keypad. */
export type PhoneKey = "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" | "*" | "0" | "#";

/** The keypad, row by row, each key with the letters printed under it. */
export const KEYPAD: readonly { key: PhoneKey; letters: string }[] = [
  { key: "1", letters: "" },
  { key: "2", letters: "ABC" },
  { key: "3", letters: "DEF" },
  { key: "4", letters: "GHI" },
  { key: "5", letters: "JKL" },
  { key: "6", letters: "MNO" },
  { key: "7", letters: "PQRS" },
  { key: "8", letters: "TUV" },
  { key: "9", letters: "WXYZ" },
  { key: "*", letters: "" },
  { key: "0", letters: "+" },
  { key: "#", letters: "" },
];

/** The most keys one request carries (the simulator takes 1 to 32). */
export const MAX_KEYS_PER_REQUEST = 32;

/** The keypad key a keyboard key presses (`event.key`: the digits, the number pad's too, `*` and `#`); null for any other. */
export function phoneKeyOf(key: string): PhoneKey | null {
  return /^[0-9*#]$/.test(key) ? (key as PhoneKey) : null;
}

/** Sends keys in order, one request at a time. */
export class KeySender {
  private pending = "";
  private sending = false;

  /** `send` posts keys; `refused` hears a failed send (the keys waiting behind it are dropped with it). */
  constructor(
    private readonly send: (keys: string) => Promise<void>,
    private readonly refused: (error: Error) => void,
  ) {}

  /** Queues keys and sends them as soon as nothing else is on its way. */
  press(keys: string): void {
    this.pending += keys;
    void this.flush();
  }

  /** Whether every key pressed has been sent (or dropped). */
  get idle(): boolean {
    return !this.sending && this.pending === "";
  }

  private async flush(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    try {
      while (this.pending !== "") {
        const keys = this.pending.slice(0, MAX_KEYS_PER_REQUEST);
        this.pending = this.pending.slice(keys.length);
        try {
          await this.send(keys);
        } catch (error) {
          this.pending = "";
          this.refused(error as Error);
        }
      }
    } finally {
      this.sending = false;
    }
  }
}
