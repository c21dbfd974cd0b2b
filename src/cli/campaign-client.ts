/**
 * How `switchboard campaign` talks to the running server's control API (`/api/campaigns`), with
 * the control secret, and turns each refusal into the CLI's error with its exit code: a refused
 * setting names its flag, a refused contacts file lists every bad row with its line (exit 2), an
 * unknown campaign or a name taken is a usage error (exit 2), a state the action cannot leave and
 * any other failure exit 1.
 *
 * @example
 * const client = campaignClient({ server: "http://127.0.0.1:3000", secret });
 * const status = await client.json<CampaignStatus>("GET", "/api/campaigns/spring");
 */
import { readDotenv } from "./dotenv.js";
import type { CliIo } from "./io.js";
import { CommandFailed, UsageError } from "./usage-error.js";

/** A problem with a row of the contacts file, as the server reports it. */
export interface RowProblem {
  line: number;
  field: string | null;
  reason: string;
}

/** The server's error body, with a refused file's problems. */
interface ErrorAnswer {
  error?: { code?: string; message?: string; field?: string; problems?: RowProblem[]; problemCount?: number; skippable?: boolean };
}

/** A refused contacts file: every problem the server listed, and how many there were in all. */
export class ContactsRefused extends UsageError {
  constructor(
    message: string,
    readonly problems: readonly RowProblem[],
    readonly problemCount: number,
    /** Whether --skip-invalid would let the campaign start (some rows are good, none of the problems is the file's). */
    readonly skippable: boolean,
  ) {
    super("SB_CLI_INVALID_CONTACTS", message);
  }
}

/** The campaign flags the server's fields come from, for a refusal that names a field. */
const FLAG_OF: Record<string, string> = {
  name: "--name",
  flow: "--flow",
  from: "--from",
  rate: "--rate",
  concurrency: "--concurrency",
  window: "--window",
  timezone: "--timezone",
  "retry.maxAttempts": "--max-attempts",
};

const REQUEST_TIMEOUT_MS = 60_000;

/** Where the server is and its control secret. */
export interface ControlTarget {
  server: string;
  secret: string;
}

/** A control API client for one server. */
export interface CampaignClient {
  /** Sends a request and returns its JSON answer; throws the CLI error for a refusal. */
  json<T>(method: "GET" | "POST", path: string, body?: unknown, signal?: AbortSignal): Promise<T>;
  /** A GET whose answer is streamed (an export): the response, once it is known to be a success. */
  stream(path: string): Promise<Response>;
}

/** The control secret from --control-auth-header, SWITCHBOARD_CONTROL_AUTH or .env; a usage error when none is set. */
export function controlSecret(flag: string | undefined, io: CliIo): string {
  const secret = flag ?? io.env.SWITCHBOARD_CONTROL_AUTH ?? readDotenv(io.cwd).SWITCHBOARD_CONTROL_AUTH;
  if (!secret) throw new UsageError("SB_CLI_CONTROL_AUTH_REFUSED", "no control secret: pass --control-auth-header or set SWITCHBOARD_CONTROL_AUTH to the server's --control-auth-header");
  return secret;
}

/** A client for the server at `target.server`. */
export function campaignClient(target: ControlTarget): CampaignClient {
  const base = target.server.replace(/\/+$/, "");
  const send = async (method: string, path: string, body: unknown, signal: AbortSignal | undefined): Promise<Response> => {
    const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
    try {
      return await fetch(base + path, {
        method,
        headers: { authorization: target.secret, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new CommandFailed("SB_CLI_SERVER_UNREACHABLE", `cannot reach ${base}: ${(error as Error).message}; is \`switchboard serve --control-auth-header ...\` running there?`);
    }
  };
  const refuse = async (response: Response, method: string, path: string): Promise<never> => {
    const answer = (await response.json().catch(() => ({}))) as ErrorAnswer;
    throw refusal(base, method, path, response.status, answer.error ?? {});
  };
  return {
    async json<T>(method: "GET" | "POST", path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
      const response = await send(method, path, body, signal);
      if (!response.ok) return refuse(response, method, path);
      return (await response.json()) as T;
    },
    async stream(path: string): Promise<Response> {
      const response = await send("GET", path, undefined, undefined);
      if (!response.ok) return refuse(response, "GET", path);
      return response;
    },
  };
}

/** The CLI error for a refusal of the control API. */
function refusal(base: string, method: string, path: string, status: number, error: NonNullable<ErrorAnswer["error"]>): Error {
  const message = error.message ?? "no details";
  if (status === 401) return new UsageError("SB_CLI_CONTROL_AUTH_REFUSED", `${base} refused the control secret; set SWITCHBOARD_CONTROL_AUTH to the server's --control-auth-header`);
  if (status === 404 && error.field === "name") return new UsageError("SB_CLI_UNKNOWN_CAMPAIGN", `${message}; list the campaigns with switchboard campaign list`);
  if (status === 404) return new CommandFailed("SB_CLI_CONTROL_API_OFF", `${base} has no campaigns API (404 for ${path}): start it with switchboard serve --control-auth-header SECRET`);
  if (status === 400 && error.field === "csv") return new ContactsRefused(message, error.problems ?? [], error.problemCount ?? error.problems?.length ?? 0, error.skippable === true);
  if (status === 400 && error.field) {
    const flag = FLAG_OF[error.field] ?? error.field;
    return new UsageError("SB_CLI_INVALID_FLAG", `${flag}: ${message}`);
  }
  if (status === 409 && error.code === "SB_SERVER_CAMPAIGN_EXISTS") return new UsageError("SB_CLI_CAMPAIGN_EXISTS", `${message} (--name)`);
  if (status === 409) return new CommandFailed("SB_CLI_CAMPAIGN_STATE", message);
  return new CommandFailed("SB_CLI_CONTROL_API_FAILED", `${method} ${base}${path}: HTTP ${status}: ${message}`);
}
