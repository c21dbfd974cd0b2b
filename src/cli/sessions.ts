/**
 * `switchboard sessions` lists the sessions a running server has stored (newest first), filtered
 * by status, time, outcome, direction and number, and `switchboard sessions show <id>` prints one
 * session: its outcome, the outbound request and attempts of an outbound call, and its timeline.
 * Both read the server's read API, authenticating with SWITCHBOARD_READ_AUTH or SWITCHBOARD_WEBHOOK_AUTH.
 *
 * @example
 * switchboard sessions --since 1h --outcome error --direction outbound
 * switchboard sessions show 5f1c...-sess --json
 */
import type { Command } from "commander";
import type { SessionPage } from "../store/index.js";
import { parseLimit, parseServerUrl, parseStatus } from "./serve-flags.js";
import type { CliIo } from "./io.js";
import { DEFAULT_SERVER, readApi, type ReadFlags } from "./read-api-client.js";
import { formatSessionDetail, formatSessionTable, type ShownSession } from "./session-format.js";
import { formatJson } from "./table.js";
import { followSessions } from "./sessions-follow.js";

/** The read API's query fields that are this command's flags of the same name (the server checks their values). */
const QUERY_FLAGS: ReadonlySet<string> = new Set(["status", "since", "outcome", "direction", "q", "limit", "cursor"]);
const NO_FLAGS: ReadonlySet<string> = new Set();

type ListFlags = ReadFlags & { status?: string; since?: string; outcome?: string; direction?: string; q?: string; limit?: number; cursor?: string; follow?: boolean };

async function list(flags: ListFlags, io: CliIo): Promise<void> {
  if (flags.follow) return followSessions(flags, io);
  const query = new URLSearchParams();
  for (const name of ["status", "since", "outcome", "direction", "q", "cursor"] as const) {
    const value = flags[name];
    if (value) query.set(name, value);
  }
  if (flags.limit) query.set("limit", String(flags.limit));
  const page = await readApi<SessionPage>(flags, `/api/sessions${query.size ? `?${query}` : ""}`, io, QUERY_FLAGS);
  if (flags.json) return void io.stdout.write(formatJson(page));
  if (page.sessions.length === 0) io.stdout.write("no sessions\n");
  else io.stdout.write(formatSessionTable(page.sessions));
  // A number search pages a window of sessions at a time: a page may be short, even empty, with more to search.
  if (page.nextCursor) io.stdout.write(`more: --cursor ${page.nextCursor}\n`);
}

async function show(id: string, flags: ReadFlags, io: CliIo): Promise<void> {
  const detail = await readApi<ShownSession>(flags, `/api/sessions/${encodeURIComponent(id)}`, io, NO_FLAGS);
  io.stdout.write(flags.json ? formatJson(detail) : formatSessionDetail(detail));
}

/** Registers `switchboard sessions` and `switchboard sessions show`. */
export function sessionsCommand(program: Command, io: CliIo): void {
  const sessions = program
    .command("sessions")
    .description("list the sessions a running server has stored (newest first)")
    .option("--status <status>", "only sessions with this status: ACTIVE (no summary yet), or 8x8's COMPLETED, BUSY, NO_ANSWER, FAILED, CANCELED, ERROR, ...", parseStatus)
    .option("--since <when>", "only sessions started since then: a span back from now (30m, 1h, 7d, 2w) or an ISO-8601 time (2026-11-29T08:00:00Z)")
    .option("--outcome <outcome>", "only sessions that came to this: completed, unreachable, failed or error")
    .option("--direction <direction>", "only inbound or only outbound calls")
    .option("--q <digits>", "only sessions whose calling or called number contains these digits (a + may lead)")
    .option("--limit <n>", "how many sessions (1-500, default 50)", parseLimit)
    .option("--cursor <cursor>", "continue after a previous page")
    .option("--server <url>", "the server's base URL (env SWITCHBOARD_SERVER)", parseServerUrl, io.env.SWITCHBOARD_SERVER ?? DEFAULT_SERVER)
    .option("--auth-header <secret>", "the read API secret (env SWITCHBOARD_READ_AUTH or SWITCHBOARD_WEBHOOK_AUTH)")
    .option("--json", "print JSON (with --follow, one object per line)")
    .option("--follow", "print each VCA, answer, summary and outcome as the server handles it, until Ctrl-C (GET /api/events)")
    .addHelpText("after", `
Reads the server's read API (GET /api/sessions); --follow reads its live stream (GET /api/events). A status that is neither 8x8's nor ACTIVE, and
that no stored session has, is refused (exit 2) with the known ones named, as is a bad --since, --outcome,
--direction or --q. A number search (--q) looks through 50,000 sessions a page: a page may come back short
with "more: --cursor ..." to search further back.

Examples:
  $ SWITCHBOARD_READ_AUTH=... switchboard sessions
  $ switchboard sessions --status COMPLETED --limit 20 --server http://127.0.0.1:3000
  $ switchboard sessions --since 1h --outcome error --direction outbound
  $ switchboard sessions --q 6591 --since 7d
  $ switchboard sessions --json | jq -r '.sessions[].sessionId'
  $ switchboard sessions show <sessionId>
  $ switchboard sessions --follow                      # live, one line per event
  $ switchboard sessions --follow --json | jq -c 'select(.type == "outcome")'`)
    .action((flags: ListFlags) => list(flags, io));
  // The root program is not in positional-options mode, so commander hands every option after
  // `show` to `sessions`: `show` reads them from there (optsWithGlobals) instead of redefining them.
  sessions
    .command("show")
    .description("print one session: its outcome, its outbound request and attempts (for an outbound call), and its timeline of VCAs and answers")
    .argument("<id>", "the sessionId")
    .addHelpText("after", `
Takes the options of \`switchboard sessions\`: --server <url>, --auth-header <secret>, --json.

Examples:
  $ switchboard sessions show 5f1c0c8e-sess
  $ switchboard sessions show 5f1c0c8e-sess --json --server http://127.0.0.1:3000`)
    .action((id: string, _flags: unknown, command: Command) => show(id, command.optsWithGlobals<ReadFlags>(), io));
}
