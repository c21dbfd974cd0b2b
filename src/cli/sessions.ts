/**
 * `switchboard sessions` lists the sessions a running server has stored (newest first), and
 * `switchboard sessions show <id>` prints one session's summary and timeline. Both read the
 * server's read API, authenticating with SWITCHBOARD_READ_AUTH or SWITCHBOARD_WEBHOOK_AUTH.
 *
 * @example
 * switchboard sessions --status COMPLETED --limit 20
 * switchboard sessions show 5f1c...-sess --json
 */
import type { Command } from "commander";
import type { SessionDetail, SessionPage } from "../store/index.js";
import { parseLimit, parseServerUrl, parseStatus } from "./serve-flags.js";
import type { CliIo } from "./io.js";
import { formatJson, formatTable } from "./table.js";
import { followSessions } from "./sessions-follow.js";
import { CommandFailed, UsageError } from "./usage-error.js";

interface ReadFlags {
  server: string;
  authHeader?: string;
  json?: boolean;
}

const REQUEST_TIMEOUT_MS = 10_000;

async function readApi<T>(flags: ReadFlags, path: string, io: CliIo): Promise<T> {
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
  // A value the server refuses came from one of our flags (--status, --limit, --cursor): a usage error naming the flag.
  const field = (body?.error as { field?: unknown } | undefined)?.field;
  if (response.status === 400 && typeof field === "string" && QUERY_FLAGS.has(field) && body?.error?.message) {
    throw new UsageError("SB_CLI_INVALID_FLAG", body.error.message.replace(new RegExp(`^${field}:`), `--${field}:`));
  }
  if (!response.ok) throw new CommandFailed("SB_CLI_READ_API_FAILED", `${flags.server}${path}: HTTP ${response.status}: ${body?.error?.message ?? "no details"}`);
  return body as T;
}

/** The read API's query fields that are this command's flags of the same name. */
const QUERY_FLAGS = new Set(["status", "limit", "cursor"]);

type ListFlags = ReadFlags & { status?: string; limit?: number; cursor?: string; follow?: boolean };

async function list(flags: ListFlags, io: CliIo): Promise<void> {
  if (flags.follow) return followSessions(flags, io);
  const query = new URLSearchParams();
  if (flags.status) query.set("status", flags.status);
  if (flags.limit) query.set("limit", String(flags.limit));
  if (flags.cursor) query.set("cursor", flags.cursor);
  const page = await readApi<SessionPage>(flags, `/api/sessions${query.size ? `?${query}` : ""}`, io);
  if (flags.json) return void io.stdout.write(formatJson(page));
  if (page.sessions.length === 0) return void io.stdout.write("no sessions\n");
  const rows = page.sessions.map((s) => [s.sessionId, s.status, s.callDirection ?? "", s.source ?? "", s.destination ?? "", String(s.vcaCount), s.createdAt]);
  io.stdout.write(formatTable(["SESSION", "STATUS", "DIRECTION", "FROM", "TO", "VCAS", "STARTED"], rows));
  if (page.nextCursor) io.stdout.write(`more: --cursor ${page.nextCursor}\n`);
}

function describeEntry(entry: SessionDetail["timeline"][number]): string {
  if (entry.kind === "vca") {
    const payload = ((entry.body as { payload?: Record<string, unknown> }).payload ?? {}) as Record<string, unknown>;
    const data = payload.eventData;
    const dtmf = typeof data === "object" && data !== null ? (data as { dtmf?: unknown }).dtmf : (data ?? payload.dtmf);
    return `VCA ${String(payload.callStatus ?? "?")}${dtmf ? ` dtmf=${String(dtmf)}` : ""}${payload.clientActionId ? ` at ${String(payload.clientActionId)}` : ""}`;
  }
  const { answer, fallbackReason } = entry.body as { answer: { clientActionId?: string; callflow: { action: string }[] }; fallbackReason: string | null };
  const actions = answer.callflow.map((a) => a.action).join(", ");
  return `answer ${actions}${answer.clientActionId ? ` -> ${answer.clientActionId}` : ""}${fallbackReason ? ` (FALLBACK: ${fallbackReason})` : ""}`;
}

async function show(id: string, flags: ReadFlags, io: CliIo): Promise<void> {
  const detail = await readApi<SessionDetail>(flags, `/api/sessions/${encodeURIComponent(id)}`, io);
  if (flags.json) return void io.stdout.write(formatJson(detail));
  const s = detail.session;
  const lines = [
    `session  ${s.sessionId}`,
    `status   ${s.status}${detail.summary ? ` (summary received ${detail.summary.receivedAt})` : ""}`,
    `call     ${s.callDirection ?? "?"} ${s.source ?? "?"} -> ${s.destination ?? "?"}`,
    `started  ${s.createdAt}`,
    `vars     ${JSON.stringify(s.vars)}`,
    "",
    ...detail.timeline.map((t) => `${t.at}  ${describeEntry(t)}`),
  ];
  io.stdout.write(`${lines.join("\n")}\n`);
}

const DEFAULT_SERVER = "http://127.0.0.1:3000";

/** Registers `switchboard sessions` and `switchboard sessions show`. */
export function sessionsCommand(program: Command, io: CliIo): void {
  const sessions = program
    .command("sessions")
    .description("list the sessions a running server has stored (newest first)")
    .option("--status <status>", "only sessions with this status: ACTIVE (no summary yet), or 8x8's COMPLETED, BUSY, NO_ANSWER, FAILED, CANCELED, ERROR, ...", parseStatus)
    .option("--limit <n>", "how many sessions (1-500, default 50)", parseLimit)
    .option("--cursor <cursor>", "continue after a previous page")
    .option("--server <url>", "the server's base URL (env SWITCHBOARD_SERVER)", parseServerUrl, io.env.SWITCHBOARD_SERVER ?? DEFAULT_SERVER)
    .option("--auth-header <secret>", "the read API secret (env SWITCHBOARD_READ_AUTH or SWITCHBOARD_WEBHOOK_AUTH)")
    .option("--json", "print JSON (with --follow, one object per line)")
    .option("--follow", "print each VCA, answer, summary and outcome as the server handles it, until Ctrl-C (GET /api/events)")
    .addHelpText("after", `
Reads the server's read API (GET /api/sessions); --follow reads its live stream (GET /api/events). A status that is neither 8x8's nor ACTIVE, and
that no stored session has, is refused (exit 2) with the known ones named.

Examples:
  $ SWITCHBOARD_READ_AUTH=... switchboard sessions
  $ switchboard sessions --status COMPLETED --limit 20 --server http://127.0.0.1:3000
  $ switchboard sessions --json | jq -r '.sessions[].sessionId'
  $ switchboard sessions show <sessionId>
  $ switchboard sessions --follow                      # live, one line per event
  $ switchboard sessions --follow --json | jq -c 'select(.type == "outcome")'`)
    .action((flags: ListFlags) => list(flags, io));
  // The root program is not in positional-options mode, so commander hands every option after
  // `show` to `sessions`: `show` reads them from there (optsWithGlobals) instead of redefining them.
  sessions
    .command("show")
    .description("print one session: its summary and its timeline of VCAs and answers")
    .argument("<id>", "the sessionId")
    .addHelpText("after", `
Takes the options of \`switchboard sessions\`: --server <url>, --auth-header <secret>, --json.

Examples:
  $ switchboard sessions show 5f1c0c8e-sess
  $ switchboard sessions show 5f1c0c8e-sess --json --server http://127.0.0.1:3000`)
    .action((id: string, _flags: unknown, command: Command) => show(id, command.optsWithGlobals<ReadFlags>(), io));
}
