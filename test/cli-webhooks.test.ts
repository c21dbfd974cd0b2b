/**
 * `switchboard webhooks setup|list|create|delete` and where the platform settings come from,
 * run in process (`run(argv, io)`) against the fake 8x8 platform.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempDir, useFakePlatform } from "./cli-helpers.js";
import { FAKE_API_KEY, FAKE_SUBACCOUNT, type FakePlatform } from "./fake-platform.js";

let platform: FakePlatform;
let env: Record<string, string>;
useFakePlatform((started, settings) => ((platform = started), (env = settings)));

const hooks = () => [...(platform.webhooks.get(FAKE_SUBACCOUNT)?.values() ?? [])];

describe("switchboard webhooks setup", () => {
  it("registers VCA and VSS under the base URL, checks them and prints a table", async () => {
    const result = await runCli(["webhooks", "setup", "--url", "https://ivr.example.com/"], { env });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(hooks().map((h) => [h.type, h.url, h.enabled])).toEqual([
      ["VCA", "https://ivr.example.com/webhooks/vca", true],
      ["VSS", "https://ivr.example.com/webhooks/vss", true],
    ]);
    expect(result.stdout).toMatch(/TYPE\s+URL\s+ENABLED\s+AUTH HEADER\s+CHECK/);
    expect(result.stdout).toMatch(/VCA\s+https:\/\/ivr\.example\.com\/webhooks\/vca\s+yes\s+none\s+ok/);
    expect(result.stdout).toContain("VCA and VSS are registered, enabled and point where asked.");
  });

  it("is safe to run twice", async () => {
    await runCli(["webhooks", "setup", "--url", "https://ivr.example.com"], { env });
    const again = await runCli(["webhooks", "setup", "--url", "https://ivr.example.com"], { env });
    expect(again.code).toBe(0);
    expect(hooks()).toHaveLength(2);
  });

  it("keeps a path prefix, uses explicit URLs when given, and registers the auth header", async () => {
    const result = await runCli(["webhooks", "setup", "--url", "https://ivr.example.com/acme", "--vss-url", "https://events.example.com/vss", "--auth-header", "hook-secret-1"], { env });
    expect(result.code).toBe(0);
    expect(hooks().map((h) => [h.type, h.url, h.httpAuthHeader])).toEqual([
      ["VCA", "https://ivr.example.com/acme/webhooks/vca", "hook-secret-1"],
      ["VSS", "https://events.example.com/vss", "hook-secret-1"],
    ]);
    expect(result.stdout).toMatch(/VCA\s+\S+\s+yes\s+set\s+ok/);
    const body = platform.requests.find((r) => r.method === "POST")?.body;
    expect(body).toMatchObject({ enabled: true, active: true });
  });

  it("exits 1 naming every difference when the platform does not list what was asked", async () => {
    platform.tamperUrl = "https://sample.com/test";
    const result = await runCli(["webhooks", "setup", "--url", "https://ivr.example.com"], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'error: webhook check failed: VCA url is "https://sample.com/test", expected "https://ivr.example.com/webhooks/vca"; VSS url is "https://sample.com/test", expected "https://ivr.example.com/webhooks/vss" [SB_CLI_WEBHOOK_CHECK_FAILED]\n',
    );
    expect(result.stdout).toMatch(/VCA\s+https:\/\/sample\.com\/test\s+yes\s+none\s+url is/);
  });

  it("prints the check as stable JSON with --json", async () => {
    const result = await runCli(["webhooks", "setup", "--url", "https://ivr.example.com", "--json"], { env });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      subAccountId: FAKE_SUBACCOUNT,
      ok: true,
      webhooks: [
        { type: "VCA", expectedUrl: "https://ivr.example.com/webhooks/vca", listed: { type: "VCA", url: "https://ivr.example.com/webhooks/vca", enabled: true, httpAuthHeaderAvailable: false }, problems: [] },
        { type: "VSS", expectedUrl: "https://ivr.example.com/webhooks/vss", listed: { type: "VSS", url: "https://ivr.example.com/webhooks/vss", enabled: true, httpAuthHeaderAvailable: false }, problems: [] },
      ],
    });
  });

  it("warns on stderr about a plain-http URL that is not localhost, and still registers it", async () => {
    const result = await runCli(["webhooks", "setup", "--url", "http://ivr.example.com"], { env });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('warning: --url "http://ivr.example.com" uses plain http; 8x8 expects https outside local testing [SB_CLI_PLAIN_HTTP]\n');
  });

  it("does not warn about plain http on localhost or 127.0.0.1", async () => {
    for (const url of ["http://localhost:3000", "http://127.0.0.1:3000"]) {
      const result = await runCli(["webhooks", "setup", "--url", url], { env });
      expect(result.code).toBe(0);
      expect(result.stderr).toBe("");
    }
  });
});

describe("switchboard webhooks list, create, delete", () => {
  it("lists webhooks as a table, and says so when there are none", async () => {
    const empty = await runCli(["webhooks", "list"], { env });
    expect(empty).toMatchObject({ code: 0, stdout: `No webhooks are registered on subaccount ${FAKE_SUBACCOUNT}.\n` });
    await runCli(["webhooks", "create", "--type", "VCA", "--url", "https://ivr.example.com/vca"], { env });
    const listed = await runCli(["webhooks", "list"], { env });
    expect(listed.stdout).toBe("TYPE  URL                          ENABLED  AUTH HEADER\nVCA   https://ivr.example.com/vca  yes      none\n");
  });

  it("lists webhooks as stable JSON with --json", async () => {
    await runCli(["webhooks", "create", "--type", "VSS", "--url", "https://ivr.example.com/vss", "--auth-header", "s3cret-hdr", "--disabled"], { env });
    const result = await runCli(["webhooks", "list", "--json"], { env });
    expect(JSON.parse(result.stdout)).toEqual({
      subAccountId: FAKE_SUBACCOUNT,
      webhooks: [{ type: "VSS", url: "https://ivr.example.com/vss", enabled: false, httpAuthHeaderAvailable: true }],
    });
  });

  it("creates one webhook, enabled unless --disabled, accepting a lower-case type", async () => {
    const result = await runCli(["webhooks", "create", "--type", "vcs", "--url", "https://ivr.example.com/vcs", "--disabled"], { env });
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toBe(`Registered the VCS webhook of subaccount ${FAKE_SUBACCOUNT}: https://ivr.example.com/vcs (disabled).\n`);
    expect(platform.requests[0]?.body).toEqual({ type: "VCS", url: "https://ivr.example.com/vcs", enabled: false, active: false });
  });

  it("deletes a webhook, and exits 1 when there is none of that type", async () => {
    await runCli(["webhooks", "create", "--type", "VNU", "--url", "https://ivr.example.com/vnu"], { env });
    const deleted = await runCli(["webhooks", "delete", "VNU"], { env });
    expect(deleted.stdout).toBe(`Deleted the VNU webhook of subaccount ${FAKE_SUBACCOUNT} (it pointed at https://ivr.example.com/vnu).\n`);
    const missing = await runCli(["webhooks", "delete", "VNU"], { env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`error: no VNU webhook is registered on subaccount ${FAKE_SUBACCOUNT}: nothing to delete (with --if-exists, that exits 0) [SB_CLIENT_NOT_FOUND]\n`);
  });

  it("says nothing of that type is registered, not that the subaccount may not exist, and exits 0 with --if-exists", async () => {
    const missing = await runCli(["webhooks", "delete", "VCA", "--if-exists"], { env });
    expect(missing).toEqual({ code: 0, stdout: `Nothing to delete: no VCA webhook is registered on subaccount ${FAKE_SUBACCOUNT}.\n`, stderr: "" });
    expect((await runCli(["webhooks", "delete", "VCA"], { env })).stderr).not.toContain("may not exist");
  });

  it("says the subaccount does not exist when that is why the platform answered 404", async () => {
    const result = await runCli(["webhooks", "delete", "VCA", "--if-exists"], { env: { ...env, EIGHTX8_SUBACCOUNT_ID: "no_such_sub" } });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`error: subaccount "no_such_sub" does not exist (the platform answered 404 to listing its webhooks): check EIGHTX8_SUBACCOUNT_ID or --subaccount [SB_CLIENT_NOT_FOUND]\n`);
  });
});

describe("configuration", () => {
  it("reads the settings from a .env file in the working directory", async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, ".env"), `# 8x8\nEIGHTX8_API_KEY="${FAKE_API_KEY}"\nexport EIGHTX8_SUBACCOUNT_ID=${FAKE_SUBACCOUNT} # mine\nEIGHTX8_BASE_URL='${platform.baseUrl}'\n`);
    const result = await runCli(["webhooks", "list", "--json"], { cwd });
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(result.stdout).subAccountId).toBe(FAKE_SUBACCOUNT);
  });

  it("prefers flags over the environment over .env", async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, ".env"), "EIGHTX8_SUBACCOUNT_ID=from_dotenv\nEIGHTX8_API_KEY=dotenv-key\n");
    const result = await runCli(["webhooks", "list", "--json", "--subaccount", FAKE_SUBACCOUNT, "--base-url", platform.baseUrl], { cwd, env: { EIGHTX8_API_KEY: FAKE_API_KEY, EIGHTX8_SUBACCOUNT_ID: "from_env" } });
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(platform.requests[0]?.path).toBe(`/api/v1/subaccounts/${FAKE_SUBACCOUNT}/webhooks`);
  });

  it("says which command fails when the platform refuses the key (401), exit 1", async () => {
    const result = await runCli(["webhooks", "list"], { env: { ...env, EIGHTX8_API_KEY: "wrong-key-123" } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: the API key was refused \(401.*\): check EIGHTX8_API_KEY.*\[SB_CLIENT_AUTH\]\n$/);
    expect(result.stderr).not.toContain("wrong-key-123");
  });
});

describe("bad input exits 2 with one line naming the problem", () => {
  const cases: [string, string[], Record<string, string> | undefined, RegExp][] = [
    ["a relative --url", ["webhooks", "setup", "--url", "ivr.example.com"], undefined, /^error: --url "ivr\.example\.com" is not an absolute http\(s\) URL: expected e\.g\. https:\/\/ivr\.example\.com \[SB_CLI_INVALID_URL\]\n$/],
    ["a relative create --url", ["webhooks", "create", "--type", "VCA", "--url", "/webhooks/vca"], undefined, /^error: --url "\/webhooks\/vca" is not an absolute http\(s\) URL.*\[SB_CLI_INVALID_URL\]\n$/],
    ["a relative --vca-url", ["webhooks", "setup", "--vca-url", "vca", "--vss-url", "https://x.example.com/vss"], undefined, /^error: --vca-url "vca" is not an absolute http\(s\) URL.*\[SB_CLI_INVALID_URL\]\n$/],
    ["no --url", ["webhooks", "setup", "--vca-url", "https://x.example.com/vca"], undefined, /^error: missing --url: pass the public base URL of your server.*\[SB_CLI_MISSING_URL\]\n$/],
    ["an unknown --type", ["webhooks", "create", "--type", "ABC", "--url", "https://x.example.com"], undefined, /^error: --type "ABC" is not a webhook type: expected one of VCA, VSS, VCS, VRU, VNU \[SB_CLI_INVALID_WEBHOOK_TYPE\]\n$/],
    ["an unknown TYPE to delete", ["webhooks", "delete", "XYZ"], undefined, /^error: TYPE "XYZ" is not a webhook type: expected one of VCA, VSS, VCS, VRU, VNU \[SB_CLI_INVALID_WEBHOOK_TYPE\]\n$/],
    ["a missing API key", ["webhooks", "list"], { EIGHTX8_SUBACCOUNT_ID: FAKE_SUBACCOUNT }, /^error: missing API key: pass --api-key or set EIGHTX8_API_KEY \(in the environment or \.env\) \[SB_CLI_MISSING_API_KEY\]\n$/],
    ["a missing subaccount", ["profiles"], { EIGHTX8_API_KEY: FAKE_API_KEY }, /^error: missing subaccount: pass --subaccount or set EIGHTX8_SUBACCOUNT_ID \(in the environment or \.env\) \[SB_CLI_MISSING_SUBACCOUNT\]\n$/],
    ["an invalid subaccount in the environment", ["numbers"], { EIGHTX8_API_KEY: FAKE_API_KEY, EIGHTX8_SUBACCOUNT_ID: "a b" }, /^error: EIGHTX8_SUBACCOUNT_ID "a b" is not a subaccount id: expected 3-50 characters from A-Z a-z 0-9 - \. _ & \[SB_CLI_INVALID_SUBACCOUNT\]\n$/],
    ["an invalid --subaccount", ["webhooks", "list", "--subaccount", "x!"], { EIGHTX8_API_KEY: FAKE_API_KEY }, /^error: --subaccount "x!" is not a subaccount id.*\[SB_CLI_INVALID_SUBACCOUNT\]\n$/],
    ["a relative --base-url", ["webhooks", "list", "--base-url", "voice.8x8.com"], { EIGHTX8_API_KEY: FAKE_API_KEY, EIGHTX8_SUBACCOUNT_ID: FAKE_SUBACCOUNT }, /^error: --base-url "voice\.8x8\.com" is not an absolute http\(s\) URL: expected e\.g\. https:\/\/voice\.8x8\.com \[SB_CLI_INVALID_URL\]\n$/],
    ["a missing mandatory --type", ["webhooks", "create", "--url", "https://x.example.com"], undefined, /required option '--type <type>' not specified/],
  ];
  for (const [name, args, customEnv, stderr] of cases) {
    it(`refuses ${name}`, async () => {
      const result = await runCli(args, { env: customEnv ?? env });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(stderr);
      expect(result.stdout).toBe("");
      expect(platform.requests).toHaveLength(0);
    });
  }
});
