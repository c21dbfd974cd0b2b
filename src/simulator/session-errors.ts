/**
 * The `errorDetails` of a session the platform ends in ERROR: SPEC section 5's session error
 * codes with 8x8's words for each. -2010 is quoted in full from 8x8's documentation; the others
 * are the short meanings SPEC lists, which the simulator follows with what went wrong.
 *
 * @example
 * sessionError(-2010); // { errorCode: -2010, errorMsg: "Your concurrent call limit has been reached. Contact your account manager." }
 */
import { SESSION_ERROR_CODES, type ErrorDetails } from "../voice/index.js";

/** One of SPEC section 5's session error codes (-2001 to -2010, -9999). */
export type SessionErrorCode = (typeof SESSION_ERROR_CODES)[keyof typeof SESSION_ERROR_CODES];

const MESSAGES: Record<SessionErrorCode, string> = {
  [-2001]: "Internal error",
  [-2002]: "Internal connectivity error",
  [-2003]: "Call flow invalid",
  [-2004]: "No coverage for requested area",
  [-2005]: "Unable to synthesize TTS",
  [-2006]: "Unable to download file for playback",
  [-2007]: "Validity period expired",
  [-2008]: "Source/caller ID not whitelisted",
  [-2009]: "Scenario parameters invalid",
  [-2010]: "Your concurrent call limit has been reached. Contact your account manager.",
  [-9999]: "An unknown error has occurred",
};

/** The errorDetails of a session error: the code and 8x8's message for it, plus any detail. */
export function sessionError(code: SessionErrorCode, detail?: string): ErrorDetails {
  return { errorCode: code, errorMsg: detail ? `${MESSAGES[code]}: ${detail}` : MESSAGES[code] };
}
