/**
 * `switchboard campaign`: call lists run by the server (`switchboard serve --control-auth-header`),
 * driven through its control API. `campaign start <file>` reads the contacts file here (so its
 * problems point at your file), sends it, starts the campaign and follows its progress until it
 * is complete (Ctrl-C stops following, not the campaign); `pause`, `resume`, `cancel`, `status`,
 * `follow`, `list` and `export` act on one by name. The campaign lives in the server's store: a
 * restart of the server carries on where it stopped, calling nobody twice.
 *
 * @example
 * SWITCHBOARD_CONTROL_AUTH=c0ntrol switchboard campaign start contacts.csv --flow reminder --from +6560000001 --rate 2/s
 * switchboard campaign export contacts --out results.csv
 */
import { createWriteStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Command, OptionValues } from "commander";
import type { CampaignStatus } from "../followup/index.js";
import { campaignClient, ContactsRefused, controlSecret, type CampaignClient, type RowProblem } from "./campaign-client.js";
import { parseCampaignName, parseConcurrency, parseMaxAttempts, parseRate, parseTimezone, parseWindow, nameFromFile } from "./campaign-flags.js";
import { campaignTable, problemLines, progressLine, statusText } from "./campaign-format.js";
import { followCampaign } from "./campaign-follow.js";
import { inCwd, writeLine, type CliIo } from "./io.js";
import { parseServerUrl } from "./serve-flags.js";
import { formatJson } from "./table.js";
import { CommandFailed, UsageError } from "./usage-error.js";

interface ServerFlags {
  server: string;
  controlAuthHeader?: string;
}

interface StartFlags extends ServerFlags {
  flow?: string;
  from: string;
  name?: string;
  rate?: number;
  concurrency?: number;
  maxAttempts?: number;
  window?: string;
  timezone?: string;
  skipInvalid?: boolean;
  follow: boolean;
}

const DEFAULT_SERVER = "http://127.0.0.1:3000";
/** The server's body limit for a campaign (`CAMPAIGN_BODY_LIMIT`), checked here first to say which file is too big. */
const MAX_FILE_BYTES = 32 * 1024 * 1024 - 64 * 1024;

const clientFor = (flags: ServerFlags, io: CliIo): CampaignClient => campaignClient({ server: flags.server, secret: controlSecret(flags.controlAuthHeader, io) });
const path = (name: string, action = "") => `/api/campaigns/${encodeURIComponent(name)}${action}`;

async function readContactsFile(file: string, io: CliIo): Promise<string> {
  const full = inCwd(io, file);
  try {
    const size = (await stat(full)).size;
    if (size > MAX_FILE_BYTES) throw new UsageError("SB_CLI_INVALID_CONTACTS", `${file}: ${Math.round(size / 1024 / 1024)} MB is over the 32 MB a campaign takes: split it`);
    return await readFile(full, "utf8");
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError("SB_CLI_FILE_UNREADABLE", `${file}: cannot read the contacts file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

/** A flow given as a path that exists here goes to the server as an absolute path; a name as it is. */
async function flowValue(flow: string, io: CliIo): Promise<string> {
  const full = inCwd(io, flow);
  const isFile = await stat(full).then((s) => s.isFile(), () => false);
  return isFile ? full : flow;
}

async function start(file: string, flags: StartFlags, io: CliIo): Promise<void> {
  const client = clientFor(flags, io);
  const name = flags.name ?? nameFromFile(file);
  const csv = await readContactsFile(file, io);
  const body = {
    name,
    from: flags.from,
    file,
    csv,
    ...(flags.flow ? { flow: await flowValue(flags.flow, io) } : {}),
    ...(flags.rate !== undefined ? { rate: flags.rate } : {}),
    ...(flags.concurrency !== undefined ? { concurrency: flags.concurrency } : {}),
    ...(flags.maxAttempts !== undefined ? { retry: { maxAttempts: flags.maxAttempts } } : {}),
    ...(flags.window ? { window: flags.window } : {}),
    ...(flags.timezone ? { timezone: flags.timezone } : {}),
    ...(flags.skipInvalid ? { skipInvalid: true } : {}),
  };
  let created: { name: string; total: number; flow: string; skipped: RowProblem[]; skippedCount: number };
  try {
    created = await client.json("POST", "/api/campaigns", body);
  } catch (error) {
    if (!(error instanceof ContactsRefused)) throw error;
    for (const line of problemLines(file, error.problems, error.problemCount)) writeLine(io.stderr, line);
    const rows = new Set(error.problems.map((p) => p.line)).size;
    const why = error.skippable
      ? `${rows}${error.problemCount > error.problems.length ? "+" : ""} invalid row${rows === 1 ? "" : "s"} (listed above): fix them, or pass --skip-invalid to leave them out`
      : "the file cannot be used as it is (listed above)";
    throw new ContactsRefused(`${file}: ${why}; nobody was called`, error.problems, error.problemCount, error.skippable);
  }
  for (const line of problemLines(file, created.skipped, created.skippedCount)) writeLine(io.stderr, `skipped ${line}`);
  const status = await client.json<CampaignStatus>("POST", path(name, "/start"));
  writeLine(io.stdout, `campaign ${name}: ${status.total} contacts from ${file} on flow ${status.flow}, ${status.rate} calls/s, ${status.concurrency} at once; ${status.state}`);
  if (!flags.follow) {
    writeLine(io.stdout, `follow it with: switchboard campaign follow ${name}`);
    return;
  }
  await follow(client, name, io);
}

async function follow(client: CampaignClient, name: string, io: CliIo): Promise<void> {
  const { status, stopped } = await followCampaign(client, name, io);
  if (stopped) {
    writeLine(io.stdout, `stopped following; campaign ${name} goes on in the server (${status.state}): switchboard campaign status ${name}`);
    return;
  }
  writeLine(io.stdout, `campaign ${name} ${status.state}: ${progressLine(status)}`);
  writeLine(io.stdout, `results: switchboard campaign export ${name} --out ${name}-results.csv`);
}

async function act(action: "pause" | "resume" | "cancel", name: string, flags: ServerFlags & { json?: boolean }, io: CliIo): Promise<void> {
  const client = clientFor(flags, io);
  // A campaign created but never started (start --no-follow broke off between the two) resumes by starting.
  const first = action === "resume" && (await client.json<CampaignStatus>("GET", path(name))).state === "CREATED" ? "start" : action;
  const status = await client.json<CampaignStatus & { changed: boolean }>("POST", path(name, `/${first}`));
  if (flags.json) return void io.stdout.write(formatJson(status));
  const done = { pause: "paused", resume: "resumed", cancel: "canceled" }[action];
  writeLine(io.stdout, `campaign ${name} ${status.changed ? done : `was already ${status.state}`}: ${progressLine(status)}`);
}

async function show(name: string, flags: ServerFlags & { json?: boolean }, io: CliIo): Promise<void> {
  const status = await clientFor(flags, io).json<CampaignStatus>("GET", path(name));
  io.stdout.write(flags.json ? formatJson(status) : statusText(status));
}

async function list(flags: ServerFlags & { json?: boolean }, io: CliIo): Promise<void> {
  const { campaigns } = await clientFor(flags, io).json<{ campaigns: CampaignStatus[] }>("GET", "/api/campaigns");
  io.stdout.write(flags.json ? formatJson(campaigns) : campaignTable(campaigns));
}

async function exportResults(name: string, flags: ServerFlags & { json?: boolean; out?: string }, io: CliIo): Promise<void> {
  const response = await clientFor(flags, io).stream(`${path(name, "/export")}?format=${flags.json ? "json" : "csv"}`);
  const source = Readable.fromWeb(response.body as import("node:stream/web").ReadableStream<Uint8Array>);
  try {
    if (flags.out) {
      await pipeline(source, createWriteStream(inCwd(io, flags.out)));
      writeLine(io.stderr, `wrote campaign ${name}'s results to ${flags.out}`);
    } else {
      // Decoded as a stream, so a character split between two chunks stays whole.
      for await (const text of source.setEncoding("utf8")) io.stdout.write(text as string);
    }
  } catch (error) {
    throw new CommandFailed("SB_CLI_CONTROL_API_FAILED", `export of campaign ${name} broke off: ${(error as Error).message}`);
  }
}

const SERVER_HELP = `
Takes the options of \`switchboard campaign\`: --server <url> (env SWITCHBOARD_SERVER) and
--control-auth-header <secret> (env SWITCHBOARD_CONTROL_AUTH).`;

/** Registers `switchboard campaign` and its subcommands. */
export function campaignCommand(program: Command, io: CliIo): void {
  const campaign = program
    .command("campaign")
    .description("run a call list through the running server: start, follow, pause, resume, cancel, status, export")
    .option("--server <url>", "the server's base URL (env SWITCHBOARD_SERVER)", parseServerUrl, io.env.SWITCHBOARD_SERVER ?? DEFAULT_SERVER)
    .option("--control-auth-header <secret>", "the server's control secret (env SWITCHBOARD_CONTROL_AUTH); never the read secret")
    .addHelpText("after", `
The server (switchboard serve --control-auth-header SECRET --flow name=file.yaml) runs the
campaign and keeps its state in its store: a restart carries on without calling anyone twice.
See docs/outbound.md#campaigns.

Examples:
  $ switchboard campaign start contacts.csv --flow reminder --from +6560000001 --rate 2/s --concurrency 20
  $ switchboard campaign status contacts
  $ switchboard campaign export contacts --out results.csv`);

  // The root program is not in positional-options mode, so commander hands --server and
  // --control-auth-header to `campaign` wherever they are: subcommands read them with optsWithGlobals.
  const globals = <T extends OptionValues>(command: Command) => command.optsWithGlobals<T>();

  campaign
    .command("start")
    .description("check a contacts file, create the campaign on the server, start it and follow it")
    .argument("<file>", "the contacts CSV: a phone column (E.164), optional timezone and id columns, and the flow's variables")
    .requiredOption("--from <number>", "your 8x8 virtual number, E.164")
    .option("--flow <name|path>", "the outbound flow the server loaded (serve --flow name=file), by name or path (default: the flow serve runs)")
    .option("--name <name>", "the campaign's name (default: the file's name)", parseCampaignName)
    .option("--rate <calls/s>", "calls per second, retries included: 2, 2/s, 0.5/s or 30/m (default 2/s; the server's --max-call-rate still applies)", parseRate)
    .option("--concurrency <n>", "calls in progress at once (default 20)", parseConcurrency)
    .option("--max-attempts <n>", "attempts per contact, the first included (default: the flow's retry policy)", parseMaxAttempts)
    .option("--window <HH:MM-HH:MM>", "call only within these hours each day, first attempts and retries alike", parseWindow)
    .option("--timezone <Area/City>", "the time zone of contacts without a timezone column (and of --window)", parseTimezone)
    .option("--skip-invalid", "leave out invalid rows (they are listed) instead of calling nobody")
    .option("--no-follow", "start it and return, without the live display")
    .addHelpText("after", `
Every row is checked first (E.164 numbers, a phone or id used twice, unknown columns, time zones,
the variables the flow reads): bad rows are listed as file:line and nobody is called (exit 2),
unless --skip-invalid. The live display shows placed, in progress, completed, unreachable,
failed, retrying and left; Ctrl-C stops following, not the campaign.
${SERVER_HELP}

Examples:
  $ switchboard campaign start contacts.csv --flow reminder --from +6560000001
  $ switchboard campaign start contacts.csv --flow flows/reminder.yaml --from +6560000001 --name spring --rate 5/s --concurrency 50
  $ switchboard campaign start contacts.csv --from +6560000001 --max-attempts 2 --window 09:00-20:00 --timezone Europe/London --skip-invalid --no-follow`)
    .action((file: string, _flags: unknown, command: Command) => start(file, globals<StartFlags>(command), io));

  for (const [action, description, example] of [
    ["pause", "pause a running campaign: no new calls until resume (calls in progress finish)", "switchboard campaign pause spring"],
    ["resume", "resume a paused campaign where it stopped", "switchboard campaign resume spring"],
    ["cancel", "cancel a campaign: contacts not called yet never are (calls in progress finish)", "switchboard campaign cancel spring --json"],
  ] as const) {
    campaign
      .command(action)
      .description(description)
      .argument("<name>", "the campaign's name")
      .option("--json", "print the campaign's status as JSON")
      .addHelpText("after", `${SERVER_HELP}\n\nExamples:\n  $ ${example}`)
      .action((name: string, _flags: unknown, command: Command) => act(action, name, globals(command), io));
  }

  campaign
    .command("status")
    .description("print a campaign's state, settings and progress")
    .argument("<name>", "the campaign's name")
    .option("--json", "print JSON")
    .addHelpText("after", `${SERVER_HELP}\n\nExamples:\n  $ switchboard campaign status spring\n  $ switchboard campaign status spring --json | jq .progress`)
    .action((name: string, _flags: unknown, command: Command) => show(name, globals(command), io));

  campaign
    .command("follow")
    .description("follow a campaign's progress live until it is complete or canceled")
    .argument("<name>", "the campaign's name")
    .addHelpText("after", `${SERVER_HELP}\n\nExamples:\n  $ switchboard campaign follow spring`)
    .action((name: string, _flags: unknown, command: Command) => follow(clientFor(globals(command), io), name, io));

  campaign
    .command("list")
    .description("list the server's campaigns")
    .option("--json", "print JSON")
    .addHelpText("after", `${SERVER_HELP}\n\nExamples:\n  $ switchboard campaign list\n  $ switchboard campaign list --json`)
    .action((_flags: unknown, command: Command) => list(globals(command), io));

  campaign
    .command("export")
    .description("write a campaign's results, one row per contact: outcome, attempts, last session, duration, digits, variables")
    .argument("<name>", "the campaign's name")
    .option("--out <file>", "write to this file instead of stdout")
    .option("--json", "JSON instead of CSV")
    .addHelpText("after", `
CSV columns: id, phone, outcome, attempts, last_session_id, last_status, error_code,
duration_seconds, digits (space-separated, one entry per answered prompt), variables (JSON).
${SERVER_HELP}

Examples:
  $ switchboard campaign export spring --out results.csv
  $ switchboard campaign export spring --json | jq '.rows[] | select(.outcome == "completed")'`)
    .action((name: string, _flags: unknown, command: Command) => exportResults(name, globals(command), io));
}
