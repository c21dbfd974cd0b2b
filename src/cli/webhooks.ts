/**
 * `switchboard webhooks …`: register, list and delete the subaccount's webhooks. `setup`
 * registers the two an IVR needs (VCA and VSS), then lists them back and checks them.
 */
import { Command, Option } from "commander";
import { VoiceNotFoundError, type VoiceClient } from "../client/index.js";
import { WEBHOOK_TYPES, type Webhook, type WebhookType } from "../voice/index.js";
import { reportClientErrors } from "./cli-errors.js";
import { clientFor, withPlatformOptions, type PlatformFlags } from "./platform-config.js";
import type { CliIo } from "./io.js";
import { formatJson, formatTable } from "./table.js";
import { absoluteHttpUrl, warnIfPlainHttp } from "./urls.js";
import { CommandFailed, UsageError } from "./usage-error.js";
import { checkWebhooks, describeProblems, type WebhookCheck } from "./webhook-check.js";

const EXAMPLE_BASE = "https://ivr.example.com";

function webhookType(source: string, value: string): WebhookType {
  const upper = value.toUpperCase();
  if (!(WEBHOOK_TYPES as readonly string[]).includes(upper)) {
    throw new UsageError("SB_CLI_INVALID_WEBHOOK_TYPE", `${source} ${JSON.stringify(value)} is not a webhook type: expected one of ${WEBHOOK_TYPES.join(", ")}`);
  }
  return upper as WebhookType;
}

/** A webhook URL from a flag: absolute http(s), with a warning when it is plain http and remote. */
function webhookUrl(flag: string, value: string, io: CliIo): string {
  absoluteHttpUrl(flag, value, `${EXAMPLE_BASE}/webhooks/vca`);
  warnIfPlainHttp(flag, value, io.stderr);
  return value;
}

/** `<base>/webhooks/<name>`, keeping any path prefix of the base. */
export function webhookUrlUnder(base: URL, name: string): string {
  const url = new URL(base.href);
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/webhooks/${name}`;
  url.search = "";
  url.hash = "";
  return url.href;
}

function webhookRows(webhooks: readonly Webhook[]): string[][] {
  return webhooks.map((hook) => [hook.type, hook.url, hook.enabled ? "yes" : "no", hook.httpAuthHeaderAvailable ? "set" : "none"]);
}

function checkRows(checks: readonly WebhookCheck[]): string[][] {
  return checks.map((check) => [
    check.type,
    check.listed?.url ?? "-",
    check.listed ? (check.listed.enabled ? "yes" : "no") : "-",
    check.listed ? (check.listed.httpAuthHeaderAvailable ? "set" : "none") : "-",
    check.problems.length === 0 ? "ok" : check.problems.join("; "),
  ]);
}

interface CreateOptions extends PlatformFlags {
  type: string;
  url: string;
  authHeader?: string;
  disabled?: boolean;
}

interface SetupOptions extends PlatformFlags {
  url?: string;
  vcaUrl?: string;
  vssUrl?: string;
  authHeader?: string;
  json?: boolean;
}

async function setup(options: SetupOptions, io: CliIo): Promise<void> {
  if (options.url === undefined && (options.vcaUrl === undefined || options.vssUrl === undefined)) {
    throw new UsageError("SB_CLI_MISSING_URL", `missing --url: pass the public base URL of your server, e.g. --url ${EXAMPLE_BASE} (or both --vca-url and --vss-url)`);
  }
  const base = options.url === undefined ? undefined : absoluteHttpUrl("--url", options.url, EXAMPLE_BASE);
  if (options.url !== undefined) warnIfPlainHttp("--url", options.url, io.stderr);
  const vcaUrl = options.vcaUrl !== undefined ? webhookUrl("--vca-url", options.vcaUrl, io) : webhookUrlUnder(base!, "vca");
  const vssUrl = options.vssUrl !== undefined ? webhookUrl("--vss-url", options.vssUrl, io) : webhookUrlUnder(base!, "vss");
  const client = clientFor(options, io);
  const authHeader = options.authHeader;
  const wanted = [
    { type: "VCA" as const, url: vcaUrl, authHeader: authHeader !== undefined },
    { type: "VSS" as const, url: vssUrl, authHeader: authHeader !== undefined },
  ];
  const checks = await reportClientErrors(async () => {
    for (const want of wanted) await client.webhooks.create({ type: want.type, url: want.url, authHeader, enabled: true });
    const { webhooks } = await client.webhooks.list();
    return checkWebhooks(wanted, webhooks);
  });
  const ok = checks.every((check) => check.problems.length === 0);
  if (options.json) {
    io.stdout.write(formatJson({
      subAccountId: client.subaccountId,
      ok,
      webhooks: checks.map((check) => ({ type: check.type, expectedUrl: check.expectedUrl, listed: check.listed, problems: check.problems })),
    }));
  } else {
    io.stdout.write(`Webhooks of subaccount ${client.subaccountId}:\n`);
    io.stdout.write(formatTable(["TYPE", "URL", "ENABLED", "AUTH HEADER", "CHECK"], checkRows(checks)));
    if (ok) io.stdout.write("VCA and VSS are registered, enabled and point where asked.\n");
  }
  if (!ok) {
    throw new CommandFailed("SB_CLI_WEBHOOK_CHECK_FAILED", `webhook check failed: ${describeProblems(checks)}`);
  }
}

async function list(options: PlatformFlags & { json?: boolean }, io: CliIo): Promise<void> {
  const client = clientFor(options, io);
  const listed = await reportClientErrors(() => client.webhooks.list());
  const webhooks = listed.webhooks.map((hook) => ({ type: hook.type, url: hook.url, enabled: hook.enabled, httpAuthHeaderAvailable: hook.httpAuthHeaderAvailable }));
  if (options.json) {
    io.stdout.write(formatJson({ subAccountId: client.subaccountId, webhooks }));
  } else if (webhooks.length === 0) {
    io.stdout.write(`No webhooks are registered on subaccount ${client.subaccountId}.\n`);
  } else {
    io.stdout.write(formatTable(["TYPE", "URL", "ENABLED", "AUTH HEADER"], webhookRows(webhooks)));
  }
}

async function create(options: CreateOptions, io: CliIo): Promise<void> {
  const type = webhookType("--type", options.type);
  const url = webhookUrl("--url", options.url, io);
  const client = clientFor(options, io);
  const enabled = options.disabled !== true;
  await reportClientErrors(() => client.webhooks.create({ type, url, authHeader: options.authHeader, enabled }));
  const auth = options.authHeader === undefined ? "" : ", with an auth header";
  io.stdout.write(`Registered the ${type} webhook of subaccount ${client.subaccountId}: ${url} (${enabled ? "enabled" : "disabled"}${auth}).\n`);
}

type DeleteOptions = PlatformFlags & { ifExists?: boolean };

/**
 * The delete, or null when nothing of that type is registered. The platform answers 404 both for
 * a missing webhook and a missing subaccount; listing the webhooks tells the two apart (it 404s
 * only for the subaccount), and costs a request only on that path.
 */
async function deleteIfThere(client: VoiceClient, type: WebhookType) {
  try {
    return await client.webhooks.delete(type);
  } catch (error) {
    if (!(error instanceof VoiceNotFoundError)) throw error;
    try {
      await client.webhooks.list();
    } catch (listing) {
      if (!(listing instanceof VoiceNotFoundError)) throw listing;
      throw new CommandFailed("SB_CLIENT_NOT_FOUND", `subaccount ${JSON.stringify(client.subaccountId)} does not exist (the platform answered 404 to listing its webhooks): check EIGHTX8_SUBACCOUNT_ID or --subaccount`);
    }
    return null;
  }
}

async function remove(typeArgument: string, options: DeleteOptions, io: CliIo): Promise<void> {
  const type = webhookType("TYPE", typeArgument);
  const client = clientFor(options, io);
  const deleted = await reportClientErrors(() => deleteIfThere(client, type));
  if (deleted === null) {
    const none = `no ${type} webhook is registered on subaccount ${client.subaccountId}`;
    if (options.ifExists) return void io.stdout.write(`Nothing to delete: ${none}.\n`);
    throw new CommandFailed("SB_CLIENT_NOT_FOUND", `${none}: nothing to delete (with --if-exists, that exits 0)`);
  }
  const was = typeof deleted.url === "string" ? ` (it pointed at ${deleted.url})` : "";
  io.stdout.write(`Deleted the ${type} webhook of subaccount ${client.subaccountId}${was}.\n`);
}

/** Registers `switchboard webhooks` and its subcommands. */
export function webhooksCommands(program: Command, io: CliIo): void {
  const webhooks = program
    .command("webhooks")
    .description("register, check, list and delete the 8x8 webhooks of your subaccount")
    .addHelpText("after", `
The IVR needs two webhooks: VCA (Voice Call Action: the platform asks your server what to do
next during a call) and VSS (Voice Session Summary: the outcome, once the session ended).

Examples:
  $ switchboard webhooks setup --url ${EXAMPLE_BASE}
  $ switchboard webhooks list
  $ switchboard webhooks delete VCA`);

  withPlatformOptions(webhooks.command("setup"))
    .description("register the VCA and VSS webhooks, then list them and check both are enabled and point where asked")
    .option("--url <base>", "public base URL of your server; registers <base>/webhooks/vca and <base>/webhooks/vss")
    .option("--vca-url <url>", "explicit VCA URL (instead of <base>/webhooks/vca)")
    .option("--vss-url <url>", "explicit VSS URL (instead of <base>/webhooks/vss)")
    .option("--auth-header <secret>", "secret the platform sends as the Authorization header of every delivery")
    .option("--json", "print the check as JSON (see docs/webhook-setup.md)")
    .addHelpText("after", `
Safe to run again: registering a type that exists replaces its URL. Exits 1 and names every
difference when the check fails, 2 on bad input.

Examples:
  $ export EIGHTX8_API_KEY=... EIGHTX8_SUBACCOUNT_ID=acme_ivr
  $ switchboard webhooks setup --url ${EXAMPLE_BASE}
  $ switchboard webhooks setup --url ${EXAMPLE_BASE} --auth-header "$WEBHOOK_SECRET"
  $ switchboard webhooks setup --vca-url ${EXAMPLE_BASE}/ivr/vca --vss-url https://events.example.com/vss`)
    .action((options: SetupOptions) => setup(options, io));

  withPlatformOptions(webhooks.command("list"))
    .description("list the webhooks registered on the subaccount")
    .option("--json", 'print JSON: { "subAccountId", "webhooks": [{ "type", "url", "enabled", "httpAuthHeaderAvailable" }] }')
    .addHelpText("after", `
Examples:
  $ switchboard webhooks list
  $ switchboard webhooks list --json | jq -r '.webhooks[] | select(.type == "VCA") | .url'`)
    .action((options: PlatformFlags & { json?: boolean }) => list(options, io));

  withPlatformOptions(webhooks.command("create"))
    .description("register (or replace) one webhook")
    .addOption(new Option("--type <type>", `webhook type: ${WEBHOOK_TYPES.join(", ")}`).makeOptionMandatory())
    .addOption(new Option("--url <url>", "absolute URL the platform POSTs deliveries to (https in production)").makeOptionMandatory())
    .option("--auth-header <secret>", "secret the platform sends as the Authorization header of every delivery")
    .option("--disabled", "register it disabled")
    .addHelpText("after", `
Examples:
  $ switchboard webhooks create --type VCS --url ${EXAMPLE_BASE}/webhooks/vcs
  $ switchboard webhooks create --type VCA --url ${EXAMPLE_BASE}/webhooks/vca --auth-header "$WEBHOOK_SECRET"`)
    .action((options: CreateOptions) => create(options, io));

  withPlatformOptions(webhooks.command("delete"))
    .description("delete the webhook of one type (exit 1 when none is registered, 0 with --if-exists)")
    .argument("<TYPE>", `webhook type: ${WEBHOOK_TYPES.join(", ")}`)
    .option("--if-exists", "exit 0 when no webhook of that type is registered (for scripts that tear down)")
    .addHelpText("after", `
Examples:
  $ switchboard webhooks delete VCA
  $ switchboard webhooks delete vss --if-exists`)
    .action((type: string, options: DeleteOptions) => remove(type, options, io));
}
