/**
 * How the CLI's read commands (`sessions`, `sessions show`, `stats`) ask a running server's read
 * API: a GET with the read secret (`--auth-header`, else SWITCHBOARD_READ_AUTH, else
 * SWITCHBOARD_WEBHOOK_AUTH), a timeout, and the server's answers turned into the CLI's errors: a
 * refused secret and a refused query parameter that is one of the command's flags are usage
 * errors (exit 2) naming the flag; anything else fails the command (exit 1).
 *
 * @example
 * const page = await readApi<SessionPage>(flags, "/api/sessions?outcome=error", io, new Set(["outcome"]));
 */
import type { CliIo } from "./io.js";
import { CommandFailed, UsageError } from "./usage-error.js";

/** The flags every read command has. */
export interface ReadFlags {
  server: string;
  authHeader?: string;
  json?: boolean;
}

/** Where a read command looks for the server unless --server or SWITCHBOARD_SERVER says otherwise. */
export const DEFAULT_SERVER = "http://127.0.0.1:3000";

const REQUEST_TIMEOUT_MS = 10_000;

/**
 * GETs `path` from the server and returns its JSON. `queryFlags` names the query parameters that
 * are the command's flags of the same name: the server's 400 for one of them becomes a usage
 * error naming `--<flag>`.
 */
export async function readApi<T>(flags: ReadFlags, path: string, io: CliIo, queryFlags: ReadonlySet<string>): Promise<T> {
  const secret = flags.authHeader ?? io.env.SWITCHBOARD_READ_AUTH ?? io.env.SWITCHBOARD_WEBHOOK_AUTH;
  let response: Response;
  try {
    response = await fetch(`${flags.server}${path}`, {
      headers: secret ? { authorization: secret } : {},
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    throw new CommandFailed("SB_CLI_SERVER_UNREACHABLE", `cannot reach ${flags.server}: ${(error as Error).message}; is \`switchboard serve\` running there?`);
  }
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (response.status === 401) {
    throw new UsageError("SB_CLI_READ_AUTH_REFUSED", `${flags.server} refused the read API secret; set SWITCHBOARD_READ_AUTH (or SWITCHBOARD_WEBHOOK_AUTH) to the server's secret`);
  }
  const field = (body?.error as { field?: unknown } | undefined)?.field;
  if (response.status === 400 && typeof field === "string" && queryFlags.has(field) && body?.error?.message) {
    throw new UsageError("SB_CLI_INVALID_FLAG", body.error.message.replace(new RegExp(`^${field}:`), `--${field}:`));
  }
  if (!response.ok) throw new CommandFailed("SB_CLI_READ_API_FAILED", `${flags.server}${path}: HTTP ${response.status}: ${body?.error?.message ?? "no details"}`);
  return body as T;
}
