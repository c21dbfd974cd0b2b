/**
 * `switchboard stats [--since 24h] [--json]`: what the sessions a running server stored came to,
 * from its read API (`GET /api/stats`): sessions by direction and outcome, the completion rate,
 * average duration and MOS, fallbacks by reason, and outbound retries scheduled and placed.
 *
 * @example
 * switchboard stats
 * switchboard stats --since 7d --json | jq .completionRate
 */
import type { Command } from "commander";
import type { SessionStats } from "../store/index.js";
import type { CliIo } from "./io.js";
import { DEFAULT_SERVER, readApi, type ReadFlags } from "./read-api-client.js";
import { parseServerUrl } from "./serve-flags.js";
import { formatSeconds } from "./session-format.js";
import { formatJson, formatTable } from "./table.js";

type StatsFlags = ReadFlags & { since: string; all?: boolean };

/** The outcome columns, in the order the port lists outcomes, then sessions without a summary yet. */
const COLUMNS = [
  ["completed", "COMPLETED"],
  ["unreachable", "UNREACHABLE"],
  ["failed", "FAILED"],
  ["error", "ERROR"],
  [null, "NO SUMMARY"],
] as const;

/** The stats as a table of directions by outcome, then one line per figure. */
export function formatStats(stats: SessionStats): string {
  const count = (direction: string | null, outcome: string | null) =>
    stats.counts.filter((c) => (direction === "*" || c.direction === direction) && c.outcome === outcome).reduce((sum, c) => sum + c.sessions, 0);
  const row = (label: string, direction: string | null) => {
    const cells = COLUMNS.map(([outcome]) => count(direction, outcome));
    return [label, ...cells.map(String), String(cells.reduce((a, b) => a + b, 0))];
  };
  const directions = [["INBOUND", "INBOUND"], ["OUTBOUND", "OUTBOUND"], ["unknown", null]] as const;
  const rows = directions.filter(([, direction]) => stats.counts.some((c) => c.direction === direction)).map(([label, direction]) => row(label, direction));
  const percent = (rate: number | null) => (rate === null ? "-" : `${(rate * 100).toFixed(1)}%`);
  const fallbacks = Object.entries(stats.fallbacks).map(([reason, n]) => `${reason} ${n}`).join(", ");
  const table = stats.sessions === 0 ? "" : formatTable(["DIRECTION", ...COLUMNS.map(([, title]) => title), "TOTAL"], [...rows, row("all", "*")]);
  const figures = [
    `completion rate   ${percent(stats.completionRate)} (completed of the sessions with an outcome)`,
    `average duration  ${formatSeconds(stats.averageDurationSeconds) || "-"}`,
    `average MOS       ${stats.averageMos === null ? "-" : stats.averageMos.toFixed(2)}`,
    `fallbacks         ${fallbacks}`,
    `retries           ${stats.retries.scheduled} scheduled, ${stats.retries.placed} placed`,
  ];
  return `sessions ${stats.since === null ? "stored" : `since ${stats.since}`}: ${stats.sessions}\n\n${table}${table ? "\n" : ""}${figures.join("\n")}\n`;
}

/** Registers `switchboard stats`. */
export function statsCommand(program: Command, io: CliIo): void {
  program
    .command("stats")
    .description("count what the sessions a running server stored came to: outcomes by direction, completion rate, averages, fallbacks, retries")
    .option("--since <when>", "the sessions started since then: a span back from now (30m, 1h, 7d, 2w) or an ISO-8601 time", "24h")
    .option("--all", "every stored session, however old (instead of --since)")
    .option("--server <url>", "the server's base URL (env SWITCHBOARD_SERVER)", parseServerUrl, io.env.SWITCHBOARD_SERVER ?? DEFAULT_SERVER)
    .option("--auth-header <secret>", "the read API secret (env SWITCHBOARD_READ_AUTH or SWITCHBOARD_WEBHOOK_AUTH)")
    .option("--json", "print the read API's JSON")
    .addHelpText("after", `
Reads the server's read API (GET /api/stats). The completion rate is completed sessions over those
with an outcome (a summary); averages take the first leg's known durations and measured MOS;
fallbacks are the VCAs answered with the fallback, by reason; retries count outbound attempts after
a request's first (placed) and those decided but not placed yet (scheduled includes placed).

Examples:
  $ switchboard stats
  $ switchboard stats --since 7d --server http://127.0.0.1:3000
  $ switchboard stats --all --json | jq .completionRate`)
    .action(async (flags: StatsFlags) => {
      const path = flags.all ? "/api/stats" : `/api/stats?${new URLSearchParams({ since: flags.since })}`;
      const stats = await readApi<SessionStats>(flags, path, io, new Set(["since"]));
      io.stdout.write(flags.json ? formatJson(stats) : formatStats(stats));
    });
}
