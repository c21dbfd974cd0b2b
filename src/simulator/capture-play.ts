/**
 * Plays a whole sayAndCapture on a live call: the prompt, the caller's input for each try, the
 * failure message between tries and the success message after valid input. The rules of one
 * try live in `capture.ts`; the caller (scripted or interactive, caller.ts) gives each try's
 * input; this file adds the prompts and the transcript's `capture` entries.
 *
 * @example
 * const dtmf = await playCapture(host, params); // "12", null (tries ran out), undefined (call ended)
 */
import type { SayAndCaptureParams } from "../voice/index.js";
import { captureSettings, type CaptureSettings, type TryResult } from "./capture.js";
import type { TranscriptInput } from "./transcript.js";

/** What the runner lends a capture: speech, the caller's input, notes and DTMF status. */
export interface CaptureHost {
  /** Speaks a text; false when the caller hung up meanwhile. */
  speak(text: string, role: "capture" | "failure" | "success"): Promise<boolean>;
  /** The caller's input for one try (time passes); undefined when the call ended instead. */
  input(settings: CaptureSettings): Promise<TryResult | undefined>;
  note(entry: TranscriptInput): void;
  dtmfReceived(): Promise<void>;
}

/** The captured digits, null when every try failed, undefined when the call ended. */
export async function playCapture(host: CaptureHost, params: SayAndCaptureParams): Promise<string | null | undefined> {
  const settings = captureSettings(params);
  for (let attempt = 1; attempt <= settings.noOfTries; attempt += 1) {
    if (attempt > 1 && params.failureMessage && !(await host.speak(params.failureMessage, "failure"))) return undefined;
    if (!(await host.speak(params.promptMessage, "capture"))) return undefined;
    const result = await host.input(settings);
    if (result === undefined) return undefined;
    host.note({ kind: "capture", dtmf: result.valid ? result.digits : null, reason: result.reason, attempt });
    if (result.keys) await host.dtmfReceived();
    if (result.valid) {
      if (params.successMessage && !(await host.speak(params.successMessage, "success"))) return undefined;
      return result.digits;
    }
  }
  return null;
}
