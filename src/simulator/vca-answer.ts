/**
 * Judges an app's answer to a VCA the way the platform must: no answer, or a non-2xx one, is a
 * connectivity error (-2002); a 2xx whose body is not `{ clientActionId?, callflow }` with a
 * callflow valid in `answer` mode is an invalid call flow (-2003). An empty callflow is valid:
 * the call ends as a hangup would.
 *
 * @example
 * const verdict = judgeVcaAnswer(result, { voiceProfiles, vcaTimeoutMs: 5000 });
 * if (!verdict.ok) endWithError(verdict.error);
 */
import { SESSION_ERROR_CODES, validateCallflow, type Callflow, type ErrorDetails } from "../voice/index.js";
import { is2xx, type DeliveryResult } from "./delivery.js";

export type VcaVerdict =
  | { ok: true; callflow: Callflow; clientActionId: string | undefined }
  | { ok: false; error: ErrorDetails };

const connectivity = (errorMsg: string): VcaVerdict => ({ ok: false, error: { errorCode: SESSION_ERROR_CODES.CONNECTIVITY, errorMsg } });
const invalid = (errorMsg: string): VcaVerdict => ({ ok: false, error: { errorCode: SESSION_ERROR_CODES.CALLFLOW_INVALID, errorMsg } });

export function judgeVcaAnswer(result: DeliveryResult, options: { voiceProfiles?: ReadonlySet<string> }): VcaVerdict {
  if (result.status === null) return connectivity(`Internal connectivity error: VCA delivery failed (${result.error ?? "no answer"})`);
  if (!is2xx(result.status)) return connectivity(`Internal connectivity error: VCA endpoint answered HTTP ${result.status}`);
  const body = result.body;
  if (result.invalidJson || typeof body !== "object" || body === null || Array.isArray(body)) {
    return invalid("Call flow invalid: the VCA answer is not a JSON object");
  }
  const { callflow, clientActionId } = body as { callflow?: unknown; clientActionId?: unknown };
  if (clientActionId !== undefined && typeof clientActionId !== "string") {
    return invalid("Call flow invalid: $.clientActionId must be a string");
  }
  // An empty callflow (real client code answers `"callflow": []`, and the OpenAPI file does not
  // forbid it) ends the call as a hangup would (SPEC section 5, Choice); the runner hangs up.
  if (Array.isArray(callflow) && callflow.length === 0) return { ok: true, callflow: [], clientActionId };
  const validation = validateCallflow(callflow, { mode: "answer", voiceProfiles: options.voiceProfiles });
  if (!validation.ok) return invalid(`Call flow invalid: ${validation.statusCode} ${validation.statusMessage}`);
  return { ok: true, callflow: callflow as Callflow, clientActionId };
}
