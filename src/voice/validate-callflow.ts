/**
 * Checks a callflow the way the 8x8 platform does and answers with 8x8's own status codes
 * (SPEC section 4), so a mistake is caught before a request leaves the machine or an answer
 * reaches a caller. Pure: the clock is an option.
 *
 * @example
 * const result = validateCallflow(body.callflow, { mode: "send", validUntil: body.validUntil });
 * if (!result.ok) console.error(result.statusCode, result.statusMessage);
 * // -1009 "Invalid call flow entry provided. $.callflow[2].params.text: is missing but it is required"
 */
import {
  ACTION_NAMES,
  MAX_MAKE_CALLS,
  PARAMS_SCHEMAS,
  type ActionName,
  type Callflow,
} from "./actions.js";
import { checkObject, jsonTypeOf, type SchemaViolation } from "./schema-check.js";
import { CALLFLOW_STATUS, CALLFLOW_STATUS_MEANING, type CallflowStatusCode } from "./status-codes.js";

/**
 * What the callflow is for: `send`, the body of a Send Callflow (its first action must be
 * makeCall, up to two makeCall); `answer`, a VCA answer (the caller's leg exists, so at most one
 * makeCall, and it bridges).
 */
export type ValidationMode = "send" | "answer";

/** How `validateCallflow` checks: the mode, and the deadline, clock and voices to check against. */
export interface ValidateCallflowOptions {
  /** `send`: a Send Callflow request (first action makeCall, validUntil checked). `answer`: a VCA answer. */
  mode: ValidationMode;
  /** Send mode: the request's validUntil (ISO-8601); refused with -1015 once it has passed. */
  validUntil?: string;
  /** The clock validUntil is compared with; defaults to the current time. */
  now?: Date;
  /** When given, voice profiles must be one of these codes (otherwise only their shape is checked). */
  voiceProfiles?: ReadonlySet<string>;
}

/**
 * The verdict of `validateCallflow`: `{ ok: true }`, or the first problem as 8x8 would report it
 * (its status code and message) with the JSON path of the offending value.
 */
export type CallflowValidation =
  | { ok: true }
  | { ok: false; statusCode: CallflowStatusCode; statusMessage: string; path: string };

const OK: CallflowValidation = { ok: true };

/** In a VCA answer the caller's leg already exists, so only one more leg may be bridged. */
const MAKE_CALL_LIMIT: Record<ValidationMode, number> = { send: MAX_MAKE_CALLS, answer: MAX_MAKE_CALLS - 1 };

/** Control characters (tab, newline and carriage return aside) cannot be spoken or dialled. */
// eslint-disable-next-line no-control-regex
const SPECIAL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Two numbers in one destination: a separator followed by more digits. */
const MULTIPLE_NUMBERS = /\d[\s,;/|]+\+?\d/;

/** -1009 messages start with 8x8's own words before the path (SPEC 4: its status-code page and Simple IVR guide). */
const INVALID_ENTRY_PREFIX = "Invalid call flow entry provided. ";

function fail(statusCode: CallflowStatusCode, path: string, detail?: string): CallflowValidation {
  const described = detail ?? `${CALLFLOW_STATUS_MEANING[statusCode]} (at ${path})`;
  const statusMessage = statusCode === CALLFLOW_STATUS.INVALID_ENTRY && detail !== undefined ? INVALID_ENTRY_PREFIX + detail : described;
  return { ok: false, statusCode, statusMessage, path };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Validates a callflow; the first problem found, in document order, decides the answer. */
export function validateCallflow(callflow: unknown, options: ValidateCallflowOptions): CallflowValidation {
  if (options.mode === "send") {
    const expired = checkValidUntil(options.validUntil, options.now ?? new Date());
    if (expired) return expired;
  }
  if (callflow === undefined) {
    return fail(CALLFLOW_STATUS.INVALID_ENTRY, "$.callflow", "$.callflow: is missing but it is required");
  }
  if (!Array.isArray(callflow)) {
    return fail(CALLFLOW_STATUS.INVALID_JSON, "$.callflow", `$.callflow: ${jsonTypeOf(callflow)} found, array expected`);
  }
  if (callflow.length === 0) {
    if (options.mode === "send") return fail(CALLFLOW_STATUS.FIRST_NOT_MAKE_CALL, "$.callflow[0]");
    return fail(CALLFLOW_STATUS.INVALID_ENTRY, "$.callflow", "$.callflow: there must be a minimum of 1 items in the array");
  }
  let makeCalls = 0;
  for (const [index, entry] of callflow.entries()) {
    const path = `$.callflow[${index}]`;
    const shape = checkEntryShape(entry, path);
    if (shape) return shape;
    const action = (entry as { action: ActionName }).action;
    if (index === 0 && options.mode === "send" && action !== "makeCall") {
      return fail(CALLFLOW_STATUS.FIRST_NOT_MAKE_CALL, `${path}.action`);
    }
    if (index > 0 && (callflow[index - 1] as { action?: unknown }).action === "hangup") {
      return fail(CALLFLOW_STATUS.HANGUP_MISUSED, `${path}.action`, `${CALLFLOW_STATUS_MEANING[-1012]}: no action may follow hangup (at ${path})`);
    }
    if (action === "makeCall" && ++makeCalls > MAKE_CALL_LIMIT[options.mode]) {
      return fail(CALLFLOW_STATUS.TOO_MANY_ACTIONS, path, `${CALLFLOW_STATUS_MEANING[-1010]}: at most ${MAKE_CALL_LIMIT[options.mode]} makeCall in a ${options.mode === "send" ? "Send Callflow request" : "VCA answer"} (at ${path})`);
    }
    const params = checkParams(entry as Record<string, unknown>, path, options);
    if (params) return params;
  }
  return OK;
}

function checkValidUntil(validUntil: string | undefined, now: Date): CallflowValidation | undefined {
  if (validUntil === undefined) return undefined;
  const time = typeof validUntil === "string" ? Date.parse(validUntil) : Number.NaN;
  if (Number.isNaN(time)) {
    return fail(CALLFLOW_STATUS.INVALID_JSON, "$.validUntil", `$.validUntil: ${JSON.stringify(validUntil)} is not an ISO-8601 date-time`);
  }
  if (time <= now.getTime()) return fail(CALLFLOW_STATUS.VALIDITY_EXPIRED, "$.validUntil");
  return undefined;
}

function checkEntryShape(entry: unknown, path: string): CallflowValidation | undefined {
  if (!isObject(entry)) {
    return fail(CALLFLOW_STATUS.INVALID_ENTRY, path, `${path}: ${jsonTypeOf(entry)} found, object expected`);
  }
  if (entry.action === undefined) {
    return fail(CALLFLOW_STATUS.INVALID_ENTRY, `${path}.action`, `${path}.action: is missing but it is required`);
  }
  if (!ACTION_NAMES.includes(entry.action as ActionName)) {
    return fail(CALLFLOW_STATUS.UNKNOWN_ACTION, `${path}.action`, `${path}.action should be one of: ${ACTION_NAMES.join(",")}`);
  }
  for (const key of Object.keys(entry)) {
    if (key !== "action" && key !== "params") {
      return fail(CALLFLOW_STATUS.INVALID_ENTRY, `${path}.${key}`, `${path}.${key}: is not defined in the schema and the schema does not allow additional properties`);
    }
  }
  return undefined;
}

function checkParams(entry: Record<string, unknown>, path: string, options: ValidateCallflowOptions): CallflowValidation | undefined {
  const action = entry.action as ActionName;
  const params = entry.params;
  const paramsPath = `${path}.params`;
  if (action === "hangup") {
    if (params === undefined || (isObject(params) && Object.keys(params).length === 0)) return undefined;
    return fail(CALLFLOW_STATUS.INVALID_ENTRY, paramsPath, `${paramsPath}: hangup takes no parameters`);
  }
  if (params === undefined) {
    return fail(CALLFLOW_STATUS.INVALID_ENTRY, paramsPath, `${paramsPath}: is missing but it is required`);
  }
  if (!isObject(params)) {
    return fail(CALLFLOW_STATUS.INVALID_ENTRY, paramsPath, `${paramsPath}: ${jsonTypeOf(params)} found, object expected`);
  }
  const special = findSpecialCharacters(params, paramsPath);
  if (special) return special;
  if (action === "makeCall") {
    const multiple = checkSingleDestination(params, paramsPath);
    if (multiple) return multiple;
  }
  const violation = checkObject(PARAMS_SCHEMAS[action], params, paramsPath);
  if (violation) return statusForViolation(violation);
  if (options.voiceProfiles && typeof params.voiceProfile === "string" && !options.voiceProfiles.has(params.voiceProfile)) {
    return fail(CALLFLOW_STATUS.INVALID_SPEECH_PROFILE, `${paramsPath}.voiceProfile`, `${CALLFLOW_STATUS_MEANING[-1002]}: ${paramsPath}.voiceProfile "${params.voiceProfile}" is not an available speech profile`);
  }
  return action === "sayAndCapture" ? checkCaptureRules(params, paramsPath) : undefined;
}

function findSpecialCharacters(params: Record<string, unknown>, paramsPath: string): CallflowValidation | undefined {
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === "string" && SPECIAL_CHARACTERS.test(value)) {
      return fail(CALLFLOW_STATUS.SPECIAL_CHARACTERS, `${paramsPath}.${name}`);
    }
  }
  return undefined;
}

function checkSingleDestination(params: Record<string, unknown>, paramsPath: string): CallflowValidation | undefined {
  if (typeof params.destination === "string" && MULTIPLE_NUMBERS.test(params.destination)) {
    return fail(CALLFLOW_STATUS.MULTIPLE_DESTINATIONS, `${paramsPath}.destination`);
  }
  return undefined;
}

/** Pattern failures on some fields have codes of their own; everything else is -1009. */
function statusForViolation(violation: SchemaViolation): CallflowValidation {
  if (violation.keyword === "pattern") {
    const field = violation.path.slice(violation.path.lastIndexOf(".") + 1);
    const codeByField: Record<string, CallflowStatusCode> = {
      voiceProfile: CALLFLOW_STATUS.INVALID_SPEECH_PROFILE,
      destination: CALLFLOW_STATUS.INVALID_DESTINATION,
      source: CALLFLOW_STATUS.SOURCE_NOT_ALLOWED,
    };
    const code = codeByField[field];
    if (code) return fail(code, violation.path, `${CALLFLOW_STATUS_MEANING[code]}: ${violation.message}`);
  }
  return fail(CALLFLOW_STATUS.INVALID_ENTRY, violation.path, violation.message);
}

/** The cross-field rules of sayAndCapture (SPEC section 3), which JSON Schema cannot say. */
function checkCaptureRules(params: Record<string, unknown>, paramsPath: string): CallflowValidation | undefined {
  // null means "not given" for these (they are nullable in the OpenAPI file).
  const setting = (name: string) => (params[name] === null ? undefined : params[name]) as number | undefined;
  const minDigits = setting("minDigits");
  const maxDigits = setting("maxDigits");
  const digitTimeout = setting("digitTimeout");
  const overallTimeout = setting("overallTimeout");
  const completeOnHash = params.completeOnHash;
  if (minDigits !== undefined && maxDigits === undefined) {
    return fail(CALLFLOW_STATUS.MAX_DIGITS_REQUIRED_WITH_MIN, `${paramsPath}.maxDigits`);
  }
  if (completeOnHash === false && maxDigits === undefined) {
    return fail(CALLFLOW_STATUS.MAX_DIGITS_REQUIRED_WITHOUT_HASH, `${paramsPath}.maxDigits`);
  }
  if (minDigits !== undefined && maxDigits !== undefined && minDigits > maxDigits) {
    return fail(CALLFLOW_STATUS.INVALID_ENTRY, `${paramsPath}.minDigits`, `${paramsPath}.minDigits: must not be greater than maxDigits (${maxDigits})`);
  }
  if (digitTimeout !== undefined && overallTimeout === undefined) {
    return fail(CALLFLOW_STATUS.OVERALL_TIMEOUT_REQUIRED, `${paramsPath}.overallTimeout`);
  }
  // Equal timeouts pass: 8x8's own simple IVR guide sends digitTimeout = overallTimeout = 10000,
  // so the platform's "greater than" cannot be strict. Shorter is refused.
  if (digitTimeout !== undefined && overallTimeout !== undefined && overallTimeout < digitTimeout) {
    return fail(CALLFLOW_STATUS.OVERALL_NOT_GREATER_THAN_DIGIT, `${paramsPath}.overallTimeout`);
  }
  return undefined;
}

/** Narrows an unknown value to a Callflow when it validates. */
export function isValidCallflow(callflow: unknown, options: ValidateCallflowOptions): callflow is Callflow {
  return validateCallflow(callflow, options).ok;
}
