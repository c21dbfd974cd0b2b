/**
 * A small `.env` reader (no dependency): `KEY=value` lines, `export KEY=value`, `#` comments,
 * single-quoted values taken literally, double-quoted values with `\n` `\t` `\"` `\\` escapes,
 * and unquoted values ending at ` #`. It never touches `process.env`: the CLI decides the order
 * (flags, then environment, then `.env`).
 *
 * @example
 * parseDotenv('EIGHTX8_SUBACCOUNT_ID=acme_ivr # mine\nexport EIGHTX8_API_KEY="k"');
 * // { EIGHTX8_SUBACCOUNT_ID: "acme_ivr", EIGHTX8_API_KEY: "k" }
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*?)\s*$/;
const ESCAPES: Record<string, string> = { n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" };

function unquote(raw: string): string {
  if (raw.startsWith("'")) {
    const end = raw.indexOf("'", 1);
    return end === -1 ? raw.slice(1) : raw.slice(1, end);
  }
  if (raw.startsWith('"')) {
    let value = "";
    for (let i = 1; i < raw.length; i++) {
      const char = raw[i]!;
      if (char === '"') break;
      if (char === "\\" && i + 1 < raw.length) {
        const next = raw[++i]!;
        value += ESCAPES[next] ?? `\\${next}`;
      } else {
        value += char;
      }
    }
    return value;
  }
  const comment = raw.search(/\s#/);
  return (comment === -1 ? raw : raw.slice(0, comment)).trim();
}

/** The variables a `.env` text defines; malformed lines are skipped, the last definition wins. */
export function parseDotenv(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*(#|$)/.test(line)) continue;
    const match = LINE.exec(line);
    if (match) result[match[1]!] = unquote(match[2]!);
  }
  return result;
}

/** The variables of `<dir>/.env`, or {} when there is no such file. */
export function readDotenv(dir: string): Record<string, string> {
  const path = join(dir, ".env");
  return existsSync(path) ? parseDotenv(readFileSync(path, "utf8")) : {};
}

/** A setting found in the environment or `.env`, and how to name where it came from in a message. */
export interface FoundSetting {
  value: string;
  /** The variable, or the variable followed by "(from .env)". */
  source: string;
}

/**
 * A setting as the CLI reads each of its own: the environment variable, else the same variable
 * in `<io.cwd>/.env`, else undefined (a flag, read before this, wins over both). Empty values
 * count as unset.
 *
 * @example
 * const found = settingFromEnv({ env: io.env, cwd: io.cwd }, "SWITCHBOARD_SIMULATOR_URL");
 * const url = flags.simulator ?? found?.value ?? DEFAULT_SIMULATOR_URL;
 */
export function settingFromEnv(io: { env: Readonly<Record<string, string | undefined>>; cwd: string }, variable: string): FoundSetting | undefined {
  const fromEnv = io.env[variable];
  if (fromEnv !== undefined && fromEnv !== "") return { value: fromEnv, source: variable };
  const fromFile = readDotenv(io.cwd)[variable];
  if (fromFile !== undefined && fromFile !== "") return { value: fromFile, source: `${variable} (from .env)` };
  return undefined;
}
