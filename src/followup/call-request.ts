/**
 * Reads the body of `POST /api/calls` (what `switchboard call` and `placeCall` send) into an
 * outbound request, refusing the first bad field with its name, its value and what is expected.
 *
 * @example
 * readCallRequest({ to: "+6560000002", from: "+6560000001", vars: { name: "Ada" } }, flows, now);
 */
import { randomUUID } from "node:crypto";
import type { OutboundRequestInput } from "../store/index.js";
import { DURATION_FORMAT, parseDuration } from "../util/index.js";
import { E164_PATTERN } from "../voice/index.js";
import { isTimeZone, nextCallTime } from "./calling-window.js";
import { UnknownFlowError, type OutboundFlows } from "./outbound-flows.js";
import { DEFAULT_RETRY_POLICY, parseRetryPolicy, RetryPolicyError, type RetryPolicy, type RetryPolicySpec } from "./retry-policy.js";

/** What `POST /api/calls` takes. */
export interface CallRequestBody {
  /** The number to call, E.164. */
  to: string;
  /** Your virtual number, E.164. */
  from: string;
  /** An outbound flow by name or path; the server's default flow when absent. */
  flow?: string;
  /** Values for the flow's templates (`{{ vars.name }}`). */
  vars?: Record<string, string>;
  /** How long 8x8 may start each attempt, e.g. `10m` (default). */
  validFor?: string;
  /** The contact's IANA time zone, for the policy's calling window. */
  timezone?: string;
  /** Overrides of the flow's retry policy (`maxAttempts`, `backoff`, `window`, ...). */
  retry?: RetryPolicySpec;
}

/** A refused field: its name and why. */
export class CallRequestError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = "CallRequestError";
  }
}


const PHONE = new RegExp(E164_PATTERN);
const DEFAULT_VALID_FOR_MS = 600_000;
const MAX_VALID_FOR_MS = 24 * 3_600_000;
const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** Reads and checks a call request; throws CallRequestError naming the field at fault. */
export function readCallRequest(body: unknown, flows: OutboundFlows, now: Date, flowPolicy: (flow: string) => RetryPolicy = () => DEFAULT_RETRY_POLICY): OutboundRequestInput {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new CallRequestError("body", "the body must be a JSON object: { to, from, flow?, vars? }");
  const input = body as Record<string, unknown>;
  const to = phone(input, "to");
  const from = phone(input, "from");
  const flow = flowName(input.flow, flows);
  const vars = variables(input.vars);
  const missing = flows.variablesOf(flow).filter((name) => !(name in vars));
  if (missing.length > 0) throw new CallRequestError("vars", `flow "${flow}" reads ${missing.map((n) => `vars.${n}`).join(", ")}; give ${missing.length > 1 ? "them" : "it"} in vars`);
  const validForMs = validFor(input.validFor);
  const timezone = zone(input.timezone);
  const policy = retryPolicy(input.retry, flowPolicy(flow));
  const requestId = `call-${randomUUID()}`;
  // The first attempt waits for the calling window too, as a campaign's do (docs/outbound.md).
  const notBefore = policy.window ? nextCallTime(policy.window, now, timezone ?? policy.window.timezone) : now;
  return { requestId, campaign: null, contactId: null, to, from, flow, vars, policy, timezone, validForMs, notBefore, createdAt: now };
}

function phone(input: Record<string, unknown>, field: "to" | "from"): string {
  const value = input[field];
  if (typeof value !== "string" || !PHONE.test(value)) {
    throw new CallRequestError(field, `${field} ${JSON.stringify(value ?? null)} is not a phone number in E.164 form (expected e.g. +6560000002)`);
  }
  return value.startsWith("+") ? value : `+${value}`;
}

function flowName(value: unknown, flows: OutboundFlows): string {
  if (value !== undefined && typeof value !== "string") throw new CallRequestError("flow", `flow ${JSON.stringify(value)} is not a string (a flow's name or path)`);
  try {
    return flows.resolveName(value);
  } catch (error) {
    if (error instanceof UnknownFlowError) throw new CallRequestError("flow", error.message);
    throw error;
  }
}

function variables(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new CallRequestError("vars", `vars ${JSON.stringify(value)} is not an object of names to texts`);
  const vars: Record<string, string> = {};
  for (const [name, text] of Object.entries(value)) {
    if (!NAME.test(name)) throw new CallRequestError(`vars.${name}`, `variable name ${JSON.stringify(name)} is not a name (letters, digits and _, not starting with a digit)`);
    if (typeof text !== "string") throw new CallRequestError(`vars.${name}`, `vars.${name} is ${JSON.stringify(text)}; variables are texts`);
    vars[name] = text;
  }
  return vars;
}

function validFor(value: unknown): number {
  if (value === undefined) return DEFAULT_VALID_FOR_MS;
  const ms = typeof value === "string" ? parseDuration(value) : null;
  if (ms === null || ms < 10_000 || ms > MAX_VALID_FOR_MS) {
    throw new CallRequestError("validFor", `validFor ${JSON.stringify(value)} is not a duration from 10s to 24h (${DURATION_FORMAT})`);
  }
  return ms;
}

function zone(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string" || !isTimeZone(value)) throw new CallRequestError("timezone", `timezone ${JSON.stringify(value)} is not an IANA time zone (expected e.g. Asia/Singapore)`);
  return value;
}

function retryPolicy(value: unknown, base: RetryPolicy): RetryPolicy {
  if (value === undefined) return base;
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new CallRequestError("retry", `retry ${JSON.stringify(value)} is not an object`);
  try {
    return parseRetryPolicy(value as RetryPolicySpec, base);
  } catch (error) {
    if (error instanceof RetryPolicyError) throw new CallRequestError(`retry.${error.field}`, error.message);
    throw error;
  }
}
