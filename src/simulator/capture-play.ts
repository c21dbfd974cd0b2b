/**
 * Plays a whole sayAndCapture on a live call: the prompt, the scripted caller's keys for each
 * try, the failure message between tries and the success message after valid input. The rules
 * of one try live in `capture.ts`; this file adds time, the caller and the transcript.
 *
 * @example
 * const dtmf = await playCapture(host, params); // "12", null (tries ran out), undefined (call ended)
 */
import type { SayAndCaptureParams } from "../voice/index.js";
import { captureSettings, runTry } from "./capture.js";
import type { TranscriptInput } from "./transcript.js";

/** What the runner lends a capture: speech, time, the caller's next entry, notes and DTMF status. */
export interface CaptureHost {
  /** Speaks a text; false when the caller hung up meanwhile. */
  speak(text: string, role: "capture" | "failure" | "success"): Promise<boolean>;
  /** Lets simulated time pass; false when the caller hung up meanwhile. */
  elapse(ms: number): Promise<boolean>;
  /** The caller's keys for this prompt, or undefined when they hang up instead. */
  nextEntry(): string | undefined;
  callerHangsUp(): void;
  note(entry: TranscriptInput): void;
  dtmfReceived(): Promise<void>;
}

/** The captured digits, null when every try failed, undefined when the call ended. */
export async function playCapture(host: CaptureHost, params: SayAndCaptureParams): Promise<string | null | undefined> {
  const settings = captureSettings(params);
  for (let attempt = 1; attempt <= settings.noOfTries; attempt += 1) {
    if (attempt > 1 && params.failureMessage && !(await host.speak(params.failureMessage, "failure"))) return undefined;
    if (!(await host.speak(params.promptMessage, "capture"))) return undefined;
    const entry = host.nextEntry();
    if (entry === undefined) {
      host.callerHangsUp();
      return undefined;
    }
    const result = runTry(entry, settings);
    host.note(result.keys ? { kind: "press", keys: result.keys } : { kind: "silence" });
    if (!(await host.elapse(result.elapsedMs))) return undefined;
    host.note({ kind: "capture", dtmf: result.valid ? result.digits : null, reason: result.reason, attempt });
    if (result.keys) await host.dtmfReceived();
    if (result.valid) {
      if (params.successMessage && !(await host.speak(params.successMessage, "success"))) return undefined;
      return result.digits;
    }
  }
  return null;
}
