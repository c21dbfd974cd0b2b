/**
 * The speech profiles the simulator offers (GET /speech-profiles) and accepts in callflows.
 * Codes follow the styles 8x8 lists: Azure's older `*RUS` voices, Polly-style names and neural
 * voices. A callflow naming any other profile is refused with -1002, as the platform does.
 *
 * @example
 * SPEECH_PROFILE_CODES.has("en-GB-Emma"); // true
 */
import type { SpeechProfile } from "../voice/index.js";

const profile = (speechProfileCode: string, localeDescription: string, gender: "Female" | "Male"): SpeechProfile => ({
  speechProfileCode,
  localeCode: speechProfileCode.split("-").slice(0, 2).join("-"),
  localeDescription,
  gender,
});

/** The voices `GET /speech-profiles` lists; with `strictVoiceProfiles` (the default) callflows may use only these. */
export const SPEECH_PROFILES: readonly SpeechProfile[] = [
  profile("en-US-BenjaminRUS", "English (United States)", "Male"),
  profile("en-US-JessaRUS", "English (United States)", "Female"),
  profile("en-US-JennyNeural", "English (United States)", "Female"),
  profile("en-US-GuyNeural", "English (United States)", "Male"),
  profile("en-US-Standard-A", "English (United States)", "Male"),
  profile("en-GB-Emma", "English (United Kingdom)", "Female"),
  profile("en-GB-Brian", "English (United Kingdom)", "Male"),
  profile("en-GB-SoniaNeural", "English (United Kingdom)", "Female"),
  profile("en-IE-EmilyNeural", "English (Ireland)", "Female"),
  profile("en-AU-NatashaNeural", "English (Australia)", "Female"),
  profile("en-IN-NeerjaNeural", "English (India)", "Female"),
  profile("en-SG-LunaNeural", "English (Singapore)", "Female"),
  profile("zh-CN-XiaoxiaoNeural", "Chinese (Mandarin, Simplified)", "Female"),
  profile("ms-MY-YasminNeural", "Malay (Malaysia)", "Female"),
  profile("id-ID-GadisNeural", "Indonesian (Indonesia)", "Female"),
  profile("fr-FR-Celine", "French (France)", "Female"),
  profile("de-DE-Hans", "German (Germany)", "Male"),
  profile("es-ES-Lucia", "Spanish (Spain)", "Female"),
  profile("da-DK-Naja", "Danish", "Female"),
];

export const SPEECH_PROFILE_CODES: ReadonlySet<string> = new Set(SPEECH_PROFILES.map((p) => p.speechProfileCode));
