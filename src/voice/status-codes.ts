/**
 * Send Callflow validation status codes (SPEC section 4). The simulator answers with them and
 * `validateCallflow` produces the same code and message before anything is sent.
 */
export const CALLFLOW_STATUS = {
  INVALID_JSON: -1001,
  INVALID_SPEECH_PROFILE: -1002,
  MAX_DIGITS_REQUIRED_WITH_MIN: -1003,
  OVERALL_TIMEOUT_REQUIRED: -1005,
  OVERALL_NOT_GREATER_THAN_DIGIT: -1006,
  UNKNOWN_ACTION: -1007,
  MAX_DIGITS_REQUIRED_WITHOUT_HASH: -1008,
  INVALID_ENTRY: -1009,
  TOO_MANY_ACTIONS: -1010,
  MULTIPLE_DESTINATIONS: -1011,
  HANGUP_MISUSED: -1012,
  FIRST_NOT_MAKE_CALL: -1013,
  SOURCE_NOT_ALLOWED: -1014,
  VALIDITY_EXPIRED: -1015,
  SPECIAL_CHARACTERS: -1016,
  INVALID_DESTINATION: -1017,
  UNKNOWN: -9999,
} as const;

/**
 * One of 8x8's Send Callflow status codes that this project produces (-1001 to -1017, -9999).
 * Left out: -1004 (a DTMF callback URL, which no action here takes) and -1018 to -1020 (Execute
 * Scenario, not modelled).
 */
export type CallflowStatusCode = (typeof CALLFLOW_STATUS)[keyof typeof CALLFLOW_STATUS];

/** The meaning 8x8 documents for each code; messages that carry a JSON path add it. */
export const CALLFLOW_STATUS_MEANING: Record<CallflowStatusCode, string> = {
  [-1001]: "Invalid JSON request body",
  [-1002]: "Speech profile or language parameter invalid",
  [-1003]: "Valid maxDigits required when minDigits provided",
  [-1005]: "Valid overallTimeout is required when digitTimeout provided",
  [-1006]: "OverallTimeout should be greater than digitTimeout",
  [-1007]: "Action should be one of: say,sayAndCapture,makeCall,hangup,playFile",
  [-1008]: "Valid maxDigits is required when completeOnHash is false",
  [-1009]: "Invalid call flow entry provided",
  [-1010]: "Some actions are provided beyond the allowed count",
  [-1011]: "Multiple destination phone numbers found in the request",
  [-1012]: "Incorrect use of action Hangup",
  [-1013]: "First action should be a MakeCall action",
  [-1014]: "Source or caller ID is not allowed",
  [-1015]: "The validity period of the call flow request has expired",
  [-1016]: "Some special characters are invalid/unaccepted",
  [-1017]: "Invalid MSISDN format in Destination",
  [-9999]: "An unknown error has occurred",
};

/**
 * The HTTP status of a refused Send Callflow. 8x8's examples answer -1007 with 400 and -1013 with
 * 422; **choice**: the shape errors (-1001, -1007, -1009) are 400, the rule errors 422.
 */
export function httpStatusForCallflowCode(code: CallflowStatusCode): 400 | 422 | 500 {
  if (code === CALLFLOW_STATUS.UNKNOWN) return 500;
  const shapeErrors: CallflowStatusCode[] = [
    CALLFLOW_STATUS.INVALID_JSON,
    CALLFLOW_STATUS.UNKNOWN_ACTION,
    CALLFLOW_STATUS.INVALID_ENTRY,
  ];
  return shapeErrors.includes(code) ? 400 : 422;
}
