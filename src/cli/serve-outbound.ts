/**
 * The outbound side of `switchboard serve`: `--flow name=file.yaml` (repeatable) loads outbound
 * flows, `--control-auth-header` (or SWITCHBOARD_CONTROL_AUTH) turns on the control API that
 * `switchboard call` and `campaign` use, and the server places calls with its own 8x8 credentials
 * (EIGHTX8_API_KEY, EIGHTX8_SUBACCOUNT_ID, EIGHTX8_BASE_URL, as the other commands read them),
 * within `--max-call-rate`. Without a control secret nothing outbound runs.
 */
import { basename, extname } from "node:path";
import type { FastifyInstance } from "fastify";
import type { IvrApp } from "../ivr/index.js";
import type { ClockSpec, Followup } from "../followup/index.js";
import type { StoreWithOutbound } from "../store/index.js";
import { causeCode } from "./cli-errors.js";
import { inCwd, type CliIo } from "./io.js";
import { resolvePlatformConfig } from "./platform-config.js";
import { UsageError } from "./usage-error.js";

/** The outbound flags of `serve`. */
export interface OutboundFlags {
  flow?: string[];
  controlAuthHeader?: string;
  maxCallRate?: number;
  forwardOutcomes?: string;
  forwardAuthHeader?: string;
  clock?: ClockSpec;
}

/** What `serve` needs from the outbound side, once set up. */
export interface OutboundSetup {
  /** The outbound flows, for the server to answer their sessions' VCAs. */
  apps: IvrApp[];
  /** Spread into createServer's options (summaries leave jobs, outbound sessions get their variables; the clock, when simulated). */
  serverOptions: Followup["serverOptions"] & { now?: () => Date };
  /** Registers the control API and the dispatcher on the server. */
  register(server: FastifyInstance): Promise<void>;
  /** Lines for serve's banner. */
  describe(base: string): string[];
}

const NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/** Reads one `--flow name=file` (or a bare file, named after it). */
export function parseFlowFlag(text: string, previous: string[] = []): string[] {
  const equals = text.indexOf("=");
  const name = equals > 0 ? text.slice(0, equals) : basename(text, extname(text));
  const file = equals > 0 ? text.slice(equals + 1) : text;
  if (!NAME.test(name) || file === "") {
    throw new UsageError("SB_CLI_INVALID_FLAG", `--flow ${JSON.stringify(text)}: expected name=file.yaml (a name of letters, digits, - and _, starting with a letter)`);
  }
  return [...previous, `${name}=${file}`];
}

/** A URL as it may be shown: any user and password in it masked. */
export function shownUrl(text: string): string {
  try {
    const url = new URL(text);
    if (url.username === "" && url.password === "") return text;
    url.username = "***";
    url.password = "";
    return url.href;
  } catch {
    return text.replace(/\/\/[^/@]*@/, "//***@");
  }
}

/** Reads `--forward-outcomes`: an http(s) URL. */
export function parseForwardUrl(text: string): string {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
    throw new UsageError("SB_CLI_INVALID_URL", `--forward-outcomes: ${JSON.stringify(shownUrl(text))} is invalid; expected an http:// or https:// URL that takes a JSON POST`);
  }
  return url.href;
}

/** Reads `--max-call-rate`: calls per second, e.g. 2 or 0.5. */
export function parseCallRate(text: string): number {
  const rate = Number(text.replace(/\/s$/, ""));
  if (!Number.isFinite(rate) || rate <= 0 || rate > 1000) {
    throw new UsageError("SB_CLI_INVALID_FLAG", `--max-call-rate ${JSON.stringify(text)}: expected calls per second from 0.01 to 1000, e.g. 10 or 2/s`);
  }
  return rate;
}

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Reads `--clock`: `real` (the default), `instant` (simulated time from now) or
 * `instant@<ISO-8601 time with its offset>`, e.g. `instant@2027-01-15T19:59:00+08:00`.
 */
export function parseClockFlag(text: string): ClockSpec {
  if (text === "real") return { mode: "real" };
  if (text === "instant") return { mode: "instant", start: null };
  const at = text.startsWith("instant@") ? text.slice("instant@".length) : "";
  if (ISO_WITH_OFFSET.test(at) && Number.isFinite(Date.parse(at))) return { mode: "instant", start: new Date(at) };
  throw new UsageError(
    "SB_CLI_INVALID_FLAG",
    `--clock ${JSON.stringify(text)}: expected real, instant, or instant@TIME with TIME an ISO-8601 time with its offset, e.g. instant@2027-01-15T19:59:00+08:00`,
  );
}

/**
 * Sets up the outbound side when a control secret is given (null otherwise): loads the outbound
 * flows (the inbound flow too, as the default, when it is a flow), and checks the 8x8 credentials.
 */
export async function setUpOutbound(flags: OutboundFlags, io: CliIo, inbound: { file: string; app: IvrApp }, store: StoreWithOutbound): Promise<OutboundSetup | null> {
  const control = flags.controlAuthHeader ?? io.env.SWITCHBOARD_CONTROL_AUTH;
  const forwardAuth = flags.forwardAuthHeader ?? io.env.SWITCHBOARD_FORWARD_AUTH;
  const forwardOutcomes = flags.forwardOutcomes ? { url: flags.forwardOutcomes, ...(forwardAuth ? { authHeader: forwardAuth } : {}) } : undefined;
  const forwarding = forwardOutcomes ? [`  outcomes      forwarded to ${shownUrl(forwardOutcomes.url)}${forwardAuth ? " (with an Authorization header)" : ""}`] : [];
  if (!control) {
    if (flags.clock && !forwardOutcomes) throw new UsageError("SB_CLI_CONFLICTING_FLAGS", "--clock: the clock runs the outbound scheduler, which needs the control API: pass --control-auth-header SECRET or set SWITCHBOARD_CONTROL_AUTH");
    if (flags.flow?.length) throw new UsageError("SB_CLI_CONFLICTING_FLAGS", "--flow: outbound flows need the control API: pass --control-auth-header SECRET or set SWITCHBOARD_CONTROL_AUTH");
    if (!forwardOutcomes) return null;
    // Forwarding alone: no control API, nothing placed, no 8x8 credentials needed.
    const { OutboundFlows, createFollowup, clockFor } = await import("../followup/index.js");
    const clock = flags.clock ? clockFor(flags.clock) : undefined;
    const followup = createFollowup({ store, flows: new OutboundFlows(), send: () => Promise.reject(new Error("no control API")), forwardOutcomes, ...(clock ? { clock } : {}) });
    return { apps: [], serverOptions: { ...followup.serverOptions, ...(clock ? { now: clock.now } : {}) }, register: (server) => followup.register(server), describe: () => forwarding };
  }
  const platform = resolvePlatformConfig({}, io);
  const [{ loadIvr }, { OutboundFlows, createFollowup }, { VoiceClient }] = await Promise.all([
    import("../ivr/index.js"),
    import("../followup/index.js"),
    import("../client/index.js"),
  ]);
  const flows = new OutboundFlows();
  const apps: IvrApp[] = [];
  const add = (name: string, file: string, app: IvrApp & import("../ivr/index.js").FlowApp) => {
    try {
      flows.add(name, inCwd(io, file), app);
    } catch (error) {
      throw new UsageError("SB_CLI_IVR_LOAD_FAILED", `${file}: ${(error as Error).message}`);
    }
  };
  if (isFlowApp(inbound.app)) add(inbound.app.name, inbound.file, inbound.app);
  for (const entry of flags.flow ?? []) {
    const [name, file] = [entry.slice(0, entry.indexOf("=")), entry.slice(entry.indexOf("=") + 1)];
    let app: IvrApp;
    try {
      app = await loadIvr(inCwd(io, file));
    } catch (error) {
      throw new UsageError(causeCode(error, "SB_CLI_IVR_LOAD_FAILED"), `--flow ${name}=${file}: ${(error as Error).message}`);
    }
    if (!isFlowApp(app)) throw new UsageError("SB_CLI_INVALID_FLAG", `--flow ${name}=${file}: an outbound flow must be a flow file (.yaml, .yml, .json), not a handlers module`);
    add(name, file, app);
    apps.push(app);
  }
  if (flows.names().length === 0) {
    throw new UsageError("SB_CLI_INVALID_FLAG", "--control-auth-header: no flow to place calls on: serve a flow file, or add --flow name=file.yaml");
  }
  // The dispatcher paces and retries itself: the client must not resend or wait out a 429.
  const client = new VoiceClient({ apiKey: platform.apiKey, subaccountId: platform.subaccountId, baseUrl: platform.baseUrl, retries: 0 });
  const clock = flags.clock ? (await import("../followup/index.js")).clockFor(flags.clock) : undefined;
  const followup = createFollowup({
    store,
    flows,
    send: (input) => client.callflows.send(input),
    controlAuthHeader: control,
    ...(clock ? { clock } : {}),
    ...(flags.maxCallRate ? { maxCallRate: flags.maxCallRate } : {}),
    ...(forwardOutcomes ? { forwardOutcomes } : {}),
  });
  return {
    apps,
    serverOptions: { ...followup.serverOptions, ...(clock ? { now: clock.now } : {}) },
    register: (server) => followup.register(server),
    describe: (base) => [
      `  control API   ${base}/api/calls (control secret required)`,
      `  outbound      ${flows.names().join(", ")} via ${platform.baseUrl} (subaccount ${platform.subaccountId}), at most ${flags.maxCallRate ?? 10} calls/s`,
      ...(clock?.mode === "instant" ? [`  clock         instant: simulated time from ${clock.now().toISOString()}, jumping ahead whenever nothing is in progress (tests only)`] : []),
      ...forwarding,
    ],
  };
}

function isFlowApp(app: IvrApp): app is IvrApp & import("../ivr/index.js").FlowApp {
  return typeof (app as { entry?: unknown }).entry === "function" && typeof (app as { flow?: unknown }).flow === "object";
}
