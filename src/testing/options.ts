/**
 * What `startTestPlatform` and `dial` take, and the checks that refuse options the kit cannot
 * use (`SB_TESTING_BAD_OPTION`, naming the option, its value and what is expected).
 *
 * @example
 * checkOptions({ url: "http://127.0.0.1:3000", flow: "x.yaml" }); // TestingError SB_TESTING_BAD_OPTION
 */
import type { IvrApp } from "../ivr/index.js";
import type { IvrServerOptions } from "../server/index.js";
import type { CalleeConfig, SimulatorOptions } from "../simulator/index.js";
import { TestingError } from "./errors.js";

/** What `startTestPlatform` runs: one of `flow`, `app` or `url`, and how. */
export interface TestPlatformOptions {
  /** A flow file or handlers module for our server to run (see `loadIvr`). */
  flow?: string;
  /** An IVR already built, e.g. with `defineIvr` or `compileFlow` (wins over `flow`). */
  app?: IvrApp;
  /** Instead of a flow or an app: the base URL of a webhook server already running (yours or ours). */
  url?: string;
  /**
   * With a flow or app: run our server in this process without listening on a port. The
   * simulator delivers each webhook through the server's `inject()` (its whole HTTP path, minus
   * the socket) and the read API is read the same way; `serverUrl` is then a name only the
   * simulator can reach. Default false: our server on 127.0.0.1, reached over real HTTP.
   */
  inProcess?: boolean;
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

/** How `TestPlatform.dial` places a call. */
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

const bad = (message: string) => new TestingError("SB_TESTING_BAD_OPTION", `startTestPlatform: ${message}`);

/** Throws `SB_TESTING_BAD_OPTION` unless the options name exactly one server to drive, and only options that fit it. */
export function checkOptions(options: TestPlatformOptions): void {
  const targets = [options.flow !== undefined, options.app !== undefined, options.url !== undefined].filter(Boolean).length;
  if (targets === 0) throw bad("flow, app and url are all missing; give one of flow, app or url");
  if (options.url !== undefined && targets > 1) throw bad(`url ${JSON.stringify(options.url)} cannot be combined with flow or app; give one of them`);
  if (options.inProcess !== undefined && typeof options.inProcess !== "boolean") throw bad(`inProcess: ${JSON.stringify(options.inProcess)} is invalid; expected true or false`);
  if (options.inProcess === true && options.url !== undefined) {
    throw bad(`inProcess: true cannot be combined with url ${JSON.stringify(options.url)}, a server that is already running is reached over HTTP; drop one of them`);
  }
}
