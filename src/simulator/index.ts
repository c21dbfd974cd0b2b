/**
 * `switchboard-ivr/simulator`: a local stand-in for the 8x8 Voice platform. It answers 8x8's
 * REST API, runs callflows as calls with scripted callers, and delivers VCA, VCS and VSS
 * webhooks to whatever server is registered. It imports only `voice/`, so it meets our server
 * on the wire, never through shared code.
 *
 * @example
 * const sim = await startSimulator({ clock: "instant" });
 * sim.registerWebhook({ type: "VCA", url: "http://127.0.0.1:3000/vca" });
 * const call = await sim.dial({ to: "+6560000001", press: ["1"] });
 * console.log(call.summary?.sessionStatus, call.heard);
 * await sim.close();
 */
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import type { WebhookType } from "../voice/index.js";
import { createClock, parseClockMode, type ClockMode } from "./clock.js";
import { callRecord, type CallRecord } from "./call-records.js";
import { parseConfig, SANDBOX, validateConfig, type CalleeConfig, type DtmfForm, type SimulatorConfig } from "./config.js";
import { ConfigError, SimulatorError } from "./errors.js";
import { Engine } from "./engine.js";
import { buildApp } from "./http/app.js";
import { CallRateLimiter } from "./limits.js";
import { DEFAULT_CALLER } from "./http/control-schemas.js";
import { Platform } from "./platform.js";
import type { Session } from "./session.js";
import { SPEECH_PROFILE_CODES } from "./speech-profiles.js";
import { httpWebhookTransport, type WebhookTransport } from "./transport.js";
import { sessionView, type SessionView } from "./view.js";

export { parseConfig, SANDBOX, validateConfig, SimulatorConfig } from "./config.js";
export { ConfigError, SimulatorError } from "./errors.js";
export type { CalleeBehavior, CalleeConfig, CalleeError, CalleeStep, DtmfForm, NumberConfig, SubaccountConfig } from "./config.js";
export { CallRecord } from "./call-records.js";
export { createClock, parseClockMode, type Clock, type ClockMode, type SessionClock } from "./clock.js";
export { SPEECH_PROFILES } from "./speech-profiles.js";
export { runTry, captureSettings, SILENCE_ENTRIES, type TryResult, type CaptureSettings } from "./capture.js";
export { TranscriptEntry } from "./transcript.js";
export { SessionView, CallSummary } from "./view.js";
export { TIMING, RING, speechMs } from "./timing.js";
export { httpWebhookTransport, MAX_ANSWER_BYTES, type WebhookRequest, type WebhookResponse, type WebhookTransport } from "./transport.js";

/** What `startSimulator` takes: where to listen, the config, the clock, and the platform knobs (these win over the config file). */
export interface SimulatorOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on; 127.0.0.1 by default. */
  host?: string;
  /** A config object, or a path to a YAML/JSON config file. Without one the sandbox applies. */
  config?: SimulatorConfig | string;
  /** `instant` (default), `real`, `scaled:N`, or a ClockMode object. Overrides the config. */
  clock?: ClockMode | string;
  /** Wall clock (epoch ms) that simulated time starts from; injectable for deterministic tests. */
  now?: () => number;
  /** Id source for sessions, calls, events and requests; `crypto.randomUUID` by default. */
  newId?: () => string;
  /** Longest wait for a VCA answer, in wall time whatever the clock (default 5000 ms); later is an ERROR -2002 session. */
  vcaTimeoutMs?: number;
  /** VSS deliveries before giving up (default 6). */
  vssMaxAttempts?: number;
  /** First VSS retry delay in simulated ms, doubled each time (default 1000). */
  vssBackoffMs?: number;
  /** Extra identical VSS deliveries after the first 2xx, to test idempotency (default 0). */
  vssDuplicates?: number;
  /** Where VCAs carry the digits: `eventData` (documented, default), `string` or `top-level`, as real deliveries vary. */
  dtmfForm?: DtmfForm;
  /** Refuse voice profiles outside `SPEECH_PROFILES` with -1002 (default true); false accepts any well-formed code. */
  strictVoiceProfiles?: boolean;
  /**
   * Send Callflow requests accepted per second and subaccount (a sliding one-second window on the
   * simulator's clock); more answer 429 with `Retry-After`. No limit by default.
   */
  maxCallsPerSecond?: number;
  /** Sessions in progress per subaccount; a session started over it ends ERROR -2010. No limit by default. */
  maxConcurrentCalls?: number;
  /** Called with each session's final view once it has ended (after its VSS deliveries). */
  onSessionEnd?: (view: SessionView) => void;
  /**
   * How webhook deliveries reach servers; default `httpWebhookTransport()` (real HTTP). The
   * testing kit passes one that calls a server's `inject()`. Closed when the simulator closes.
   */
  webhookTransport?: WebhookTransport;
}

/** An inbound call for `sim.dial()`: who calls which virtual number, and the caller's script. */
export interface DialOptions {
  /** The caller's number (E.164); default `+6591234567`. */
  from?: string;
  /** A virtual number of a configured subaccount (E.164). */
  to: string;
  /** One entry per capture prompt played: keys (`"1"`, `"23#"`, `","` pauses 1 s) or `"-"` to stay silent. */
  press?: readonly string[];
  /** The caller hangs up this long after the call is answered (simulated ms), even mid-prompt. */
  hangupAfterMs?: number;
  /** Longest wall-clock wait for the session to end (default 60 s). */
  timeoutMs?: number;
}

/** A webhook for `sim.registerWebhook()`, as `POST .../webhooks` takes it. */
export interface WebhookRegistration {
  /** Which deliveries go to `url`. */
  type: WebhookType;
  /** Where the simulator POSTs them. */
  url: string;
  /** Sent verbatim as the `Authorization` header of each delivery. */
  httpAuthHeader?: string;
  /** Default true. */
  enabled?: boolean;
  /** Defaults to the first configured subaccount (`sandbox` without a config). */
  subAccountId?: string;
}

/**
 * A running simulator (from `startSimulator`): its URL to use as the 8x8 base URL, and in-process
 * controls to place calls, script callees, register webhooks and read sessions.
 */
export interface Simulator {
  /** Base URL, e.g. `http://127.0.0.1:8088`; use it as the 8x8 base URL. */
  readonly url: string;
  /** The port it listens on (the free one picked when asked for 0). */
  readonly port: number;
  /** The effective config (the sandbox's subaccounts when none were configured). */
  readonly config: Readonly<SimulatorConfig>;
  /** Places an inbound call and resolves with its transcript and summary once it has ended. */
  dial(options: DialOptions): Promise<SessionView>;
  /**
   * Scripts how an outbound destination behaves: answer, busy, no-answer, fail, a session error
   * (`{ error: -2001 }`), or a list of these used one per call placed to it (the last repeats).
   */
  setCallee(callee: CalleeConfig): void;
  /** Every call the platform placed or received, oldest first, as `GET /_sim/calls` lists them. */
  calls(): CallRecord[];
  /** Registers a webhook as `POST .../webhooks` would (replacing one of the same type). */
  registerWebhook(registration: WebhookRegistration): void;
  /** A session's current view, or undefined. */
  session(sessionId: string): SessionView | undefined;
  /** Waits (bounded) for a session to end and returns its view. */
  waitForSession(sessionId: string, timeoutMs?: number): Promise<SessionView>;
  /** Stops listening (interactive callers hang up, event streams end); running sessions get up to 5 s to finish. */
  close(): Promise<void>;
}

const { version } = createRequire(import.meta.url)("../../package.json") as { version: string };

async function resolveConfig(config: SimulatorOptions["config"]): Promise<SimulatorConfig> {
  if (config === undefined) return {};
  if (typeof config !== "string") return validateConfig(config, "config");
  let text: string;
  try {
    text = await readFile(config, "utf8");
  } catch (error) {
    throw new ConfigError(`${config}: cannot read the config file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return parseConfig(text, config);
}

function resolveClock(option: SimulatorOptions["clock"], fromConfig: string | undefined): ClockMode {
  const value = option ?? fromConfig ?? "instant";
  if (typeof value !== "string") return value;
  const mode = parseClockMode(value);
  if (!mode) throw new ConfigError(`clock: "${value}" is invalid; expected real, instant or scaled:N`);
  return mode;
}

function timeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new SimulatorError("SB_SIM_SESSION_TIMEOUT", `${what} did not end within ${ms} ms`)), ms)));
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

/**
 * Starts a simulator and resolves once it listens.
 *
 * @example
 * const sim = await startSimulator({ port: 8088, config: "sim.yaml", clock: "real" });
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const fileConfig = await resolveConfig(options.config);
  const config = { ...fileConfig, subaccounts: fileConfig.subaccounts ?? SANDBOX.subaccounts };
  const clock = createClock(resolveClock(options.clock, config.clock), options.now);
  const newId = options.newId ?? randomUUID;
  const platform = new Platform(config);
  const strict = options.strictVoiceProfiles ?? config.strictVoiceProfiles ?? true;
  const limits = validateConfig(
    {
      ...(options.maxCallsPerSecond !== undefined ? { maxCallsPerSecond: options.maxCallsPerSecond } : {}),
      ...(options.maxConcurrentCalls !== undefined ? { maxConcurrentCalls: options.maxConcurrentCalls } : {}),
    },
    "options",
  );
  const maxCallsPerSecond = limits.maxCallsPerSecond ?? config.maxCallsPerSecond;
  const maxConcurrentCalls = limits.maxConcurrentCalls ?? config.maxConcurrentCalls;
  const voiceProfiles = strict ? SPEECH_PROFILE_CODES : undefined;
  const engine = new Engine({
    platform,
    clock,
    newId,
    voiceProfiles,
    ...(maxConcurrentCalls !== undefined ? { maxConcurrentCalls } : {}),
    ...(options.onSessionEnd ? { onSessionEnd: (session: Session) => options.onSessionEnd!(sessionView(session)) } : {}),
    transport: options.webhookTransport ?? httpWebhookTransport(),
    dtmfForm: options.dtmfForm ?? config.dtmfForm ?? "eventData",
    vcaTimeoutMs: options.vcaTimeoutMs ?? config.vcaTimeoutMs ?? 5_000,
    vss: {
      maxAttempts: options.vssMaxAttempts ?? config.vssMaxAttempts ?? 6,
      backoffMs: options.vssBackoffMs ?? config.vssBackoffMs ?? 1_000,
      duplicates: options.vssDuplicates ?? config.vssDuplicates ?? 0,
    },
  });
  const rateLimiter = maxCallsPerSecond !== undefined ? new CallRateLimiter(maxCallsPerSecond) : undefined;
  const app = buildApp({ platform, engine, clock, newId, voiceProfiles, ...(rateLimiter ? { rateLimiter } : {}) }, version);
  await app.listen({ port: options.port ?? 0, host: options.host ?? "127.0.0.1" });
  const address = app.server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const defaultSub = config.subaccounts[0]!.id;

  const waitForSession = async (sessionId: string, timeoutMs = 60_000): Promise<SessionView> => {
    const session = platform.sessions.get(sessionId);
    if (!session) throw new SimulatorError("SB_SIM_UNKNOWN_SESSION", `sessionId: "${sessionId}" is not a known session`);
    await timeout(session.done, timeoutMs, `session ${sessionId}`);
    return sessionView(session);
  };

  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    config,
    async dial(dial) {
      if (!platform.numberOwner(dial.to)) throw new SimulatorError("SB_SIM_UNKNOWN_NUMBER", `to: "${dial.to}" is not a virtual number of a configured subaccount`);
      const session = engine.placeInbound({ ...dial, from: dial.from ?? DEFAULT_CALLER });
      return waitForSession(session.id, dial.timeoutMs);
    },
    setCallee: (callee) => platform.setCallee(validateConfig({ callees: [callee] }, "callee").callees![0]!),
    calls: () => [...platform.sessions.values()].map(callRecord),
    registerWebhook(registration) {
      const subAccountId = registration.subAccountId ?? defaultSub;
      const sub = platform.subaccounts.get(subAccountId);
      if (!sub) throw new SimulatorError("SB_SIM_UNKNOWN_SUBACCOUNT", `subAccountId: "${subAccountId}" is not a configured subaccount`);
      sub.webhooks.set(registration.type, {
        type: registration.type,
        url: registration.url,
        enabled: registration.enabled ?? true,
        ...(registration.httpAuthHeader !== undefined ? { httpAuthHeader: registration.httpAuthHeader } : {}),
      });
    },
    session: (sessionId) => {
      const session = platform.sessions.get(sessionId);
      return session ? sessionView(session) : undefined;
    },
    waitForSession,
    async close() {
      // Interactive callers hang up first, so their sessions end (and their event streams get
      // their `end`) rather than hold the drain.
      await engine.hangUpLive(2_000);
      await app.close();
      await engine.drain(5_000);
    },
  };
}
