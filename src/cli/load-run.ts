/**
 * What `switchboard load` runs (see load.ts): checks the flags, starts the IVR server for a flow
 * (or takes `--url`'s), drives the calls (load-driver.ts) with a progress display, prints the
 * report, and fails when a summary was lost. Imported only when the command runs.
 *
 * Fallbacks are counted by the server's own metrics when the server runs here, else by the
 * `x-switchboard-fallback` header on VCA answers (a server that does not mark them shows 0).
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Flow, IvrApp } from "../ivr/index.js";
import type { IvrServer } from "../server/index.js";
import { causeCode } from "./cli-errors.js";
import { examplePaths } from "./dev-hints.js";
import { dbUrlInCwd, inCwd, writeLine, type CliIo } from "./io.js";
import { driveLoad, type LoadTarget } from "./load-driver.js";
import { loadProgress } from "./load-progress.js";
import { formatReport, loadReport, type LoadReport } from "./load-report.js";
import { stderrLogger } from "./logger.js";
import { callerName, parsePressScript, type CallerScript } from "./press-script.js";
import { redactDbUrl } from "./serve-flags.js";
import { CommandFailed, UsageError } from "./usage-error.js";

/** The flags of `switchboard load`, as commander parses them. */
export interface LoadFlags {
  url?: string;
  vssUrl?: string;
  authHeader?: string;
  calls: number;
  concurrency: number;
  press?: string[];
  pressScript?: string;
  db?: string;
  callTimeout: number;
  json?: boolean;
}

const WEBHOOKS = { VCA: "/webhooks/vca", VSS: "/webhooks/vss", VCS: "/webhooks/vcs" } as const;

function httpUrl(flag: string, text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError("SB_CLI_INVALID_URL", `${flag}: "${text}" is invalid; expected a URL such as http://127.0.0.1:3000`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new UsageError("SB_CLI_INVALID_URL", `${flag}: "${text}" is invalid; expected an http:// or https:// URL`);
  return url;
}

/**
 * `--url`'s webhooks: a base URL gets Switchboard's paths; a VCA webhook URL ending in `vca` gets
 * its siblings ending in `vss` and `vcs`; any other path needs `--vss-url`.
 */
export function targetOfUrl(flags: Pick<LoadFlags, "url" | "vssUrl">): Omit<LoadTarget, "authHeader"> {
  const url = httpUrl("--url", flags.url!);
  const vssUrl = flags.vssUrl === undefined ? undefined : httpUrl("--vss-url", flags.vssUrl).href;
  if (url.pathname === "/" && url.search === "") {
    return { vcaUrl: new URL(WEBHOOKS.VCA, url).href, vssUrl: vssUrl ?? new URL(WEBHOOKS.VSS, url).href, vcsUrl: new URL(WEBHOOKS.VCS, url).href };
  }
  const sibling = (type: string) => (/vca\/?$/i.test(url.pathname) ? Object.assign(new URL(url.href), { pathname: url.pathname.replace(/vca(\/?)$/i, `${type}$1`) }).href : undefined);
  const derived = sibling("vss");
  if (vssUrl === undefined && derived === undefined) {
    throw new UsageError("SB_CLI_MISSING_URL", `--url: "${flags.url}" does not end in vca, so the VSS webhook cannot be derived from it; give --vss-url too`);
  }
  const vcsUrl = sibling("vcs");
  return { vcaUrl: url.href, vssUrl: vssUrl ?? derived!, ...(vcsUrl !== undefined ? { vcsUrl } : {}) };
}

/** The callers the flags name: the press script's, or `--press` for everyone; undefined for the default. */
async function givenCallers(flags: LoadFlags, io: CliIo): Promise<CallerScript[] | undefined> {
  if (flags.pressScript !== undefined) {
    let text: string;
    try {
      text = await readFile(inCwd(io, flags.pressScript), "utf8");
    } catch (error) {
      throw new UsageError("SB_CLI_FILE_UNREADABLE", `--press-script: cannot read ${flags.pressScript}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    return parsePressScript(text, flags.pressScript);
  }
  if (flags.press !== undefined) return [{ name: callerName(flags.press), press: flags.press, weight: 1 }];
  return undefined;
}

/** Without --press: a flow's callers take the paths `dev` suggests (each ends in a hangup or transfer), in turn; others press nothing. */
function defaultCallers(app: IvrApp | undefined): CallerScript[] {
  const flow = app && "flow" in app ? (app as { flow: Flow }).flow : undefined;
  const paths = flow ? examplePaths(flow) : [];
  if (paths.length === 0) return [{ name: "silent", press: [], weight: 1 }];
  return paths.map((path) => ({ name: callerName(path.press), press: path.press, weight: 1 }));
}

function checkFlags(flow: string | undefined, flags: LoadFlags): void {
  if (flow === undefined && flags.url === undefined) throw new UsageError("SB_CLI_INVALID_FLAG", "load: give a flow file to run, or --url of an IVR server already running");
  if (flow !== undefined && flags.url !== undefined) throw new UsageError("SB_CLI_CONFLICTING_FLAGS", `--url: a flow (${flow}) is given as well; drop one of them`);
  if (flags.press !== undefined && flags.pressScript !== undefined) throw new UsageError("SB_CLI_CONFLICTING_FLAGS", "--press: --press-script is given as well; drop one of them");
  if (flags.url === undefined) {
    for (const [flag, value] of [["--vss-url", flags.vssUrl], ["--auth-header", flags.authHeader]] as const) {
      if (value !== undefined) throw new UsageError("SB_CLI_CONFLICTING_FLAGS", `${flag}: only used with --url; a flow run here gets a generated secret`);
    }
  } else if (flags.db !== undefined) {
    throw new UsageError("SB_CLI_CONFLICTING_FLAGS", "--db: only used with a flow run here; the server at --url has its own store");
  }
}

/** Starts the server for a flow on a free loopback port, with a store of its own; `cleanup` closes both. */
async function startFlowServer(flow: string, flags: LoadFlags, io: CliIo): Promise<{ ivr: IvrServer; secret: string; cleanup(): Promise<void> }> {
  const { generateSecret, startIvrServer } = await import("../server/index.js");
  const secret = generateSecret();
  const folder = flags.db === undefined ? await mkdtemp(join(tmpdir(), "switchboard-load-")) : undefined;
  const db = folder !== undefined ? `sqlite:${join(folder, "load.db")}` : dbUrlInCwd(io, flags.db!);
  const removeFolder = async () => {
    if (folder !== undefined) await rm(folder, { recursive: true, force: true });
  };
  let ivr: IvrServer;
  try {
    // Logs are off unless LOG_LEVEL asks for them: a failing handler would log once per call.
    const logger = io.env.LOG_LEVEL !== undefined ? await stderrLogger("warn", io) : false;
    ivr = await startIvrServer({ flow: inCwd(io, flow), authHeader: secret, db, port: 0, host: "127.0.0.1", server: { logger } });
  } catch (error) {
    await removeFolder();
    const code = causeCode(error, "SB_CLI_IVR_LOAD_FAILED");
    if (code.startsWith("SB_STORE")) throw new CommandFailed(code, `--db ${redactDbUrl(flags.db ?? db)}: ${(error as Error).message}`);
    throw new UsageError(code, `cannot start the IVR server for ${flow}: ${(error as Error).message}`);
  }
  return {
    ivr,
    secret,
    async cleanup() {
      await ivr.close();
      await removeFolder();
    },
  };
}

/** Runs `switchboard load`: see the module comment. Throws CommandFailed (exit 1) when a summary was lost or a call did not end. */
export async function runLoad(flow: string | undefined, flags: LoadFlags, io: CliIo): Promise<void> {
  checkFlags(flow, flags);
  const given = await givenCallers(flags, io);
  const concurrency = Math.min(flags.concurrency, flags.calls);
  let report: LoadReport;
  if (flow !== undefined) {
    const server = await startFlowServer(flow, flags, io);
    try {
      const callers = given ?? defaultCallers(server.ivr.app);
      const fallbacks = server.ivr.fastify.switchboardMetrics.fallbacks;
      const before = fallbacks.total();
      const target = { vcaUrl: `${server.ivr.url}${WEBHOOKS.VCA}`, vssUrl: `${server.ivr.url}${WEBHOOKS.VSS}`, vcsUrl: `${server.ivr.url}${WEBHOOKS.VCS}`, authHeader: server.secret };
      const result = await run(flags, io, target, callers);
      report = loadReport(result, { target: flow, concurrency, fallbacks: { count: fallbacks.total() - before, countedBy: "server metrics" } });
    } finally {
      await server.cleanup();
    }
  } else {
    const target = { ...targetOfUrl(flags), ...authOf(flags, io) };
    const callers = given ?? defaultCallers(undefined);
    const result = await run(flags, io, target, callers);
    report = loadReport(result, { target: flags.url!, concurrency, fallbacks: { count: result.fallbacksMarked, countedBy: "x-switchboard-fallback header" } });
  }

  if (flags.json) writeLine(io.stdout, JSON.stringify(report, null, 2));
  else for (const line of formatReport(report)) writeLine(io.stdout, line);
  const { lost } = report.summaries;
  if (lost > 0 || report.unfinished > 0) {
    const parts = [...(lost > 0 ? [`${lost} of ${report.calls} summaries were lost (never acknowledged with a 2xx)`] : []), ...(report.unfinished > 0 ? [`${report.unfinished} calls did not end within --call-timeout`] : [])];
    throw new CommandFailed("SB_CLI_LOAD_LOST_SUMMARIES", `${parts.join("; ")}: see the report above`);
  }
}

function authOf(flags: LoadFlags, io: CliIo): { authHeader?: string } {
  const secret = flags.authHeader ?? io.env.SWITCHBOARD_WEBHOOK_AUTH;
  return secret !== undefined && secret !== "" ? { authHeader: secret } : {};
}

async function run(flags: LoadFlags, io: CliIo, target: LoadTarget, callers: CallerScript[]) {
  const progress = loadProgress(io.stderr, flags.calls);
  try {
    return await driveLoad({ calls: flags.calls, concurrency: flags.concurrency, callers, callTimeoutMs: flags.callTimeout }, target, (done) => progress.update(done));
  } finally {
    progress.done();
  }
}
