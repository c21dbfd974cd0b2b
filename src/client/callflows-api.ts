/**
 * `client.callflows.send()`: starts an outbound session (SPEC section 4).
 *
 * It validates the callflow first with 8x8's own rules and refuses with the same status code and
 * message before any request. It always sends a `clientRequestId` (yours, or a generated UUID),
 * because that id is how a caller reconciles a send whose answer was lost: the session summary
 * (VSS) of a placed call echoes it. Send Callflow is never resent after a timeout or a dropped
 * connection (it could place a second call); see `VoiceSendOutcomeUnknownError`.
 *
 * @example
 * const { sessionId, clientRequestId } = await client.callflows.send({
 *   callflow: [
 *     { action: "makeCall", params: { source: "+6560000001", destination: "+6590000000" } },
 *     { action: "say", params: { text: "Your parcel arrives today.", voiceProfile: "en-GB-Emma" } },
 *     { action: "hangup" },
 *   ],
 * });
 */
import { validateCallflow, type Callflow, type SendCallflowAccepted } from "../voice/index.js";
import type { ApiContext } from "./api-context.js";
import { checkClientRequestId } from "./arguments.js";
import { VoiceInvalidRequestError } from "./errors.js";

/** What `client.callflows.send()` takes: the callflow and the optional ids and deadline. */
export interface SendCallflowInput {
  /** The actions to run; the first must be makeCall, which places the call. */
  callflow: Callflow;
  /** ISO-8601; the platform refuses the request after this time (-1015). */
  validUntil?: string;
  /** Your id for this request (1-100 characters), echoed in the VSS; generated when absent. */
  clientRequestId?: string;
  /** Echoed on the first VCA of the session: where your IVR starts. */
  clientActionId?: string;
}

/** The platform's answer plus the clientRequestId that was sent. */
export type SendCallflowResult = SendCallflowAccepted & { clientRequestId: string };

/** `client.callflows`: Send Callflow, which starts outbound sessions. */
export class CallflowsApi {
  constructor(private readonly api: ApiContext) {}

  /**
   * Starts an outbound session. The callflow is checked with 8x8's rules first (a problem throws
   * `VoiceInvalidRequestError` with 8x8's status code before anything is sent); a refusal by the
   * platform throws the same error. A lost answer throws `VoiceSendOutcomeUnknownError` rather
   * than resending: reconcile with the `clientRequestId` the result and the error both carry.
   */
  async send(input: SendCallflowInput): Promise<SendCallflowResult> {
    const validation = validateCallflow(input.callflow, {
      mode: "send",
      validUntil: input.validUntil,
      now: new Date(this.api.now()),
    });
    if (!validation.ok) {
      throw new VoiceInvalidRequestError(
        "SB_CLIENT_CALLFLOW_INVALID",
        `the callflow was refused before sending (${validation.statusCode}): ${validation.statusMessage}`,
        { statusCode: validation.statusCode, statusMessage: validation.statusMessage, path: validation.path },
      );
    }
    const clientRequestId = checkClientRequestId(input.clientRequestId ?? this.api.generateId());
    const body: Record<string, unknown> = {};
    if (input.validUntil !== undefined) body.validUntil = input.validUntil;
    body.clientRequestId = clientRequestId;
    if (input.clientActionId !== undefined) body.clientActionId = input.clientActionId;
    body.callflow = input.callflow;
    const answer = (await this.api.transport.request({
      method: "POST",
      path: this.api.path("/callflows"),
      body,
      policy: "send",
      context: this.api.context("send the callflow", { clientRequestId }),
    })) as Omit<Partial<SendCallflowAccepted>, "sessionStatus"> & { sessionStatus?: string };
    if (answer.sessionStatus === "NOT_CREATED") {
      // A refusal dressed as 200: treat it like the 422 it means.
      const statusMessage = this.api.transport.redact(String(answer.statusMessage ?? ""));
      throw new VoiceInvalidRequestError(
        "SB_CLIENT_INVALID_REQUEST",
        `the platform refused to send the callflow (${answer.statusCode} "${statusMessage}"): fix the callflow (clientRequestId "${clientRequestId}")`,
        { httpStatus: 200, statusCode: answer.statusCode, statusMessage, requestId: answer.callFlowRequestId, clientRequestId },
      );
    }
    return { ...(answer as SendCallflowAccepted), clientRequestId };
  }
}
