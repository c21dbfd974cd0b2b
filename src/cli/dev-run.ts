/**
 * What `switchboard dev` runs: our IVR server and the simulator in one process, the webhooks
 * registered on the simulator through the 8x8 REST API with a generated secret, then a page of
 * "how to dial" until the run's stop signal (SIGINT/SIGTERM from the binary) closes both. Meanwhile
 * a saved edit of the IVR reloads it (dev-watch.ts). Imported only when the command runs.
 *
 * Two secrets, on purpose: the webhook secret (what the platform sends) is never printed; the
 * read API gets a separate local token that *is* printed, because the user needs it to look at
 * the sessions, and leaking it exposes only this run's local read API.
 */
import { generateSecret, registerServerWebhooks, SANDBOX_API_KEY, SANDBOX_NUMBER, SANDBOX_SUBACCOUNT, startIvrServer, type IvrServer } from "../server/index.js";
import type { Flow, IvrApp } from "../ivr/index.js";
import type { Simulator } from "../simulator/index.js";
import { describePath, examplePaths } from "./dev-hints.js";
import { watchIvr, type IvrWatch } from "./dev-watch.js";
import { devOutbound } from "./dev-outbound.js";
import { devPhone } from "./dev-phone.js";
import { causeCode } from "./cli-errors.js";
import { redactDbUrl } from "./serve-flags.js";
import { dbUrlInCwd, inCwd, untilStopped, writeLine, type CliIo } from "./io.js";
import { CommandFailed, UsageError } from "./usage-error.js";
import { stderrLogger } from "./logger.js";

export interface DevFlags {
  port: number;
  simulatorPort: number;
  host: string;
  db: string;
  clock: string;
  /** Reload the IVR when its files change (default true; `--no-watch`). */
  watch: boolean;
  /** How long the IVR server drains on stop, in ms (`--drain-timeout`); the server's default (10 s) when absent. */
  drainTimeout?: number;
}

const DEFAULT_SIMULATOR_URL = "http://127.0.0.1:8088";

function inUse(error: unknown, flag: string, host: string, port: number): Error {
  const code = (error as { code?: string }).code;
  if (code === "EADDRINUSE") return new CommandFailed("SB_CLI_CANNOT_LISTEN", `${flag}: ${host}:${port} is already in use; stop what holds it or pick another port with ${flag}`);
  if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND") return new UsageError("SB_CLI_INVALID_FLAG", `--host: "${host}" is not an address of this machine`);
  return new CommandFailed("SB_CLI_CANNOT_LISTEN", `${flag}: cannot listen on ${host}:${port}: ${(error as Error).message}`);
}

function dialCommand(simulatorUrl: string, press: string[]): string {
  const target = simulatorUrl === DEFAULT_SIMULATOR_URL ? "" : ` --simulator ${simulatorUrl}`;
  return `npx switchboard dial --to ${SANDBOX_NUMBER}${target}${press.map((p) => ` --press ${p}`).join("")}`;
}

/** The dial commands to print, each with what the caller meets: key paths to a real ending when the flow has them. */
function dialHints(app: IvrApp, simulatorUrl: string): string[] {
  // A flow file's app carries its flow; a handler function has no menus to walk.
  const flow = "flow" in app ? (app as { flow: Flow }).flow : undefined;
  const paths = flow ? examplePaths(flow) : [];
  if (paths.length === 0) {
    const why = flow
      ? `caller hears the first prompt (no key path within reach ends in a hangup or transfer; add --press KEYS per prompt)`
      : `your handler answers (add --press KEYS for each prompt it plays)`;
    return [`  ${dialCommand(simulatorUrl, [])}   # ${why}`];
  }
  const commands = paths.map((path) => dialCommand(simulatorUrl, path.press));
  const width = Math.max(...commands.map((c) => c.length));
  return commands.map((command, i) => `  ${command.padEnd(width)}   # ${describePath(paths[i]!)}`);
}

function howToDial(flow: string, ivr: IvrServer, sim: Simulator, flags: DevFlags, readToken: string, controlToken: string | null): string[] {
  // A one-time code: the page trades it for a session cookie and takes it out of the address bar.
  const code = ivr.fastify.switchboardDashboard.signInCode();
  return [
    `switchboard dev: ${ivr.app.name} (${flow})`,
    `  IVR server   ${ivr.url}  (webhooks /webhooks/vca, /webhooks/vss, /webhooks/vcs; store ${redactDbUrl(flags.db)})`,
    `  dashboard    ${ivr.url}/${code === null ? "" : `?code=${code}`}  (the link signs you in once, within 60 s; then sign in with the read token below)`,
    `  dev phone    ${ivr.url}/#/phone  (call ${SANDBOX_NUMBER} from the browser: the dashboard's phone, /api/phone)`,
    `  simulator    ${sim.url}  (subaccount ${SANDBOX_SUBACCOUNT}, API key ${SANDBOX_API_KEY}, number ${SANDBOX_NUMBER}, clock ${flags.clock})`,
    `  webhooks     VCA, VSS and VCS registered on the simulator with a generated auth header (not shown)`,
    "",
    "Dial from another terminal (switchboard dial finds this simulator through SWITCHBOARD_SIMULATOR_URL):",
    `  export SWITCHBOARD_SIMULATOR_URL=${sim.url}`,
    ...dialHints(ivr.app, sim.url),
    "",
    "See what the server stored (the read token is local to this run):",
    `  SWITCHBOARD_READ_AUTH=${readToken} npx switchboard sessions --server ${ivr.url}`,
    `  curl -H "Authorization: ${readToken}" ${ivr.url}/api/sessions`,
    ...(controlToken === null
      ? []
      : [
          "",
          "Call out from the flow (the control token places simulated calls; local to this run):",
          `  SWITCHBOARD_CONTROL_AUTH=${controlToken} npx switchboard call --server ${ivr.url} --to +6590000002 --from ${SANDBOX_NUMBER}`,
        ]),
    "",
    flags.watch ? `Watching ${flow} for changes: a saved edit reloads it (--no-watch turns this off).` : "Not watching for changes (--no-watch).",
    "Ctrl-C stops both.",
  ];
}

/**
 * Starts both, prints the page and a `ready` line, and resolves once `io.signal` has aborted and
 * both are closed. A second SIGINT while calls drain ends the binary at once (process-io.ts).
 */
export async function runDev(flow: string, flags: DevFlags, io: CliIo): Promise<void> {
  const { parseClockMode, startSimulator } = await import("../simulator/index.js");
  if (!parseClockMode(flags.clock)) throw new UsageError("SB_CLI_INVALID_FLAG", `--clock: "${flags.clock}" is invalid; expected instant, real or scaled:N`);
  const out = (line: string) => writeLine(io.stdout, line);
  const webhookSecret = generateSecret();
  const readToken = generateSecret();

  const { loadIvr } = await import("../ivr/index.js");
  const { openStore } = await import("../store/index.js");
  let app: IvrApp;
  try {
    app = await loadIvr(inCwd(io, flow));
  } catch (error) {
    throw new UsageError(causeCode(error, "SB_CLI_IVR_LOAD_FAILED"), `cannot start the IVR server for ${flow}: ${(error as Error).message}`);
  }
  let store;
  try {
    store = await openStore(dbUrlInCwd(io, flags.db));
  } catch (error) {
    throw new CommandFailed(causeCode(error, "SB_STORE_UNAVAILABLE"), `--db ${redactDbUrl(flags.db)}: ${(error as Error).message}`);
  }
  let outbound;
  try {
    outbound = await devOutbound(app, store);
  } catch (error) {
    // A flow whose retry: block cannot work (RetryPolicyError names the field).
    await store.close().catch(() => undefined);
    throw new UsageError("SB_CLI_IVR_LOAD_FAILED", `cannot start the IVR server for ${flow}: ${(error as Error).message}`);
  }
  // The dashboard's dev phone: interactive calls to the sandbox number, named for the flow answering it.
  let answering: IvrApp = app;
  const phone = devPhone({ numbers: () => [{ msisdn: SANDBOX_NUMBER, label: answering.name }] });
  let ivr: IvrServer;
  try {
    // Warnings and errors only: a log line per request would bury the dial hints.
    ivr = await startIvrServer({
      app,
      authHeader: webhookSecret,
      readAuthHeader: readToken,
      db: store,
      port: flags.port,
      host: flags.host,
      server: {
        logger: await stderrLogger("warn", io),
        // The server's drain closes the store it was given, once the last request is answered.
        closeStore: true,
        ...(outbound ? outbound.serverOptions : {}),
        ...(flags.drainTimeout === undefined ? {} : { drainTimeoutMs: flags.drainTimeout }),
      },
      setup: async (fastify) => {
        phone.setup(fastify);
        await outbound?.setup(fastify);
      },
    });
  } catch (error) {
    await store.close().catch(() => undefined);
    const code = (error as { code?: string }).code;
    if (code === "EADDRINUSE" || code === "EADDRNOTAVAIL" || code === "ENOTFOUND") throw inUse(error, "--port", flags.host, flags.port);
    throw new UsageError(causeCode(error, "SB_CLI_IVR_LOAD_FAILED"), `cannot start the IVR server for ${flow}: ${(error as Error).message}`);
  }
  let sim: Simulator;
  try {
    sim = await startSimulator({
      port: flags.simulatorPort,
      host: flags.host,
      clock: flags.clock,
      onSessionEnd: (view) => {
        const s = view.summary;
        out(`call ${view.sessionId}: session ${s?.sessionStatus ?? "?"}, ${s?.callCount ?? 0} leg(s), ${s?.durationSeconds ?? 0} s; heard ${view.heard.length} prompt(s)`);
      },
    });
  } catch (error) {
    await ivr.close();
    throw inUse(error, "--simulator-port", flags.host, flags.simulatorPort);
  }
  try {
    await registerServerWebhooks({ platformUrl: sim.url, serverUrl: ivr.url, authHeader: webhookSecret });
  } catch (error) {
    await sim.close();
    await ivr.close();
    throw new CommandFailed("SB_CLI_DEV_SETUP_FAILED", `could not register the webhooks on the simulator: ${(error as Error).message}`);
  }

  outbound?.connect(sim.url);
  phone.connect(sim.url);
  for (const line of howToDial(flow, ivr, sim, flags, readToken, outbound?.token ?? null)) out(line);
  let watch: IvrWatch | undefined;
  if (flags.watch) {
    const apps = ivr.fastify.switchboardApps;
    watch = watchIvr({
      file: inCwd(io, flow),
      shown: flow,
      current: ivr.app,
      use: (app) => {
        // Checked first: a reload the outbound side refuses swaps nothing, inbound or outbound.
        outbound?.check(app);
        apps.use(app);
        outbound?.use(app);
        answering = app;
      },
      out,
    });
  }
  out(`ready: IVR server ${ivr.url}, simulator ${sim.url}`);

  out(`${await untilStopped(io)}: closing the simulator and the IVR server`);
  await watch?.close();
  await sim.close();
  await phone.close();
  await ivr.close();
  out("closed");
}
