/**
 * Drives an IvrApp in-process the way 8x8 would: VCA bodies shaped like SPEC section 5, read
 * through toCallActionEvent, each answer checked with validateCallflow in answer mode, the
 * bookmark echoed on the next VCA and the session's variables kept between steps.
 */
import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { toCallActionEvent, type IvrApp, type Logger, type SessionVariables } from "../src/ivr/index.js";
import { validateCallflow, type VcaAnswer } from "../src/voice/index.js";

export const VIRTUAL_NUMBER = "+6568888888";
export const CALLER_NUMBER = "+6598888888";

export interface LoggedLine {
  level: string;
  obj: unknown;
  msg?: string;
}

export function memoryLogger(lines: LoggedLine[] = []): Logger & { lines: LoggedLine[] } {
  const log = (level: string) => (obj: object | string, msg?: string) => void lines.push({ level, obj, msg });
  return { lines, debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}

/** A VCA webhook body as SPEC section 5 documents it. */
export function vcaBody(fields: {
  callStatus: "CALL_RECEIVED" | "ACTION_COMPLETED";
  direction?: "INBOUND" | "OUTBOUND";
  dtmf?: string | null;
  clientActionId?: string;
  sessionId: string;
}): Record<string, unknown> {
  const inbound = (fields.direction ?? "INBOUND") === "INBOUND";
  const payload: Record<string, unknown> = {
    eventId: randomUUID(),
    callId: randomUUID(),
    sessionId: fields.sessionId,
    subAccountId: "abc_restaurant",
    callStatus: fields.callStatus,
    callDirection: fields.direction ?? "INBOUND",
    callType: "PSTN",
    source: inbound ? CALLER_NUMBER : VIRTUAL_NUMBER,
    destination: inbound ? VIRTUAL_NUMBER : CALLER_NUMBER,
    sourceFormat: "MSISDN",
    destinationFormat: "MSISDN",
    sourceCountryCode: "SG",
    destinationCountryCode: "SG",
    sourceRefId: inbound ? null : "VN-REF-1",
    destinationRefId: inbound ? "VN-REF-1" : null,
    callDuration: 0,
    eventData: { dtmf: fields.dtmf ?? null },
    sipCode: 200,
    timestamp: "2025-05-16T04:12:11.217Z",
  };
  if (fields.clientActionId !== undefined) payload.clientActionId = fields.clientActionId;
  return { namespace: "VOICE", eventType: "CALL_ACTION", description: "Action request of a call", payload };
}

/** One call: `start()` (inbound) or `answerOutbound()`, then `press()` for each VCA. */
export class Caller {
  readonly sessionId = randomUUID();
  readonly vars: SessionVariables = {};
  readonly logger = memoryLogger();
  last: VcaAnswer | undefined;
  private direction: "INBOUND" | "OUTBOUND" = "INBOUND";

  constructor(private readonly app: IvrApp) {}

  /** An inbound call arrives: CALL_RECEIVED. */
  async start(): Promise<VcaAnswer> {
    return this.send({ callStatus: "CALL_RECEIVED", sessionId: this.sessionId });
  }

  /** The first VCA of an outbound session: the callee's answer to the entry menu, no bookmark. */
  async answerOutbound(dtmf: string | null, clientActionId?: string): Promise<VcaAnswer> {
    this.direction = "OUTBOUND";
    return this.send({ callStatus: "ACTION_COMPLETED", direction: "OUTBOUND", dtmf, sessionId: this.sessionId, clientActionId });
  }

  /** The caller typed `dtmf` (null: nothing) in answer to the last callflow. */
  async press(dtmf: string | null): Promise<VcaAnswer> {
    expect(this.last, "press() needs a previous answer").toBeDefined();
    return this.send({
      callStatus: "ACTION_COMPLETED",
      direction: this.direction,
      dtmf,
      sessionId: this.sessionId,
      clientActionId: this.last?.clientActionId,
    });
  }

  async send(fields: Parameters<typeof vcaBody>[0]): Promise<VcaAnswer> {
    const event = toCallActionEvent(vcaBody(fields));
    const reply = await this.app.answer(event, { sessionId: this.sessionId, vars: this.vars, logger: this.logger, signal: new AbortController().signal });
    expect(validateCallflow(reply.callflow, { mode: "answer" })).toEqual({ ok: true });
    this.last = reply;
    return reply;
  }
}

/** What the caller hears and what happens, in a form easy to assert on. */
export function heard(reply: VcaAnswer): string[] {
  return reply.callflow.map((action) => {
    switch (action.action) {
      case "say": return `say: ${action.params.text}`;
      case "sayAndCapture": return `ask: ${action.params.promptMessage}`;
      case "playFile": return `play: ${action.params.fileUrl}`;
      case "makeCall": return `transfer: ${action.params.destination} from ${action.params.source}`;
      default: return "hangup";
    }
  });
}
