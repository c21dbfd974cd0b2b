/**
 * The simulator's configuration: subaccounts with their API keys and virtual numbers, scripted
 * callees, and the platform knobs (clock, timeouts, VSS redelivery, fault injection). One TypeBox
 * schema describes the file (`--config sim.yaml`) and the `startSimulator` options alike; with no
 * file the sandbox below applies.
 *
 * @example
 * const config = parseConfig(readFileSync("sim.yaml", "utf8"), "sim.yaml");
 */
import { Type, type Static } from "@sinclair/typebox";
import { parse as parseYaml } from "yaml";
import { E164_PATTERN, SESSION_ERROR_CODES, SUBACCOUNT_PATTERN } from "../voice/index.js";
import { ConfigError } from "./errors.js";
import { checkAgainst } from "./http/validator.js";

/** How a scripted outbound destination behaves when called. */
export const CALLEE_BEHAVIORS = ["answer", "busy", "no-answer", "fail"] as const;
/** `answer`, `busy`, `no-answer` (rings until it gives up) or `fail` (SIP 503). */
export type CalleeBehavior = (typeof CALLEE_BEHAVIORS)[number];
/** The places a VCA can carry the digits in, as real deliveries do (SPEC section 5). */
export const DTMF_FORMS = ["eventData", "string", "top-level"] as const;
/** `eventData` (`eventData.dtmf`, documented), `string` (`"eventData": "1"`) or `top-level` (`"dtmf": "1"`). */
export type DtmfForm = (typeof DTMF_FORMS)[number];

const e164 = Type.String({ pattern: E164_PATTERN, description: "an E.164 number such as +6560000001" });

/** The JSON Schema of a virtual number in the simulator's config. */
export const NumberConfig = Type.Object(
  {
    msisdn: e164,
    referenceId: Type.String({ minLength: 1, description: "the number's reference id, sent as sourceRefId/destinationRefId" }),
    country: Type.Optional(Type.String({ pattern: "^[A-Z]{2}$", description: "ISO 3166-1 alpha-2; derived from the prefix when left out" })),
  },
  { additionalProperties: false },
);
/** A virtual number the simulator answers calls on: the number, its reference id and country. */
export type NumberConfig = Static<typeof NumberConfig>;

/** The JSON Schema of a subaccount in the simulator's config. */
export const SubaccountConfig = Type.Object(
  {
    id: Type.String({ pattern: SUBACCOUNT_PATTERN, description: "3 to 50 of A-Z a-z 0-9 - . _ &" }),
    apiKeys: Type.Array(Type.String({ minLength: 1 }), { minItems: 1, description: "Bearer keys accepted for this subaccount" }),
    numbers: Type.Optional(Type.Array(NumberConfig)),
    allowedSources: Type.Optional(Type.Array(e164, { description: "caller IDs Send Callflow accepts besides the virtual numbers; any when left out" })),
  },
  { additionalProperties: false },
);
/** A subaccount the simulator serves: its id, the API keys it accepts, its virtual numbers and allowed caller IDs. */
export type SubaccountConfig = Static<typeof SubaccountConfig>;

/** A caller script entry: digits to press for one capture prompt, or "-" / "silence". */
export const PressEntry = Type.String({
  pattern: "^(-|silence|[0-9*#,]{1,40})$",
  description: 'keys for one capture prompt (0-9 * #, "," pauses 1 s), or "-"/"silence" to stay silent',
});

/**
 * The JSON Schema of a scripted session error: the call placed to the number fails and the
 * session ends ERROR with this code in `errorDetails` (SPEC section 5's session error codes).
 */
export const CalleeError = Type.Object(
  {
    error: Type.Union(
      Object.values(SESSION_ERROR_CODES).map((code) => Type.Literal(code)),
      { description: "a session error code of SPEC section 5: -2001 to -2010 or -9999" },
    ),
  },
  { additionalProperties: false },
);
/** A scripted session error, e.g. `{ error: -2001 }`: the call fails and the session ends ERROR with that code. */
export type CalleeError = Static<typeof CalleeError>;

/** The JSON Schema of what a callee does with one call placed to it. */
export const CalleeStep = Type.Union([...CALLEE_BEHAVIORS.map((b) => Type.Literal(b)), CalleeError], {
  description: "answer, busy, no-answer, fail or { error: <session error code> }",
});
/** What a callee does with one call: a behaviour, or a scripted session error. */
export type CalleeStep = CalleeBehavior | CalleeError;

/** The JSON Schema of a scripted callee. */
export const CalleeConfig = Type.Object(
  {
    number: e164,
    behavior: Type.Union([CalleeStep, Type.Array(CalleeStep, { minItems: 1, maxItems: 100 })], {
      description: "answer, busy, no-answer, fail, { error: <session error code> }, or a list of these used one per call placed to the number (the last repeats)",
    }),
    press: Type.Optional(
      Type.Union([PressEntry, Type.Array(PressEntry, { maxItems: 100 })], {
        description: 'keys for one capture prompt, or a list with one entry per capture prompt played (0-9 * #, "," pauses 1 s, "-" stays silent)',
      }),
    ),
    hangupAfterMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 3_600_000, description: "talk time once answered (ms)" })),
  },
  { additionalProperties: false },
);
/**
 * How an outbound destination behaves when a makeCall reaches it: answers (then presses keys and
 * hangs up as scripted), is busy, does not answer, fails, or ends the session with a scripted
 * session error. `behavior` may be a list, used one entry per call placed to the number (the
 * last entry repeats once the list is used up). Unscripted numbers answer and press nothing.
 *
 * @example
 * sim.setCallee({ number: "+6590000002", behavior: ["busy", "no-answer", "answer"], press: "1" });
 */
export type CalleeConfig = Static<typeof CalleeConfig>;

/** The JSON Schema of the simulator's config file (`--config sim.yaml`). */
export const SimulatorConfig = Type.Object(
  {
    subaccounts: Type.Optional(Type.Array(SubaccountConfig, { minItems: 1 })),
    callees: Type.Optional(Type.Array(CalleeConfig)),
    clock: Type.Optional(Type.String({ pattern: "^(real|instant|scaled:[0-9]+(\\.[0-9]+)?)$", description: "real, instant or scaled:N" })),
    vcaTimeoutMs: Type.Optional(Type.Integer({ minimum: 1, maximum: 120_000, description: "how long a VCA answer may take (ms)" })),
    vssMaxAttempts: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, description: "VSS deliveries before giving up" })),
    vssBackoffMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 600_000, description: "first VSS retry delay (ms), doubled each time" })),
    vssDuplicates: Type.Optional(Type.Integer({ minimum: 0, maximum: 10, description: "extra copies of each VSS sent after a 2xx" })),
    dtmfForm: Type.Optional(Type.Union(DTMF_FORMS.map((f) => Type.Literal(f)), { description: "eventData, string or top-level" })),
    strictVoiceProfiles: Type.Optional(Type.Boolean({ description: "refuse voice profiles not in the speech-profile list (-1002)" })),
    maxCallsPerSecond: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 100_000, description: "Send Callflow requests accepted per second and subaccount; more answer 429 with Retry-After" }),
    ),
    maxConcurrentCalls: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 100_000, description: "sessions in progress per subaccount; a session over it ends ERROR -2010" }),
    ),
  },
  { additionalProperties: false, title: "SimulatorConfig" },
);
/**
 * The simulator's configuration: subaccounts, scripted callees, the clock and the platform knobs
 * (VCA timeout, VSS redelivery, where the digits go, strict voice profiles, the calls-per-second
 * and concurrent-call limits). Every field is optional; without subaccounts the sandbox
 * (`SANDBOX`) applies.
 */
export type SimulatorConfig = Static<typeof SimulatorConfig>;

/** The sandbox that docs and tests rely on when no config is given. */
export const SANDBOX: Required<Pick<SimulatorConfig, "subaccounts">> = {
  subaccounts: [
    { id: "sandbox", apiKeys: ["sandbox-key"], numbers: [{ msisdn: "+6560000001", referenceId: "vn-sandbox-1", country: "SG" }] },
  ],
};

/**
 * Validates a config object and returns it typed, or throws a ConfigError listing every problem.
 *
 * @example
 * validateConfig({ clock: "fast" }, "sim.yaml");
 * // ConfigError: sim.yaml: clock: "fast" is invalid; expected real, instant or scaled:N
 */
export function validateConfig(value: unknown, source = "config"): SimulatorConfig {
  const problems = checkAgainst(SimulatorConfig, value);
  if (problems.length > 0) throw new ConfigError(`${source}: ${problems.join("; ")}`);
  const config = value as SimulatorConfig;
  const ids = new Set<string>();
  for (const [index, sub] of (config.subaccounts ?? []).entries()) {
    if (ids.has(sub.id)) throw new ConfigError(`${source}: subaccounts[${index}].id: "${sub.id}" is a duplicate; expected unique ids`);
    ids.add(sub.id);
  }
  return config;
}

/** Parses YAML (or JSON, a YAML subset) and validates it. */
export function parseConfig(text: string, source = "config"): SimulatorConfig {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (error) {
    throw new ConfigError(`${source}: not valid YAML or JSON: ${(error as Error).message.split("\n")[0]}`);
  }
  return validateConfig(value ?? {}, source);
}
