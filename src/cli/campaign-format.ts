/**
 * What `switchboard campaign` prints for people: a campaign's progress in one line (the live
 * display's and the final one), its status, the campaign list, and the contacts file's problems
 * as `file:line: column: reason`, the form editors and CI logs link to.
 *
 * @example
 * progressLine(status); // "230/500 done: placed 245, in progress 20, completed 180, unreachable 30, failed 0, retrying 15, left 255"
 */
import type { CampaignStatus } from "../followup/index.js";
import type { RowProblem } from "./campaign-client.js";
import { formatTable } from "./table.js";

/** The progress counts in one line; error and canceled only when there are some. */
export function progressLine(status: CampaignStatus): string {
  const p = status.progress;
  const counts = [
    `placed ${p.placed}`,
    `in progress ${p.inProgress}`,
    `completed ${p.completed}`,
    `unreachable ${p.unreachable}`,
    `failed ${p.failed}`,
    ...(p.error > 0 ? [`error ${p.error}`] : []),
    ...(p.canceled > 0 ? [`canceled ${p.canceled}`] : []),
    `retrying ${p.retrying}`,
    `left ${p.left}`,
  ];
  return `${status.done}/${status.total} done: ${counts.join(", ")}`;
}

/** A campaign's status, a line per aspect. */
export function statusText(status: CampaignStatus): string {
  const pace = [
    `${status.rate} calls/s`,
    `${status.concurrency} at once`,
    `${status.maxAttempts} attempt${status.maxAttempts === 1 ? "" : "s"} per contact`,
    ...(status.window ? [`window ${status.window}${status.timezone ? ` ${status.timezone}` : ""}`] : status.timezone ? [`time zone ${status.timezone}`] : []),
  ];
  const lines = [
    `campaign  ${status.name} (${status.state})`,
    `flow      ${status.flow}, from ${status.from}`,
    `contacts  ${status.total}${status.file ? ` from ${status.file}` : ""}${status.skipped > 0 ? ` (${status.skipped} invalid rows left out)` : ""}`,
    `pace      ${pace.join(", ")}`,
    `progress  ${progressLine(status)}`,
    `created   ${status.createdAt}, updated ${status.updatedAt}`,
  ];
  return `${lines.join("\n")}\n`;
}

/** The campaigns as a table. */
export function campaignTable(campaigns: readonly CampaignStatus[]): string {
  if (campaigns.length === 0) return "no campaigns\n";
  const rows = campaigns.map((c) => [c.name, c.state, `${c.done}/${c.total}`, c.flow, c.createdAt]);
  return formatTable(["NAME", "STATE", "DONE", "FLOW", "CREATED"], rows);
}

/** Each problem as `file:line: column: reason`, and a line for those the server did not list. */
export function problemLines(file: string, problems: readonly RowProblem[], count: number): string[] {
  const lines = problems.map((p) => `${file}:${p.line}: ${p.field ? `${p.field}: ` : ""}${p.reason}`);
  if (count > problems.length) lines.push(`${file}: and ${count - problems.length} more problems not listed`);
  return lines;
}
