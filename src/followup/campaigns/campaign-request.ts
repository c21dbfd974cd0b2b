/**
 * Reads the body of `POST /api/campaigns` (what `switchboard campaign start` sends) into a
 * campaign and one outbound request per contact, refusing a bad setting with its field, and a bad
 * contacts file with every problem and its line. Nothing is stored here: the route stores the
 * campaign and all its requests in one transaction, or nothing.
 *
 * Each request's id is `<campaign>:<contact id>` (its `id` column, else its line number padded to
 * seven digits, so requests list in file order); its first attempt waits for the calling window,
 * read in the contact's time zone.
 *
 * @example
 * const plan = readCampaignRequest({ name: "spring", from: "+6560000001", csv: "phone,name\n+6590000002,Ada\n" }, flows, now, policyOf);
 * await store.outbound.createCampaign(plan.campaign, plan.requests);
 */
import type { CampaignInput, OutboundRequestInput } from "../../store/index.js";
import { DURATION_FORMAT, parseDuration } from "../../util/index.js";
import { E164_PATTERN } from "../../voice/index.js";
import { isTimeZone, nextCallTime } from "../calling-window.js";
import { UnknownFlowError, type OutboundFlows } from "../outbound-flows.js";
import { DEFAULT_RETRY_POLICY, parseRetryPolicy, RetryPolicyError, type RetryPolicy, type RetryPolicySpec } from "../retry-policy.js";
import { readContacts, type Contact, type ContactProblem } from "./contacts.js";

/** What `POST /api/campaigns` takes (JSON). */
export interface CampaignRequestBody {
  /** The campaign's name: 1-40 letters, digits, `_ . -`; unique on the server. */
  name: string;
  /** The outbound flow, by name or path; the server's default flow when absent. */
  flow?: string;
  /** Your virtual number, E.164. */
  from: string;
  /** Calls per second, retries included (0.01-1000); default 2. */
  rate?: number;
  /** Sessions in progress at once (1-1000); default 20. */
  concurrency?: number;
  /** Overrides of the flow's retry policy (`maxAttempts`, `backoff`, ...). */
  retry?: RetryPolicySpec;
  /** The daily calling window, `HH:MM-HH:MM`, for first attempts and retries alike. */
  window?: string;
  /** The IANA time zone of contacts without a `timezone` column (and of the window). */
  timezone?: string;
  /** How long 8x8 may start each attempt, e.g. `10m` (default). */
  validFor?: string;
  /** Leave out bad rows (they are reported) instead of refusing the file. */
  skipInvalid?: boolean;
  /** The contacts file's name, kept for `status`. */
  file?: string;
  /** The contacts file's text (CSV; see `readContacts`). */
  csv: string;
}

/** A refused setting (`field`), or a refused contacts file (`field` is `csv`, with `problems`). */
export class CampaignRequestError extends Error {
  constructor(
    readonly field: string,
    message: string,
    /** The file's problems, each with its line, when the file is what was refused. */
    readonly problems: readonly ContactProblem[] = [],
    /** Whether leaving the bad rows out (`skipInvalid`) would let the campaign be created. */
    readonly skippable = false,
  ) {
    super(message);
    this.name = "CampaignRequestError";
  }
}

/** A campaign ready to store: the campaign, its requests, and the rows left out. */
export interface CampaignPlan {
  campaign: CampaignInput;
  requests: OutboundRequestInput[];
  /** Rows left out with `skipInvalid`, with why. */
  skipped: ContactProblem[];
}

/** The settings a campaign keeps besides its columns (`CampaignInput.settings`). */
export interface CampaignSettings {
  file: string | null;
  window: string | null;
  timezone: string | null;
  validForMs: number;
  /** Rows left out with `skipInvalid`. */
  skipped: number;
}

/** Calls per second when a campaign does not say. */
export const DEFAULT_CAMPAIGN_RATE = 2;
/** Sessions in progress at once when a campaign does not say. */
export const DEFAULT_CAMPAIGN_CONCURRENCY = 20;

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/;
const PHONE = new RegExp(E164_PATTERN);
const WINDOW = /^(\d{2}:\d{2})-(\d{2}:\d{2})$/;
const DEFAULT_VALID_FOR_MS = 600_000;

/** Reads and checks a campaign request; throws CampaignRequestError naming the field (or the rows) at fault. */
export function readCampaignRequest(body: unknown, flows: OutboundFlows, now: Date, flowPolicy: (flow: string) => RetryPolicy = () => DEFAULT_RETRY_POLICY): CampaignPlan {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new CampaignRequestError("body", "the body must be a JSON object: { name, flow?, from, rate?, concurrency?, csv, ... }");
  }
  const input = body as Record<string, unknown>;
  const name = text(input, "name");
  if (!NAME.test(name)) throw new CampaignRequestError("name", `name ${JSON.stringify(name)} is not a campaign name: 1 to 40 letters, digits and _ . -, starting with a letter or digit`);
  const from = phone(input.from);
  const flow = flowName(input.flow, flows);
  const rate = number(input, "rate", DEFAULT_CAMPAIGN_RATE, 0.01, 1000, false, "calls per second from 0.01 to 1000");
  const concurrency = number(input, "concurrency", DEFAULT_CAMPAIGN_CONCURRENCY, 1, 1000, true, "a whole number of sessions from 1 to 1000");
  const timezone = zone(input.timezone);
  const validForMs = validFor(input.validFor);
  const skipInvalid = input.skipInvalid === undefined ? false : bool(input.skipInvalid, "skipInvalid");
  const file = input.file === undefined ? null : text(input, "file");
  const csv = text(input, "csv");

  const read = readContacts(csv, { variables: flows.variablesOf(flow) });
  if (read.fatal.length > 0) throw new CampaignRequestError("csv", `the contacts file cannot be used: ${describe(read.fatal)}`, read.fatal);
  if (read.rows.length > 0 && !skipInvalid) {
    const skippable = read.contacts.length > 0;
    throw new CampaignRequestError("csv", `${rowCount(read.rows)} of the contacts file are invalid, so nobody is called${skippable ? " (skipInvalid leaves them out)" : ""}: ${describe(read.rows)}`, read.rows, skippable);
  }
  if (read.contacts.length === 0) throw new CampaignRequestError("csv", `no valid contacts are left: ${describe(read.rows)}`, read.rows);

  const windowText = input.window === undefined ? null : text(input, "window");
  const policy = retryPolicy(input.retry, windowText, timezone, read.contacts, flowPolicy(flow));
  const settings: CampaignSettings = { file, window: windowText, timezone, validForMs, skipped: new Set(read.rows.map((p) => p.line)).size };
  const campaign: CampaignInput = { name, flow, from, rate, concurrency, policy, settings, createdAt: now };
  const requests = read.contacts.map((contact): OutboundRequestInput => {
    const contactTimezone = contact.timezone ?? timezone;
    return {
      requestId: `${name}:${contact.id ?? String(contact.line).padStart(7, "0")}`,
      campaign: name,
      contactId: contact.id ?? String(contact.line),
      to: contact.phone,
      from,
      flow,
      vars: contact.vars,
      policy,
      timezone: contactTimezone,
      validForMs,
      notBefore: policy.window ? nextCallTime(policy.window, now, contactTimezone ?? policy.window.timezone) : now,
      createdAt: now,
    };
  });
  return { campaign, requests, skipped: read.rows };
}

/** The rows a list of problems is about, as "3 rows" / "1 row". */
function rowCount(problems: readonly ContactProblem[]): string {
  const rows = new Set(problems.map((p) => p.line)).size;
  return `${rows} row${rows === 1 ? "" : "s"}`;
}

/** The first few problems in one line ("line 3: phone: ..."). */
function describe(problems: readonly ContactProblem[]): string {
  const shown = problems.slice(0, 3).map((p) => `line ${p.line}: ${p.field ? `${p.field}: ` : ""}${p.reason}`);
  return `${shown.join("; ")}${problems.length > 3 ? `; and ${problems.length - 3} more` : ""}`;
}

function text(input: Record<string, unknown>, field: string): string {
  const value = input[field];
  if (typeof value !== "string") throw new CampaignRequestError(field, `${field} ${JSON.stringify(value ?? null)} is not a text`);
  return value;
}

function bool(value: unknown, field: string): boolean {
  if (typeof value !== "boolean") throw new CampaignRequestError(field, `${field} ${JSON.stringify(value)} is not true or false`);
  return value;
}

function number(input: Record<string, unknown>, field: string, fallback: number, min: number, max: number, whole: boolean, expected: string): number {
  const value = input[field];
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !(value >= min && value <= max) || (whole && !Number.isInteger(value))) {
    throw new CampaignRequestError(field, `${field} ${JSON.stringify(value)} is not ${expected}`);
  }
  return value;
}

function phone(value: unknown): string {
  if (typeof value !== "string" || !PHONE.test(value)) {
    throw new CampaignRequestError("from", `from ${JSON.stringify(value ?? null)} is not a phone number in E.164 form (expected your virtual number, e.g. +6560000001)`);
  }
  return value.startsWith("+") ? value : `+${value}`;
}

function flowName(value: unknown, flows: OutboundFlows): string {
  if (value !== undefined && typeof value !== "string") throw new CampaignRequestError("flow", `flow ${JSON.stringify(value)} is not a string (a flow's name or path)`);
  try {
    return flows.resolveName(value);
  } catch (error) {
    if (error instanceof UnknownFlowError) throw new CampaignRequestError("flow", error.message);
    throw error;
  }
}

function zone(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string" || !isTimeZone(value)) throw new CampaignRequestError("timezone", `timezone ${JSON.stringify(value)} is not an IANA time zone (expected e.g. Asia/Singapore)`);
  return value;
}

function validFor(value: unknown): number {
  if (value === undefined) return DEFAULT_VALID_FOR_MS;
  const ms = typeof value === "string" ? parseDuration(value) : null;
  if (ms === null || ms < 10_000 || ms > 24 * 3_600_000) {
    throw new CampaignRequestError("validFor", `validFor ${JSON.stringify(value)} is not a duration from 10s to 24h (${DURATION_FORMAT})`);
  }
  return ms;
}

/**
 * The campaign's policy: the flow's, with `retry` over it, then the window. A window needs a time
 * zone for the contacts without one of their own; when every contact has one, the window's own
 * zone is never read, and UTC stands in.
 */
function retryPolicy(retry: unknown, window: string | null, timezone: string | null, contacts: readonly Contact[], base: RetryPolicy): RetryPolicy {
  if (retry !== undefined && (typeof retry !== "object" || retry === null || Array.isArray(retry))) {
    throw new CampaignRequestError("retry", `retry ${JSON.stringify(retry)} is not an object`);
  }
  const spec: RetryPolicySpec = { ...(retry as RetryPolicySpec | undefined) };
  if (window !== null) {
    const match = WINDOW.exec(window);
    if (!match) throw new CampaignRequestError("window", `window ${JSON.stringify(window)} is not a daily window HH:MM-HH:MM (e.g. 09:00-20:00)`);
    if (timezone === null && contacts.some((c) => c.timezone === null)) {
      throw new CampaignRequestError("timezone", `window ${window} needs a time zone for the contacts without a timezone column value: give timezone (e.g. Europe/London)`);
    }
    spec.window = { from: match[1]!, to: match[2]!, timezone: timezone ?? "UTC" };
  }
  try {
    return parseRetryPolicy(spec, base);
  } catch (error) {
    if (error instanceof RetryPolicyError) {
      const field = error.field.startsWith("window.") && window !== null ? "window" : `retry.${error.field}`;
      throw new CampaignRequestError(field, field === "window" ? `window ${window}: ${error.message.replace(/^retry\.window\.\w+: /, "")}` : error.message);
    }
    throw error;
  }
}
