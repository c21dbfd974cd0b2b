/**
 * What the dashboard's browser tests can share: the built page's check, a screenshot in
 * test-artifacts/, signing in through the form, and `switchboard dev` run in process (simulator,
 * IVR server, dev phone and outbound side) with the addresses and tokens it prints.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { startCli, type RunningCli } from "../cli-helpers.js";
import { ARTIFACTS_DIR } from "./chromium.js";

const BUILT = fileURLToPath(new URL("../../dist/dashboard/index.html", import.meta.url));
const README_IMAGES = fileURLToPath(new URL("../../docs/images/", import.meta.url));
/** The restaurant flow the dashboard tests call. */
export const RESTAURANT_FLOW = fileURLToPath(new URL("../../examples/restaurant.yaml", import.meta.url));
/** Bounded waits for what the page shows; generous for a loaded CI machine. */
export const SHOWN = { timeout: 15_000 };

/** Throws a clear message when the dashboard was not built (the tests load dist/dashboard). */
export function assertDashboardBuilt(): void {
  if (!existsSync(BUILT)) throw new Error(`the dashboard is not built (${BUILT} is missing): run npm run build`);
}

/**
 * A full-page screenshot in test-artifacts/dashboard-<name>.png; with `readme` and
 * SWITCHBOARD_UPDATE_SCREENSHOTS=1, in docs/images/ as well.
 */
export async function shoot(page: Page, name: string, readme = false): Promise<void> {
  // animations: "disabled" shows the end state of the new rows' highlight, not a frame of it.
  await page.screenshot({ path: `${ARTIFACTS_DIR}/dashboard-${name}.png`, fullPage: true, animations: "disabled" });
  if (readme && process.env.SWITCHBOARD_UPDATE_SCREENSHOTS === "1") await page.screenshot({ path: `${README_IMAGES}/dashboard-${name}.png`, fullPage: true, animations: "disabled" });
}

/** Signs in through the form at `url` and waits for the sessions table's heading. */
export async function signIn(page: Page, url: string, secret: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel("Read secret").fill(secret);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Sessions" }).waitFor(SHOWN);
}

/** `switchboard dev` on the restaurant flow, in memory, on free ports. */
export interface DevStack {
  cli: RunningCli;
  /** The dashboard's (and IVR server's) address, without a trailing slash. */
  base: string;
  simulatorUrl: string;
  readToken: string;
  controlToken: string;
}

/** Starts `switchboard dev` (instant clock for scripted calls; the dev phone's calls play in real time) and waits until it is ready. */
export async function startDev(): Promise<DevStack> {
  const cli = startCli(["dev", RESTAURANT_FLOW, "--port", "0", "--simulator-port", "0", "--db", "sqlite::memory:", "--no-watch"], { env: { LOG_LEVEL: "warn" } });
  const base = (await cli.waitFor(/^ {2}dashboard {4}(http:\/\/127\.0\.0\.1:\d+)\//m))[1]!;
  const simulatorUrl = (await cli.waitFor(/^ {2}simulator {4}(http:\/\/127\.0\.0\.1:\d+)/m))[1]!;
  const readToken = (await cli.waitFor(/SWITCHBOARD_READ_AUTH=(\S+) /))[1]!;
  const controlToken = (await cli.waitFor(/SWITCHBOARD_CONTROL_AUTH=(\S+) /))[1]!;
  await cli.waitFor(/^ready: /m);
  return { cli, base, simulatorUrl, readToken, controlToken };
}
