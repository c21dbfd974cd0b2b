/**
 * `switchboard profiles`, `numbers` and the platform commands' help, in process against the fake
 * 8x8 platform; the binary itself is run for one refusal (its exit code and exact stderr), its
 * root help, and the check that no secret ever reaches its real stdout or stderr.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, runBinary, runCli, useFakePlatform } from "./cli-helpers.js";
import { FAKE_API_KEY, type FakePlatform } from "./fake-platform.js";

let platform: FakePlatform;
let env: Record<string, string>;
useFakePlatform((started, settings) => ((platform = started), (env = settings)));

describe("switchboard profiles", () => {
  it("prints the speech profiles as a table and as stable JSON", async () => {
    const table = await runCli(["profiles"], { env });
    expect(table.code).toBe(0);
    expect(table.stdout.split("\n")[0]).toMatch(/^PROFILE\s+LOCALE\s+LANGUAGE\s+GENDER$/);
    expect(table.stdout).toMatch(/en-GB-Emma\s+en-GB\s+English \(UK\)\s+F/);
    const json = await runCli(["profiles", "--json"], { env });
    expect(JSON.parse(json.stdout).speechProfiles[0]).toEqual({ speechProfileCode: "en-GB-Emma", localeCode: "en-GB", localeDescription: "English (UK)", gender: "F" });
  });
});

describe("switchboard numbers", () => {
  it("prints the virtual numbers as a table and as stable JSON", async () => {
    const table = await runCli(["numbers"], { env });
    expect(table.stdout).toMatch(/^NUMBER\s+COUNTRY\s+STATUS\s+TYPE\s+HEALTHY\s+REFERENCE\n\+6560000001\s+SG\s+Active\s+LOCAL\s+yes\s+ref-1\n$/);
    const json = await runCli(["numbers", "--json"], { env });
    expect(JSON.parse(json.stdout)).toEqual({
      totalNumbers: 1,
      lastUpdatedAt: "2026-01-01T00:00:00Z",
      numbers: [{ msisdn: "+6560000001", countryCode: "SG", operationalStatus: "Active", referenceId: "ref-1", numberType: "LOCAL", healthy: true }],
    });
  });

  it("checks one number, and exits 1 when it is not assigned", async () => {
    const found = await runCli(["numbers", "+6560000001", "--json"], { env });
    expect(JSON.parse(found.stdout)).toEqual({ msisdn: "+6560000001", countryCode: "SG", referenceId: "ref-1" });
    const missing = await runCli(["numbers", "6560000009"], { env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: number \+6560000009 is not assigned to subaccount "acme_ivr".*\[SB_CLIENT_NOT_FOUND\]\n$/);
  });

  it("refuses a malformed number with exit 2 (the binary)", async () => {
    assertBuilt();
    const result = await runBinary(["numbers", "12ab"], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('error: MSISDN "12ab" is not an E.164 number: expected e.g. +6560000001 [SB_CLI_INVALID_NUMBER]\n');
  });
});

describe("help", () => {
  it("switchboard --help (the binary) lists the commands and exits 0", async () => {
    assertBuilt();
    const result = await runBinary(["--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Usage: switchboard");
    for (const command of ["validate", "webhooks", "simulator", "dial", "serve", "sessions", "dev"]) expect(result.stdout).toContain(command);
  });

  for (const command of [["webhooks"], ["webhooks", "setup"], ["webhooks", "list"], ["webhooks", "create"], ["webhooks", "delete"], ["profiles"], ["numbers"]]) {
    it(`switchboard ${command.join(" ")} --help shows examples and exits 0`, async () => {
      const result = await runCli([...command, "--help"]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("Examples:");
      expect(result.stdout).toContain(`switchboard ${command.join(" ")}`);
    });
  }
});

describe("secrets in output", () => {
  beforeAll(() => assertBuilt());

  it("never prints the API key or the webhook auth header, whatever the command or outcome (the binary)", async () => {
    const secret = "hook-secret-abc987";
    const runs = [
      ["webhooks", "setup", "--url", "https://ivr.example.com", "--auth-header", secret],
      ["webhooks", "setup", "--url", "https://ivr.example.com", "--auth-header", secret, "--json"],
      ["webhooks", "list", "--json"],
      ["webhooks", "create", "--type", "VCA", "--url", "https://ivr.example.com/vca", "--auth-header", secret],
      ["webhooks", "delete", "VCA"],
      ["webhooks", "delete", "VCA"],
      ["profiles", "--api-key", FAKE_API_KEY],
      ["numbers", "--api-key", FAKE_API_KEY, "--subaccount", "bad subaccount"],
      ["webhooks", "list", "--base-url", "not a url"],
    ];
    platform.script.push({ status: 401, body: { statusCode: 401, statusMessage: `bad token ${FAKE_API_KEY}` } });
    for (const args of runs) {
      const result = await runBinary(args, { env });
      expect(result.stdout + result.stderr).not.toContain(FAKE_API_KEY);
      expect(result.stdout + result.stderr).not.toContain(secret);
    }
  });
});
