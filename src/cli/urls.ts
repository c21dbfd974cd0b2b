/**
 * URL checks shared by the CLI commands: webhook and base URLs must be absolute http(s), and a
 * plain-http URL that is not local gets a warning (8x8 wants https; http is fine for a tunnel
 * or a simulator on this machine).
 */
import type { CliOutput } from "./io.js";
import { UsageError } from "./usage-error.js";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** The parsed URL, or a usage error naming the setting, the value and what is expected. */
export function absoluteHttpUrl(source: string, value: string, example: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
    throw new UsageError("SB_CLI_INVALID_URL", `${source} ${JSON.stringify(value)} is not an absolute http(s) URL: expected e.g. ${example}`);
  }
  return url;
}

/** True for a plain-http URL whose host is not this machine (where 8x8 expects https). */
export function isPlainHttpRemote(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" && !LOCAL_HOSTS.has(url.hostname);
  } catch {
    return false;
  }
}

/** Writes a one-line warning to `stderr` for a plain-http URL that is not localhost. */
export function warnIfPlainHttp(source: string, value: string, stderr: CliOutput): void {
  if (isPlainHttpRemote(value)) {
    stderr.write(`warning: ${source} ${JSON.stringify(value)} uses plain http; 8x8 expects https outside local testing [SB_CLI_PLAIN_HTTP]\n`);
  }
}
