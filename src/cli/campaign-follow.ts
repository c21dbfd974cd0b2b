/**
 * Follows a campaign on the server: polls its status every half second into the live display
 * until it is COMPLETE or CANCELED, or until the run's stop signal (Ctrl-C) aborts, which stops
 * following and leaves the campaign running. A server that cannot be reached for a while (it is
 * being restarted) is waited for, up to a minute, before the command fails.
 *
 * @example
 * const { status, stopped } = await followCampaign(client, "spring", io);
 */
import type { CampaignStatus } from "../followup/index.js";
import type { CampaignClient } from "./campaign-client.js";
import { campaignDisplay } from "./campaign-progress.js";
import { writeLine, type CliIo } from "./io.js";
import { isSwitchboardError } from "../util/index.js";

/** How often the status is polled. */
export const FOLLOW_INTERVAL_MS = 500;
/** Polls in a row that may fail (server unreachable or its store busy) before following fails. */
const TOLERATED_FAILURES = 120;

/** The last status, and whether following stopped before the campaign ended. */
export interface Followed {
  status: CampaignStatus;
  stopped: boolean;
}

/** Polls `name` until it ends or `io.signal` aborts. */
export async function followCampaign(client: CampaignClient, name: string, io: CliIo, intervalMs = FOLLOW_INTERVAL_MS): Promise<Followed> {
  const display = campaignDisplay(io.stderr);
  const stop = new AbortController();
  // Listening on the run's signal is also what tells the binary to hand us Ctrl-C (process-io.ts).
  const onAbort = () => stop.abort();
  io.signal?.addEventListener("abort", onAbort, { once: true });
  if (io.signal?.aborted) stop.abort();
  let status: CampaignStatus | undefined;
  let failures = 0;
  try {
    for (;;) {
      try {
        status = await client.json<CampaignStatus>("GET", `/api/campaigns/${encodeURIComponent(name)}`, undefined, stop.signal);
        failures = 0;
      } catch (error) {
        if (stop.signal.aborted) break;
        if (!transient(error) || (failures += 1) > TOLERATED_FAILURES) throw error;
        if (failures === 1) writeLine(io.stderr, `campaign ${name}: ${(error as Error).message}; trying again`);
      }
      if (status) display.update(status);
      if (status && (status.state === "COMPLETE" || status.state === "CANCELED")) break;
      if (!(await sleep(intervalMs, stop.signal))) break;
    }
  } finally {
    io.signal?.removeEventListener("abort", onAbort);
  }
  if (!status) status = await client.json<CampaignStatus>("GET", `/api/campaigns/${encodeURIComponent(name)}`);
  display.done(status);
  return { status, stopped: status.state !== "COMPLETE" && status.state !== "CANCELED" };
}

/** A failure worth waiting out: the server unreachable (restarting) or its store unavailable. */
function transient(error: unknown): boolean {
  if (!isSwitchboardError(error)) return false;
  return error.code === "SB_CLI_SERVER_UNREACHABLE" || (error.code === "SB_CLI_CONTROL_API_FAILED" && / HTTP 503: /.test(error.message));
}

/** Waits `ms`; false when `signal` aborted first. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
