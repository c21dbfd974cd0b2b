/**
 * `switchboard call --to <E.164> --from <number>`: places one outbound call on a flow through the
 * running server's control API (the server owns outbound requests and places them with its own
 * 8x8 credentials), prints the sessionId and clientRequestId, and with `--wait` follows the call
 * through its retries to its final outcome.
 *
 * @example
 * SWITCHBOARD_CONTROL_AUTH=c0ntrol switchboard call --to +6590000002 --from +6560000001 --var name=Ada --wait
 */
import type { Command } from "commander";
import type { PlacedCall } from "../followup/index.js";
import { parseDuration } from "../util/index.js";
import { readDotenv } from "./dotenv.js";
import { writeLine, type CliIo } from "./io.js";
import { parseServerUrl } from "./serve-flags.js";
import { CommandFailed, UsageError } from "./usage-error.js";

interface CallFlags {
  to: string;
  from: string;
  flow?: string;
  var?: Record<string, string>;
  validFor?: string;
  timezone?: string;
  wait?: boolean;
  timeout?: number;
  json?: boolean;
  server: string;
  controlAuthHeader?: string;
}

const DEFAULT_SERVER = "http://127.0.0.1:3000";

/** Reads one `--var name=value` into the map of variables. */
export function collectVar(text: string, previous: Record<string, string> = {}): Record<string, string> {
  const equals = text.indexOf("=");
  if (equals <= 0) throw new UsageError("SB_CLI_INVALID_FLAG", `--var ${JSON.stringify(text)}: expected name=value, e.g. --var name=Ada`);
  return { ...previous, [text.slice(0, equals)]: text.slice(equals + 1) };
}

/** Reads `--timeout`: a duration such as 30s or 10m. */
export function parseFollowTimeout(text: string): number {
  const ms = parseDuration(text);
  if (ms === null || ms < 1000 || ms > 24 * 3_600_000) throw new UsageError("SB_CLI_INVALID_FLAG", `--timeout ${JSON.stringify(text)}: expected a duration from 1s to 24h, e.g. 30s or 10m`);
  return ms;
}

async function call(flags: CallFlags, io: CliIo): Promise<void> {
  const secret = flags.controlAuthHeader ?? io.env.SWITCHBOARD_CONTROL_AUTH ?? readDotenv(io.cwd).SWITCHBOARD_CONTROL_AUTH;
  if (!secret) throw new UsageError("SB_CLI_CONTROL_AUTH_REFUSED", "no control secret: pass --control-auth-header or set SWITCHBOARD_CONTROL_AUTH to the server's --control-auth-header");
  const { placeCall } = await import("../followup/index.js");
  let placed: PlacedCall;
  try {
    placed = await placeCall({
      server: flags.server,
      controlAuthHeader: secret,
      to: flags.to,
      from: flags.from,
      ...(flags.flow ? { flow: flags.flow } : {}),
      ...(flags.var ? { vars: flags.var } : {}),
      ...(flags.validFor ? { validFor: flags.validFor } : {}),
      ...(flags.timezone ? { timezone: flags.timezone } : {}),
      wait: flags.wait === true,
      ...(flags.timeout ? { timeoutMs: flags.timeout } : {}),
      signal: io.signal,
    });
  } catch (error) {
    throw asCliError(error);
  }
  if (flags.json) writeLine(io.stdout, JSON.stringify(placed, null, 2));
  else writeLine(io.stdout, describe(placed));
  if (flags.wait && placed.state !== "completed") {
    throw new CommandFailed("SB_CLI_CALL_NOT_COMPLETED", `call ${placed.requestId} ended ${placed.state} after ${placed.attempts} attempt(s)`);
  }
}

function describe(placed: PlacedCall): string {
  const lines = [`call ${placed.requestId}: ${placed.state}${placed.outcome ? ` (${placed.outcome})` : ""}, ${placed.attempts} attempt(s)`];
  for (const attempt of placed.attemptLog) {
    const what = [attempt.state, attempt.sessionStatus, attempt.errorCode === null ? null : `code ${attempt.errorCode}`].filter(Boolean).join(", ");
    lines.push(`  ${attempt.clientRequestId}  session ${attempt.sessionId ?? "(none yet)"}  ${what}`);
  }
  if (placed.attemptLog.length === 0) lines.push(`  clientRequestId ${placed.clientRequestId}: not sent yet`);
  return lines.join("\n");
}

/** The followup client's errors carry CLI codes; usage ones exit 2, the rest 1. */
function asCliError(error: unknown): Error {
  const code = (error as { code?: string }).code;
  const message = (error as Error).message;
  if (code === "SB_CLI_INVALID_FLAG") {
    const [field, ...rest] = message.split(": ");
    return new UsageError("SB_CLI_INVALID_FLAG", `--${field === "vars" ? "var" : field}: ${rest.join(": ")}`);
  }
  if (code === "SB_CLI_CONTROL_AUTH_REFUSED") return new UsageError(code, message);
  if (code === "SB_CLI_SERVER_UNREACHABLE" || code === "SB_CLI_CONTROL_API_OFF" || code === "SB_CLI_CONTROL_API_FAILED" || code === "SB_CLI_OUTBOUND_TIMEOUT") {
    return new CommandFailed(code, message);
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** Registers `switchboard call`. */
export function callCommand(program: Command, io: CliIo): void {
  program
    .command("call")
    .description("place one outbound call through the running server, and follow it with --wait")
    .requiredOption("--to <number>", "the number to call, E.164 (e.g. +6590000002)")
    .requiredOption("--from <number>", "your 8x8 virtual number, E.164")
    .option("--flow <name|path>", "an outbound flow the server loaded (serve --flow name=file), by name or path (default: the flow serve runs)")
    .option("--var <name=value>", "a variable for the flow's templates (repeatable)", collectVar)
    .option("--valid-for <duration>", "how long 8x8 may start each attempt (default 10m)")
    .option("--timezone <Area/City>", "the callee's IANA time zone, for the flow's calling window")
    .option("--wait", "follow the call through its retries to its end; exit 1 unless it completed")
    .option("--timeout <duration>", "how long to follow the call (default 60s, or 10m with --wait)", parseFollowTimeout)
    .option("--json", "print JSON")
    .option("--server <url>", "the server's base URL (env SWITCHBOARD_SERVER)", parseServerUrl, io.env.SWITCHBOARD_SERVER ?? DEFAULT_SERVER)
    .option("--control-auth-header <secret>", "the server's control secret (env SWITCHBOARD_CONTROL_AUTH); never the read secret")
    .addHelpText("after", `
The server places the call with its own 8x8 credentials, retries it as the flow's retry policy
says (busy, no answer, ...), and keeps every attempt; see docs/outbound.md.

Examples:
  $ switchboard call --to +6590000002 --from +6560000001 --var name=Ada
  $ switchboard call --to +6590000002 --from +6560000001 --flow reminder --wait --json
  $ SWITCHBOARD_SERVER=https://ivr.example.com switchboard call --to +6590000002 --from +6560000001`)
    .action((flags: CallFlags) => call(flags, io));
}
