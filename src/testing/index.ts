/**
 * `switchboard-ivr/testing`: test your IVR end to end in your own test runner. It starts the
 * local 8x8 platform (the simulator, instant clock) and, for a flow or an app, our webhook
 * server, registers the webhooks through the 8x8 REST API, and lets a test place calls and
 * assert on what the caller heard, the session summary and what the server stored.
 * docs/testing.md has complete vitest and node:test files.
 *
 * @example
 * import { startTestPlatform } from "switchboard-ivr/testing";
 *
 * const platform = await startTestPlatform({ flow: "examples/restaurant.yaml" });
 * platform.setCallee("+6561115777", "busy");
 * const call = await platform.dial({ press: ["2", "1"] });
 * call.summary.sessionStatus; // "BUSY"
 * await platform.close();
 */
export { startTestPlatform, type TestPlatform, type TestPlatformOptions, type TestDialOptions } from "./platform.js";
export type { TestCall, WebhookDelivery } from "./call.js";
export { readApi, type ReadApi } from "./read-api.js";
export { ReadApiError, TestingError } from "./errors.js";
// The server's run-and-register helpers live in server/ (switchboard dev uses them without the
// kit); the kit still offers them, so a test needs one import.
export {
  startIvrServer,
  registerServerWebhooks,
  generateSecret,
  WEBHOOK_PATHS,
  SANDBOX_API_KEY,
  SANDBOX_NUMBER,
  SANDBOX_SUBACCOUNT,
  type IvrServer,
  type IvrServerOptions,
  type RegisterWebhooksOptions,
} from "../server/index.js";
export type { CallSummary, CalleeBehavior, CalleeConfig, SessionView, TranscriptEntry } from "../simulator/index.js";
export type { SessionDetail, SessionRecord } from "../store/index.js";
