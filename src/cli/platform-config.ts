/**
 * Where the CLI finds its platform settings, first match wins: the flags `--api-key`,
 * `--subaccount`, `--base-url`; then the environment (`EIGHTX8_API_KEY`,
 * `EIGHTX8_SUBACCOUNT_ID`, `EIGHTX8_BASE_URL`); then a `.env` file in the working directory.
 * Problems are usage errors naming the setting, its source and what is expected; the API key
 * itself is never echoed.
 *
 * @example
 * const config = resolvePlatformConfig({ subaccount: "acme_ivr" }, io);
 */
import type { Command } from "commander";
import { DEFAULT_BASE_URL, VoiceClient } from "../client/index.js";
import { SUBACCOUNT_PATTERN } from "../voice/index.js";
import type { CliIo } from "./io.js";
import { UsageError } from "./usage-error.js";
import { readDotenv } from "./dotenv.js";
import { absoluteHttpUrl, warnIfPlainHttp } from "./urls.js";

export interface PlatformFlags {
  apiKey?: string;
  subaccount?: string;
  baseUrl?: string;
}

export interface PlatformConfig {
  apiKey: string;
  subaccountId: string;
  baseUrl: string;
}

interface Found {
  value: string;
  /** How to name the setting in a message: the flag, the variable, or the variable in .env. */
  source: string;
}

function lookup(flag: string, flagValue: string | undefined, variable: string, env: CliIo["env"], dotenv: () => Record<string, string>): Found | undefined {
  if (flagValue !== undefined && flagValue !== "") return { value: flagValue, source: flag };
  const fromEnv = env[variable];
  if (fromEnv !== undefined && fromEnv !== "") return { value: fromEnv, source: variable };
  const fromFile = dotenv()[variable];
  if (fromFile !== undefined && fromFile !== "") return { value: fromFile, source: `${variable} (from .env)` };
  return undefined;
}

/**
 * Resolves and checks the settings from the flags, `io.env` and `<io.cwd>/.env`; throws
 * `UsageError` (exit 2) for missing or bad ones, and warns on `io.stderr` about plain http.
 */
export function resolvePlatformConfig(flags: PlatformFlags, io: CliIo): PlatformConfig {
  const env = io.env;
  let cached: Record<string, string> | undefined;
  const dotenv = () => (cached ??= readDotenv(io.cwd));
  const apiKey = lookup("--api-key", flags.apiKey, "EIGHTX8_API_KEY", env, dotenv);
  if (!apiKey) {
    throw new UsageError("SB_CLI_MISSING_API_KEY", "missing API key: pass --api-key or set EIGHTX8_API_KEY (in the environment or .env)");
  }
  const subaccount = lookup("--subaccount", flags.subaccount, "EIGHTX8_SUBACCOUNT_ID", env, dotenv);
  if (!subaccount) {
    throw new UsageError("SB_CLI_MISSING_SUBACCOUNT", "missing subaccount: pass --subaccount or set EIGHTX8_SUBACCOUNT_ID (in the environment or .env)");
  }
  if (!new RegExp(SUBACCOUNT_PATTERN).test(subaccount.value)) {
    throw new UsageError("SB_CLI_INVALID_SUBACCOUNT", `${subaccount.source} ${JSON.stringify(subaccount.value)} is not a subaccount id: expected 3-50 characters from A-Z a-z 0-9 - . _ &`);
  }
  const base = lookup("--base-url", flags.baseUrl, "EIGHTX8_BASE_URL", env, dotenv) ?? { value: DEFAULT_BASE_URL, source: "default" };
  absoluteHttpUrl(base.source, base.value, DEFAULT_BASE_URL);
  // The key travels in the Authorization header: plain http would send it in clear text.
  warnIfPlainHttp(base.source, base.value, io.stderr);
  return { apiKey: apiKey.value, subaccountId: subaccount.value, baseUrl: base.value };
}

/** Adds `--api-key`, `--subaccount` and `--base-url` to a command that talks to the platform. */
export function withPlatformOptions(command: Command): Command {
  return command
    .option("--api-key <key>", "8x8 API key (default: $EIGHTX8_API_KEY, then .env); prefer the environment, flags show in ps")
    .option("--subaccount <id>", "8x8 subaccount id (default: $EIGHTX8_SUBACCOUNT_ID, then .env)")
    .option("--base-url <url>", `8x8 Voice API base URL (default: $EIGHTX8_BASE_URL, then .env, then ${DEFAULT_BASE_URL})`);
}

/** A client for the command's resolved settings. */
export function clientFor(flags: PlatformFlags, io: CliIo): VoiceClient {
  const config = resolvePlatformConfig(flags, io);
  return new VoiceClient({ apiKey: config.apiKey, subaccountId: config.subaccountId, baseUrl: config.baseUrl });
}
