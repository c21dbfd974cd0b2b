/**
 * `startTestPlatform`: the simulator (instant clock) plus, for a flow or an app, our webhook
 * server, wired together the way 8x8 and your server meet in production: over real HTTP on
 * 127.0.0.1 by default, or in process (`inProcess: true`: no server socket, each webhook through
 * the server's `inject()`). Tests place calls with `dial()` and assert on what the caller heard,
 * the session summary, and what the server stored.
 *
 * @example
 * const platform = await startTestPlatform({ flow: "examples/restaurant.yaml" });
 * const call = await platform.dial({ press: ["3"] });
 * call.heard.at(-1);            // "Our restaurant hours are between 9AM and 9PM every day of the week."
 * call.summary.sessionStatus;   // "COMPLETED"
 * await platform.close();
 */
import { registerServerWebhooks, SANDBOX_NUMBER } from "../server/index.js";
import type { CalleeBehavior, CalleeConfig, Simulator } from "../simulator/index.js";
import type { SessionDetail, SessionRecord, Store } from "../store/index.js";
import { toTestCall, type TestCall } from "./call.js";
import { checkOptions, type TestDialOptions, type TestPlatformOptions } from "./options.js";
import { startTarget, type Target } from "./target.js";

export type { TestDialOptions, TestPlatformOptions } from "./options.js";

/** A running simulator and webhook server, wired together; close it in `afterAll`. */
export interface TestPlatform {
  /** The simulator itself, for anything the kit does not wrap. */
  readonly simulator: Simulator;
  /** The simulator's base URL (use it as a VoiceClient baseUrl, or `switchboard dial --simulator`). */
  readonly simulatorUrl: string;
  /**
   * The webhook server's base URL: ours (started by the kit) or the `url` you gave. With
   * `inProcess`, a name only the simulator reaches (`http://switchboard-in-process.invalid`).
   */
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

/**
 * Starts the platform and resolves once the webhooks are registered (through the simulator's
 * REST API, as in production). Close it in `afterAll`.
 *
 * @example
 * const platform = await startTestPlatform({ url: "http://127.0.0.1:3000", authHeader: process.env.SECRET });
 * const fast = await startTestPlatform({ flow: "examples/restaurant.yaml", inProcess: true });
 */
export async function startTestPlatform(options: TestPlatformOptions): Promise<TestPlatform> {
  checkOptions(options);
  const { httpWebhookTransport, startSimulator } = await import("../simulator/index.js");
  const target = await startTarget(options);
  let simulator: Simulator | undefined;
  try {
    const others = options.simulator?.webhookTransport ?? httpWebhookTransport();
    simulator = await startSimulator({ clock: "instant", ...options.simulator, webhookTransport: target.transport(others) });
    await registerServerWebhooks({
      platformUrl: simulator.url,
      serverUrl: target.url,
      ...(target.authHeader !== undefined ? { authHeader: target.authHeader } : {}),
      paths: target.paths,
    });
    for (const callee of options.callees ?? []) simulator.setCallee(callee);
    return platformFacade(simulator, target);
  } catch (error) {
    await simulator?.close().catch(() => undefined);
    await target.close().catch(() => undefined);
    throw error;
  }
}

function platformFacade(simulator: Simulator, target: Target): TestPlatform {
  return {
    simulator,
    simulatorUrl: simulator.url,
    serverUrl: target.url,
    store: target.store,
    async dial(dial = {}) {
      const view = await simulator.dial({
        to: dial.to ?? SANDBOX_NUMBER,
        ...(dial.from !== undefined ? { from: dial.from } : {}),
        ...(dial.press !== undefined ? { press: dial.press } : {}),
        ...(dial.hangupAfterMs !== undefined ? { hangupAfterMs: dial.hangupAfterMs } : {}),
        timeoutMs: dial.timeoutMs ?? 30_000,
      });
      return toTestCall(view, target.reader);
    },
    setCallee: (number, behavior, script) => simulator.setCallee({ ...script, number, behavior }),
    sessions: (query) => target.reader.sessions(query),
    session: (sessionId) => target.reader.session(sessionId),
    async close() {
      await simulator.close();
      await target.close();
    },
  };
}
