/**
 * Test access to `../shared` (the 8x8 OpenAPI file and SPEC), which exists on developer machines
 * and in CI but not for users. Tests that need it skip with a clear message when it is absent;
 * CI sets SWITCHBOARD_REQUIRE_SHARED=1 so that a missing file fails instead of skipping.
 */
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const openApiPath = resolve(repoRoot, "../shared/8x8-voice/voice_v1_api.json");

/** Whether the OpenAPI file is present; throws in CI when it is required but missing. */
export function hasOpenApiFile(): boolean {
  const present = existsSync(openApiPath);
  if (!present && process.env.SWITCHBOARD_REQUIRE_SHARED === "1") {
    throw new Error(`SWITCHBOARD_REQUIRE_SHARED=1 but ${openApiPath} is missing`);
  }
  if (!present) {
    console.warn(`skipping OpenAPI conformance tests: ${openApiPath} not found (it ships beside the repo, not in it)`);
  }
  return present;
}
