/**
 * `switchboard serve <flow.yaml | handlers.ts>`: runs the webhook server for one IVR until the
 * run's stop signal aborts (SIGINT/SIGTERM from the binary), then closes the server and the
 * store cleanly.
 *
 * @example
 * SWITCHBOARD_WEBHOOK_AUTH=s3cret switchboard serve examples/restaurant.yaml --port 3000
 * switchboard serve handlers.ts --insecure --db sqlite:./dev.db
 */
import type { Command } from "commander";
import {
  collectAddress,
  LOOPBACK_HOSTS,
  parseBodyLimit,
  formatDuration,
  parseDbUrl,
  parseDrainTimeout,
  parseHandlerTimeout,
  parsePort,
  parseVcaWrites,
  redactDbUrl,
} from "./serve-flags.js";
import { causeCode } from "./cli-errors.js";
import { cannotListen } from "./listen-errors.js";
import { dbUrlInCwd, inCwd, untilStopped, writeLine, type CliIo } from "./io.js";
import { CommandFailed, UsageError } from "./usage-error.js";
import { stderrLogger } from "./logger.js";
import type { ClockSpec } from "../followup/index.js";
import { parseCallRate, parseClockFlag, parseFlowFlag, parseForwardUrl, setUpOutbound } from "./serve-outbound.js";

interface ServeFlags {
  port: number;
  host: string;
  db: string;
  authHeader?: string;
  readAuthHeader?: string;
  insecure?: boolean;
  allow8x8?: boolean;
  allow?: string[];
  trustProxy?: boolean;
  handlerTimeout?: number;
  bodyLimit?: number;
  vcaWrites?: "write-behind" | "sync";
  drainTimeout?: number;
  flow?: string[];
  controlAuthHeader?: string;
  maxCallRate?: number;
  forwardOutcomes?: string;
  forwardAuthHeader?: string;
  clock?: ClockSpec;
}

/** What `--drain-timeout` is when not given: the server's own default (10 s). */
const DEFAULT_DRAIN_TIMEOUT_MS = 10_000;

async function serve(file: string, flags: ServeFlags, io: CliIo): Promise<void> {
  const secret = flags.authHeader ?? io.env.SWITCHBOARD_WEBHOOK_AUTH;
  const readSecret = flags.readAuthHeader ?? io.env.SWITCHBOARD_READ_AUTH;
  if (!secret && !flags.insecure) {
    throw new UsageError("SB_SERVER_NO_SECRET", "no webhook secret: pass --auth-header SECRET or set SWITCHBOARD_WEBHOOK_AUTH (the httpAuthHeader you registered), or --insecure for local use");
  }
  if (secret && flags.insecure) throw new UsageError("SB_CLI_CONFLICTING_FLAGS", "--insecure: a webhook secret is set as well; drop one of them");
  const [{ loadIvr }, { createServer, EIGHT_BY_EIGHT_WEBHOOK_ADDRESSES }, { openStore }] = await Promise.all([
    import("../ivr/index.js"),
    import("../server/index.js"),
    import("../store/index.js"),
  ]);

  let app;
  try {
    app = await loadIvr(inCwd(io, file));
  } catch (error) {
    throw new UsageError(causeCode(error, "SB_CLI_IVR_LOAD_FAILED"), `cannot load ${file}: ${(error as Error).message}`);
  }
  let store;
  try {
    store = await openStore(dbUrlInCwd(io, flags.db), flags.vcaWrites ? { vcaWrites: flags.vcaWrites } : {});
  } catch (error) {
    throw new CommandFailed(causeCode(error, "SB_STORE_UNAVAILABLE"), `--db ${redactDbUrl(flags.db)}: ${(error as Error).message}`);
  }
  let outbound;
  try {
    outbound = await setUpOutbound(flags, io, { file, app }, store);
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
  const drainTimeout = flags.drainTimeout ?? DEFAULT_DRAIN_TIMEOUT_MS;
  const allowlist = [...(flags.allow8x8 ? EIGHT_BY_EIGHT_WEBHOOK_ADDRESSES : []), ...(flags.allow ?? [])];
  const server = createServer({
    app,
    store,
    closeStore: true,
    ...(outbound ? { apps: outbound.apps, ...outbound.serverOptions } : {}),
    ...(secret ? { authHeader: secret } : { insecure: true }),
    ...(readSecret ? { readAuthHeader: readSecret } : {}),
    ...(allowlist.length > 0 ? { allowlist } : {}),
    trustProxy: flags.trustProxy ?? false,
    ...(flags.handlerTimeout ? { handlerTimeoutMs: flags.handlerTimeout } : {}),
    ...(flags.bodyLimit ? { bodyLimit: flags.bodyLimit } : {}),
    drainTimeoutMs: drainTimeout,
    logger: await stderrLogger("info", io),
  });
  try {
    await outbound?.register(server);
    await server.listen({ port: flags.port, host: flags.host });
  } catch (error) {
    await server.close();
    throw cannotListen(error, "--port", flags.host, flags.port);
  }
  const address = server.server.address();
  const port = typeof address === "object" && address ? address.port : flags.port;
  const base = `http://${flags.host.includes(":") ? `[${flags.host}]` : flags.host}:${port}`;
  const lines = [
    `switchboard serving ${app.name} (${file})`,
    `  listening on  ${base}`,
    `  VCA webhook   ${base}/webhooks/vca`,
    `  VSS webhook   ${base}/webhooks/vss`,
    `  VCS webhook   ${base}/webhooks/vcs`,
    `  read API      ${base}/api/sessions`,
    `  dashboard     ${base}/  (${secret || readSecret ? "sign in with the read secret" : "open to anyone who can reach it: no read secret"})`,
    `  metrics       ${base}/metrics`,
    ...(outbound?.describe(base) ?? []),
    `  store         ${redactDbUrl(flags.db)}`,
    `  auth          ${secret ? "Authorization header required" : "NONE (--insecure)"}${allowlist.length ? `; allowlist of ${allowlist.length} address(es)` : ""}`,
  ];
  writeLine(io.stdout, lines.join("\n"));
  if (!secret && !LOOPBACK_HOSTS.has(flags.host)) {
    io.stderr.write(`warning: --insecure on ${flags.host}: anyone who can reach this address can drive your IVR and read its sessions; set a webhook secret instead [SB_CLI_INSECURE_REMOTE]\n`);
  }

  const reason = await untilStopped(io);
  writeLine(io.stdout, `${reason}: closing the server (draining open connections for up to ${formatDuration(drainTimeout)})`);
  // The drain: open connections are answered, then the store closes, then the last connections;
  // within --drain-timeout whatever is still open (docs/server.md, "Stopping and draining"). A
  // failure while closing changes nothing for the user: the process or test is ending anyway.
  await server.close().catch(() => undefined);
}

/** Registers `switchboard serve`. */
export function serveCommand(program: Command, io: CliIo): void {
  program
    .command("serve")
    .description("run the webhook server for a flow file or a handlers module")
    .argument("<ivr>", "a flow file (.yaml, .yml, .json) or a handlers module (.ts, .js)")
    .option("--port <port>", "port to listen on", parsePort, 3000)
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--db <url>", "store: sqlite:PATH or postgres://user@host:5432/db[?schema=NAME]", parseDbUrl, "sqlite:./switchboard.db")
    .option("--auth-header <secret>", "webhook secret, compared with the Authorization header (env SWITCHBOARD_WEBHOOK_AUTH)")
    .option("--read-auth-header <secret>", "separate secret for the read API (env SWITCHBOARD_READ_AUTH; default: the webhook secret)")
    .option("--insecure", "accept webhooks without a secret (local use only)")
    .option("--allow-8x8", "accept webhooks only from 8x8's published source addresses (plus any --allow)")
    .option("--allow <address>", "accept webhooks from this address too (repeatable)", collectAddress)
    .option("--trust-proxy", "read the client address from X-Forwarded-For (only behind your own proxy)")
    .option("--handler-timeout <ms>", "time budget for answering a VCA before the fallback is sent (default 2000)", parseHandlerTimeout)
    .option("--body-limit <bytes>", "largest accepted request body (default 65536)", parseBodyLimit)
    .option("--vca-writes <mode>", "SQLite: commit each VCA's exchange after answering (write-behind, default) or before (sync); see docs/store.md", parseVcaWrites)
    .option(
      "--drain-timeout <duration>",
      "on SIGTERM/SIGINT, how long to keep answering requests on open connections before closing them: 10s, 500ms, 1m or milliseconds (default 10s)",
      parseDrainTimeout,
    )
    .option("--control-auth-header <secret>", "turn on the control API for outbound calls (switchboard call, campaign) with this secret (env SWITCHBOARD_CONTROL_AUTH); calls are placed with EIGHTX8_API_KEY and EIGHTX8_SUBACCOUNT_ID")
    .option("--flow <name=file>", "an outbound flow calls can be placed on, by name (repeatable; the served flow is the default)", parseFlowFlag)
    .option("--max-call-rate <n>", "most outbound calls per second across all calls and campaigns (default 10)", parseCallRate)
    .option("--forward-outcomes <url>", "post each session's outcome as JSON to this URL, from a durable outbox (retried until it answers 2xx)", parseForwardUrl)
    .option("--forward-auth-header <value>", "the Authorization header sent with forwarded outcomes (env SWITCHBOARD_FORWARD_AUTH)")
    .option(
      "--clock <mode>",
      "the outbound scheduler's clock: real (default), or instant[@ISO time] for tests: simulated time that jumps to the next retry whenever nothing is in progress (see docs/outbound.md)",
      parseClockFlag,
    )
    .addHelpText("after", `
Serves /webhooks/vca, /webhooks/vss and /webhooks/vcs for 8x8, the read API (/api/sessions), the
dashboard (/, signed in with the read secret) and /metrics until Ctrl-C or SIGTERM. Register the
webhooks with switchboard webhooks setup.

Examples:
  $ SWITCHBOARD_WEBHOOK_AUTH=s3cret switchboard serve examples/restaurant.yaml --port 3000
  $ switchboard serve my-ivr.yaml --insecure                        # local use, no secret
  $ switchboard serve handlers.ts --db postgres://ivr@db:5432/ivr --allow-8x8 --auth-header "$SECRET"
  $ switchboard serve reception.yaml --control-auth-header "$CONTROL" --flow reminder=reminder.yaml   # outbound calls too
  $ switchboard serve reminder.yaml --control-auth-header "$CONTROL" --clock instant   # retries on simulated time, against the simulator (tests)`)
    .action((file: string, flags: ServeFlags) => serve(file, flags, io));
}
