/**
 * The Send Callflow body that starts an outbound session on a flow: makeCall, then the entry
 * menu's own prompt. The session's first VCA (`ACTION_COMPLETED`) already carries the callee's
 * answer to the entry menu, and the engine reads it as such, with or without the bookmark
 * echoed back (8x8's documentation shows none; real client code shows it echoed).
 *
 * @example
 * const body = outboundCallflow(app, { from: "+6568888888", to: "+6598888888" });
 * await client.callflows.send(body);
 */
import type { SendCallflowRequest } from "../voice/index.js";
import type { FlowApp } from "./compile.js";
import type { TemplateScope } from "./template.js";

/** Who calls whom for `outboundCallflow`, and the Send Callflow extras. */
export interface OutboundOptions {
  /** Your 8x8 virtual number, shown to the callee (E.164). */
  from: string;
  /** The number to call (E.164). */
  to: string;
  /** Record the call. */
  callRecording?: boolean;
  /** ISO-8601; 8x8 refuses the request after this time. */
  validUntil?: string;
  /** Echoed in the session summary (VSS). */
  clientRequestId?: string;
  /** Values for the entry prompt's templates, e.g. `{ vars: { name: "Ana" } }`; rendered now. */
  scope?: TemplateScope;
}

/**
 * The Send Callflow body that calls `to` from `from` and opens the flow's entry menu: makeCall,
 * then the entry menu's own prompt, with the entry bookmark as `clientActionId`. The templates of
 * the entry prompt are rendered now, with `caller` the callee and `called` your number.
 *
 * @example
 * const app = (await loadIvr("examples/restaurant.yaml")) as FlowApp;
 * await client.callflows.send(outboundCallflow(app, { from: "+6568888888", to: "+6598888888" }));
 */
export function outboundCallflow(app: FlowApp, options: OutboundOptions): SendCallflowRequest {
  const entry = app.entry({ caller: options.to, called: options.from, ...options.scope });
  const makeCall = {
    action: "makeCall" as const,
    params: options.callRecording === undefined
      ? { source: options.from, destination: options.to }
      : { source: options.from, destination: options.to, callRecording: options.callRecording },
  };
  const body: SendCallflowRequest = { callflow: [makeCall, ...entry.callflow] };
  if (entry.clientActionId !== undefined) body.clientActionId = entry.clientActionId;
  if (options.validUntil !== undefined) body.validUntil = options.validUntil;
  if (options.clientRequestId !== undefined) body.clientRequestId = options.clientRequestId;
  return body;
}
