/**
 * `switchboard numbers`: the virtual numbers callers dial, or a check that one is assigned.
 */
import type { Command } from "commander";
import { E164_PATTERN } from "../voice/index.js";
import { reportClientErrors } from "./cli-errors.js";
import { clientFor, withPlatformOptions, type PlatformFlags } from "./platform-config.js";
import type { CliIo } from "./io.js";
import { formatJson, formatTable } from "./table.js";
import { UsageError } from "./usage-error.js";

async function numbers(msisdn: string | undefined, options: PlatformFlags & { json?: boolean }, io: CliIo): Promise<void> {
  if (msisdn !== undefined && !new RegExp(E164_PATTERN).test(msisdn)) {
    throw new UsageError("SB_CLI_INVALID_NUMBER", `MSISDN ${JSON.stringify(msisdn)} is not an E.164 number: expected e.g. +6560000001`);
  }
  const client = clientFor(options, io);
  if (msisdn !== undefined) {
    const { payload } = await reportClientErrors(() => client.numbers.get(msisdn));
    const one = { msisdn: payload.msisdn, countryCode: payload.countryCode, referenceId: payload.referenceId };
    io.stdout.write(options.json ? formatJson(one) : `${one.msisdn} is assigned to subaccount ${client.subaccountId} (country ${one.countryCode}, reference ${one.referenceId}).\n`);
    return;
  }
  const listed = await reportClientErrors(() => client.numbers.list());
  const rows = listed.numbers.map((n) => ({
    msisdn: n.msisdn,
    countryCode: n.countryCode,
    operationalStatus: n.operationalStatus,
    referenceId: n.referenceId,
    numberType: n.numberType ?? null,
    healthy: n.numberHealth?.isHealthy ?? null,
  }));
  if (options.json) {
    io.stdout.write(formatJson({ totalNumbers: listed.totalNumbers, lastUpdatedAt: listed.lastUpdatedAt, numbers: rows }));
    return;
  }
  if (rows.length === 0) {
    io.stdout.write(`No virtual numbers are assigned to subaccount ${client.subaccountId}.\n`);
    return;
  }
  const health = (healthy: boolean | null) => (healthy === null ? "-" : healthy ? "yes" : "no");
  io.stdout.write(formatTable(["NUMBER", "COUNTRY", "STATUS", "TYPE", "HEALTHY", "REFERENCE"], rows.map((n) => [n.msisdn, n.countryCode, n.operationalStatus, n.numberType ?? "-", health(n.healthy), n.referenceId])));
}

/** Registers `switchboard numbers`. */
export function numbersCommands(program: Command, io: CliIo): void {
  withPlatformOptions(program.command("numbers"))
    .description("list the virtual numbers of the subaccount, or check that one is assigned")
    .argument("[MSISDN]", "a number to check, E.164 (+ optional), e.g. +6560000001")
    .option("--json", 'print JSON: { "totalNumbers", "lastUpdatedAt", "numbers": [{ "msisdn", "countryCode", "operationalStatus", "referenceId", "numberType", "healthy" }] }, or with MSISDN { "msisdn", "countryCode", "referenceId" }')
    .addHelpText("after", `
Exits 1 when a checked number is not assigned to the subaccount.

Examples:
  $ switchboard numbers
  $ switchboard numbers +6560000001
  $ switchboard numbers --json | jq '.numbers[] | select(.healthy == false)'`)
    .action((msisdn: string | undefined, options: PlatformFlags & { json?: boolean }) => numbers(msisdn, options, io));
}
