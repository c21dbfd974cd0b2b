/**
 * `switchboard profiles`: the speech profiles (voices) the subaccount may use in say and
 * sayAndCapture.
 */
import type { Command } from "commander";
import { reportClientErrors } from "./cli-errors.js";
import { clientFor, withPlatformOptions, type PlatformFlags } from "./platform-config.js";
import type { CliIo } from "./io.js";
import { formatJson, formatTable } from "./table.js";

async function profiles(options: PlatformFlags & { json?: boolean }, io: CliIo): Promise<void> {
  const client = clientFor(options, io);
  const { speechProfiles } = await reportClientErrors(() => client.speechProfiles.list());
  const rows = speechProfiles.map((p) => ({ speechProfileCode: p.speechProfileCode, localeCode: p.localeCode, localeDescription: p.localeDescription, gender: p.gender }));
  if (options.json) {
    io.stdout.write(formatJson({ speechProfiles: rows }));
    return;
  }
  io.stdout.write(formatTable(["PROFILE", "LOCALE", "LANGUAGE", "GENDER"], rows.map((p) => [p.speechProfileCode, p.localeCode, p.localeDescription, p.gender])));
}

/** Registers `switchboard profiles`. */
export function profilesCommands(program: Command, io: CliIo): void {
  withPlatformOptions(program.command("profiles"))
    .description("list the speech profiles (voices) the subaccount may use in say and sayAndCapture")
    .option("--json", 'print JSON: { "speechProfiles": [{ "speechProfileCode", "localeCode", "localeDescription", "gender" }] }')
    .addHelpText("after", `
Examples:
  $ switchboard profiles
  $ switchboard profiles --json | jq -r '.speechProfiles[] | select(.localeCode == "en-GB") | .speechProfileCode'`)
    .action((options: PlatformFlags & { json?: boolean }) => profiles(options, io));
}
