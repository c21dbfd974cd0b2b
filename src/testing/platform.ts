/**
 * `startTestPlatform`: the simulator (instant clock) plus, for a flow or an app, our webhook
 * server on 127.0.0.1, wired together over real HTTP the way 8x8 and your server meet in
 * production. Tests place calls with `dial()` and assert on what the caller heard, the session
 * summary, and what the server stored.
 *
 * @example
 * const platform = await startTestPlatform({ flow: "examples/restaurant.yaml" });
 * const call = await platform.dial({ press: ["3"] });
 * call.heard.at(-1);            // "Our restaurant hours are between 9AM and 9PM every day of the week."
 * call.summary.sessionStatus;   // "COMPLETED"
 * await platform.close();
 */
import type { IvrApp } from "../ivr/index.js";
import { generateSecret, registerServerWebhooks, SANDBOX_NUMBER, startIvrServer, WEBHOOK_PATHS, type IvrServer, type IvrServerOptions } from "../server/index.js";
import type { CalleeBehavior, CalleeConfig, Simulator, SimulatorOptions } from "../simulator/index.js";
import type { SessionDetail, SessionRecord, Store } from "../store/index.js";
import { toTestCall, type TestCall } from "./call.js";
import { readApi, type ReadApi } from "./read-api.js";

/**
 * What `startTestPlatform` takes: exactly one of `flow`, `app` (the kit starts our server for it)
 * or `url` (a webhook server already running), plus the secrets, store, server and simulator
 * settings, and callees scripted up front.
 */
export interface TestPlatformOptions {
  /** A flow file or handlers module for our server to run (see `loadIvr`). */
  flow?: string;
  /** An IVR already built, e.g. with `defineIvr` or `compileFlow` (wins over `flow`). */
  app?: IvrApp;
  /** Instead of a flow or an app: the base URL of a webhook server already running (yours or ours). */
  url?: string;
  /**
   * The webhook secret. With `url`, the one your server expects (omit if it needs none).
   * With a flow or app, generated at random when omitted.
   */
  authHeader?: string;
  /** With `url`: the read API's secret, when it differs from `authHeader`. */
  readAuthHeader?: string;
  /** With `url`: where each webhook goes on that server; default `/webhooks/vca`, `/webhooks/vss`, `/webhooks/vcs`. */
  paths?: Partial<Record<"VCA" | "VSS" | "VCS", string | null>>;
  /** With a flow or app: a store URL (`sqlite:PATH`) or a Store; default an in-memory SQLite store. */
  db?: IvrServerOptions["db"];
  /** With a flow or app: extra createServer options (handlerTimeoutMs, fallback, logger...). */
  server?: IvrServerOptions["server"];
  /** Simulator options (vssDuplicates, vcaTimeoutMs, dtmfForm, config...); the clock defaults to instant. */
  simulator?: Omit<SimulatorOptions, "port" | "host">;
  /** Outbound destinations scripted up front (`{ number, behavior: "busy" }`...). */
  callees?: CalleeConfig[];
}

/** An inbound call for `platform.dial()`; every field has a default, so `dial()` alone calls the sandbox number. */
export interface TestDialOptions {
  /** The virtual number called; default the sandbox's `+6560000001`. */
  to?: string;
  /** The caller's number; default `+6591234567`. */
  from?: string;
  /** One entry per capture prompt: `"1"`, `"23#"`, `"-"` (silent). A caller whose list runs out hangs up. */
  press?: readonly string[];
  /** The caller hangs up this long (simulated ms) after the call is answered. */
  hangupAfterMs?: number;
  /** Longest wall-clock wait for the call to end; default 30 s. */
  timeoutMs?: number;
}

/**
 * The running test platform from `startTestPlatform`: the simulator and the webhook server wired
 * together, with calls to place, callees to script, and what the server stored to read back.
 * Close it when the tests are done.
 */
export interface TestPlatform {
  /** The simulator itself, for anything the kit does not wrap. */
  readonly simulator: Simulator;
  /** The simulator's base URL (use it as a VoiceClient baseUrl, or `switchboard dial --simulator`). */
  readonly simulatorUrl: string;
  /** The webhook server's base URL: ours (started by the kit) or the `url` you gave. */
  readonly serverUrl: string;
  /** The store of the server the kit started; undefined with `url`. */
  readonly store: Store | undefined;
  /** Places an inbound call and resolves once it has ended and its VSS was delivered. */
  dial(options?: TestDialOptions): Promise<TestCall>;
  /** Scripts how an outbound destination (a transfer target) behaves. */
  setCallee(number: string, behavior: CalleeBehavior, script?: Omit<CalleeConfig, "number" | "behavior">): void;
  /** What the server stored, newest first, through its read API. */
  sessions(options?: { status?: string }): Promise<SessionRecord[]>;
  /** One stored session (summary, timeline, call statuses) through the read API; null if unknown. */
  session(sessionId: string): Promise<SessionDetail | null>;
  /** Stops the simulator (letting running calls finish), then the server and its store. */
  close(): Promise<void>;
}

function checkOptions(options: TestPlatformOptions): void {
  const targets = [options.flow !== undefined, options.app !== undefined, options.url !== undefined].filter(Boolean).length;
  if (targets === 0) throw new TypeError("startTestPlatform: give one of flow, app or url");
  if (options.url !== undefined && targets > 1) throw new TypeError("startTestPlatform: url cannot be combined with flow or app");
}

/**
 * Starts the platform and resolves once the webhooks are registered. Close it in `afterAll`.
 *
 * @example
 * const platform = await startTestPlatform({ url: "http://127.0.0.1:3000", authHeader: process.env.SECRET });
 */
export async function startTestPlatform(options: TestPlatformOptions): Promise<TestPlatform> {
  checkOptions(options);
  const { startSimulator } = await import("../simulator/index.js");
  let ivr: IvrServer | undefined;
  let authHeader = options.authHeader;
  let readToken = options.readAuthHeader ?? options.authHeader;
  if (options.url === undefined) {
    authHeader ??= generateSecret();
    readToken = generateSecret();
    ivr = await startIvrServer({
      ...(options.app ? { app: options.app } : { flow: options.flow! }),
      authHeader,
      readAuthHeader: readToken,
      ...(options.db !== undefined ? { db: options.db } : {}),
      ...(options.server ? { server: options.server } : {}),
    });
  }
  let simulator: Simulator | undefined;
  try {
    simulator = await startSimulator({ clock: "instant", ...options.simulator });
    const serverUrl = ivr?.url ?? options.url!;
    await registerServerWebhooks({
      platformUrl: simulator.url,
      serverUrl,
      ...(authHeader !== undefined ? { authHeader } : {}),
      paths: ivr ? WEBHOOK_PATHS : { ...WEBHOOK_PATHS, ...options.paths },
    });
    for (const callee of options.callees ?? []) simulator.setCallee(callee);
    return platformFacade(simulator, serverUrl, ivr, readApi(serverUrl, readToken));
  } catch (error) {
    await simulator?.close().catch(() => undefined);
    await ivr?.close().catch(() => undefined);
    throw error;
  }
}

function platformFacade(simulator: Simulator, serverUrl: string, ivr: IvrServer | undefined, reader: ReadApi): TestPlatform {
  return {
    simulator,
    simulatorUrl: simulator.url,
    serverUrl,
    store: ivr?.store,
    async dial(dial = {}) {
      const view = await simulator.dial({
        to: dial.to ?? SANDBOX_NUMBER,
        ...(dial.from !== undefined ? { from: dial.from } : {}),
        ...(dial.press !== undefined ? { press: dial.press } : {}),
        ...(dial.hangupAfterMs !== undefined ? { hangupAfterMs: dial.hangupAfterMs } : {}),
        timeoutMs: dial.timeoutMs ?? 30_000,
      });
      return toTestCall(view, reader);
    },
    setCallee: (number, behavior, script) => simulator.setCallee({ ...script, number, behavior }),
    sessions: (query) => reader.sessions(query),
    session: (sessionId) => reader.session(sessionId),
    async close() {
      await simulator.close();
      await ivr?.close();
    },
  };
}
