/**
 * Debian's chromium for the browser tests (`apt-get install -y chromium`; `.ci/run` installs it),
 * driven by playwright-core, which never downloads a browser. Tests that need it skip with a clear
 * message when it is missing, except in CI (`CI` set), where a missing browser fails the run.
 */
import { existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { chromium, type Browser } from "playwright-core";

/** Where the browser is: `SWITCHBOARD_CHROMIUM`, or Debian's `/usr/bin/chromium`. */
export const CHROMIUM_PATH = process.env.SWITCHBOARD_CHROMIUM ?? "/usr/bin/chromium";

/** Where screenshots go: `test-artifacts/` at the repo root (ignored by git). */
export const ARTIFACTS_DIR = fileURLToPath(new URL("../../test-artifacts/", import.meta.url));

/** Whether the browser tests can run; warns (or, in CI, throws) when they cannot. */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  const message = `no chromium at ${CHROMIUM_PATH}`;
  if (process.env.CI) throw new Error(`${message}; CI is set, so the browser tests must run (apt-get install -y chromium)`);
  console.warn(`skipping browser tests: ${message}. Install it with apt-get install -y chromium, or set SWITCHBOARD_CHROMIUM.`);
  return false;
}

/** Launches the browser headless. */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true });
}
