/**
 * `switchboard campaign` against a running server and its simulator: the CLI runs in process
 * (`runCli`, `startCli`) and talks to the server over real HTTP on 127.0.0.1, as it would to
 * `switchboard serve`.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { SANDBOX_NUMBER } from "../../src/server/index.js";
import { openSqliteStore } from "../../src/store/index.js";
import { runCli, startCli, tempDir } from "../cli-helpers.js";
import { CONTROL, control, startCampaignPlatform, type CampaignPlatform } from "./campaign-platform.js";

const dir = mkdtempSync(join(tmpdir(), "switchboard-campaign-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let platform: CampaignPlatform;
let cwd: string;
let env: Record<string, string>;
beforeEach(async () => {
  platform = await startCampaignPlatform(await openSqliteStore({ path: join(dir, `${Math.random().toString(36).slice(2)}.db`) }));
  cwd = tempDir();
  env = { SWITCHBOARD_SERVER: platform.url, SWITCHBOARD_CONTROL_AUTH: CONTROL };
});
afterEach(async () => {
  await platform.close();
});

const outbound = () => platform.simulator.calls().filter((c) => c.direction === "OUTBOUND");

describe("switchboard campaign start", () => {
  it("refuses a file with bad rows before anyone is called: each printed as file:line (exit 2)", async () => {
    writeFileSync(
      join(cwd, "contacts.csv"),
      'phone,name\r\n+6590000002,Ada\r\n12ab,Bo\r\n+6590000004,"Cy\r\nand Di"\r\n+6590000002,Ed\r\n+6590000006,\r\n',
    );
    const result = await runCli(["campaign", "start", "contacts.csv", "--from", SANDBOX_NUMBER], { cwd, env });
    expect(result.code).toBe(2);
    expect(result.stderr.split("\n").filter((line) => line.startsWith("contacts.csv:"))).toEqual([
      'contacts.csv:3: phone: "12ab" is not a phone number in E.164 form (e.g. +6590000002)',
      "contacts.csv:6: phone: +6590000002 is also on line 2: call each number once",
      "contacts.csv:7: name: is empty; the flow reads vars.name",
    ]);
    expect(result.stderr).toContain("contacts.csv: 3 invalid rows (listed above): fix them, or pass --skip-invalid to leave them out; nobody was called [SB_CLI_INVALID_CONTACTS]");
    expect(outbound()).toEqual([]);
    expect(await platform.store.outbound.listCampaigns()).toEqual([]);

    const skipping = await runCli(["campaign", "start", "contacts.csv", "--from", SANDBOX_NUMBER, "--skip-invalid"], { cwd, env });
    expect(skipping.code).toBe(0);
    expect(skipping.stderr).toContain("skipped contacts.csv:3: phone:");
  });

  it("refuses a file the server cannot use at all, even with --skip-invalid (exit 2)", async () => {
    writeFileSync(join(cwd, "people.csv"), "number,name\n+6590000002,Ada\n");
    const result = await runCli(["campaign", "start", "people.csv", "--from", SANDBOX_NUMBER, "--skip-invalid"], { cwd, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('people.csv:1: number: column "number" is not phone, timezone, id, or a variable the flow reads (name)');
    expect(result.stderr).toContain("people.csv:1: phone: there is no phone column");
    expect(result.stderr).toContain("people.csv: the file cannot be used as it is (listed above); nobody was called [SB_CLI_INVALID_CONTACTS]");
    expect(outbound()).toEqual([]);
  });

  it("starts a campaign, follows it to COMPLETE with plain progress lines off a terminal, and exports its results", async () => {
    const numbers = ["+6590000002", "+6590000003", "+6590000004"];
    platform.simulator.setCallee({ number: numbers[0]!, behavior: "answer", press: "1" });
    platform.simulator.setCallee({ number: numbers[1]!, behavior: "no-answer" });
    platform.simulator.setCallee({ number: numbers[2]!, behavior: "answer", press: "2" });
    writeFileSync(join(cwd, "spring list.csv"), `id,phone,name\n${numbers.map((n, i) => `c${i},${n},Zoë ${i}`).join("\n")}\n`);
    const started = await runCli(["campaign", "start", "spring list.csv", "--from", SANDBOX_NUMBER, "--flow", "reminder", "--rate", "10/s", "--max-attempts", "1"], { cwd, env });
    expect(started.stderr).not.toContain("error");
    expect(started.code).toBe(0);
    expect(started.stdout).toContain("campaign spring-list: 3 contacts from spring list.csv on flow reminder, 10 calls/s, 20 at once; RUNNING");
    expect(started.stdout).toContain("campaign spring-list COMPLETE: 3/3 done: placed 3, in progress 0, completed 2, unreachable 1, failed 0, retrying 0, left 0");
    expect(started.stderr.trim().split("\n").at(-1)).toBe("campaign spring-list COMPLETE: 3/3 done: placed 3, in progress 0, completed 2, unreachable 1, failed 0, retrying 0, left 0");
    expect(started.stderr).not.toContain("\r");

    const status = await runCli(["campaign", "status", "spring-list", "--json"], { cwd, env });
    expect(JSON.parse(status.stdout)).toMatchObject({ name: "spring-list", state: "COMPLETE", maxAttempts: 1, file: "spring list.csv", total: 3, done: 3 });
    const text = await runCli(["campaign", "status", "spring-list"], { cwd, env });
    expect(text.stdout).toContain("campaign  spring-list (COMPLETE)\n");
    expect(text.stdout).toContain("pace      10 calls/s, 20 at once, 1 attempt per contact\n");
    const list = await runCli(["campaign", "list"], { cwd, env });
    expect(list.stdout).toMatch(/^NAME +STATE +DONE +FLOW +CREATED\nspring-list +COMPLETE +3\/3 +reminder +/);

    expect((await runCli(["campaign", "export", "spring-list", "--out", "results.csv"], { cwd, env })).code).toBe(0);
    const rows = readFileSync(join(cwd, "results.csv"), "utf8").trim().split("\r\n").map((line) => line.split(",").slice(0, 4).concat(line.split(",")[8] ?? ""));
    expect(rows).toEqual([
      ["id", "phone", "outcome", "attempts", "digits"],
      ["c0", numbers[0], "completed", "1", "1"],
      ["c1", numbers[1], "unreachable", "1", ""],
      ["c2", numbers[2], "completed", "1", "2"],
    ]);
    const json = await runCli(["campaign", "export", "spring-list", "--json"], { cwd, env });
    expect(JSON.parse(json.stdout).rows[0].variables).toMatchObject({ name: "Zoë 0" });
    expect(JSON.parse(json.stdout).rows.map((r: { id: string; lastSessionId: string }) => [r.id, r.lastSessionId])).toEqual(
      outbound().map((call) => [call.clientRequestId!.replace(/^spring-list:(c\d)-1$/, "$1"), call.sessionId]),
    );
    expect(outbound()).toHaveLength(3);
  });

  it("refuses a name taken (exit 2), an unknown campaign (exit 2), a move its state forbids (exit 1) and a wrong secret (exit 2)", async () => {
    writeFileSync(join(cwd, "c.csv"), "phone,name\n+6590000002,Ada\n");
    expect((await runCli(["campaign", "start", "c.csv", "--from", SANDBOX_NUMBER, "--name", "once", "--no-follow"], { cwd, env })).code).toBe(0);
    const taken = await runCli(["campaign", "start", "c.csv", "--from", SANDBOX_NUMBER, "--name", "once"], { cwd, env });
    expect(taken).toMatchObject({ code: 2, stderr: expect.stringContaining("[SB_CLI_CAMPAIGN_EXISTS]") });
    const unknown = await runCli(["campaign", "pause", "nobody"], { cwd, env });
    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringContaining('no campaign "nobody"; list the campaigns with switchboard campaign list [SB_CLI_UNKNOWN_CAMPAIGN]') });
    expect((await runCli(["campaign", "cancel", "once"], { cwd, env })).stdout).toContain("campaign once canceled:");
    expect((await runCli(["campaign", "cancel", "once"], { cwd, env })).stdout).toContain("campaign once was already CANCELED:");
    const resume = await runCli(["campaign", "resume", "once"], { cwd, env });
    expect(resume).toMatchObject({ code: 1, stderr: expect.stringContaining('campaign "once" is CANCELED; resume needs PAUSED [SB_CLI_CAMPAIGN_STATE]') });
    // Created and never started (a start that broke off in between): resume starts it.
    await control(platform.url, "POST", "/api/campaigns", { name: "unstarted", from: SANDBOX_NUMBER, csv: "phone,name\n+6590000009,Ed\n" });
    expect((await runCli(["campaign", "resume", "unstarted"], { cwd, env })).stdout).toContain("campaign unstarted resumed:");
    const secret = await runCli(["campaign", "list"], { cwd, env: { ...env, SWITCHBOARD_CONTROL_AUTH: "wrong" } });
    expect(secret).toMatchObject({ code: 2, stderr: expect.stringContaining("[SB_CLI_CONTROL_AUTH_REFUSED]") });
    const flag = await runCli(["campaign", "start", "c.csv", "--from", SANDBOX_NUMBER, "--name", "other", "--flow", "nope"], { cwd, env });
    expect(flag).toMatchObject({ code: 2, stderr: expect.stringContaining('--flow: flow "nope" is not loaded by this server') });
    expect((await runCli(["campaign", "start", "c.csv", "--from", SANDBOX_NUMBER, "--rate", "fast"], { cwd, env })).code).toBe(2);
    expect((await runCli(["campaign", "start", "missing.csv", "--from", SANDBOX_NUMBER], { cwd, env })).stderr).toContain("[SB_CLI_FILE_UNREADABLE]");
  });

  it("stops following on Ctrl-C and leaves the campaign running; pause and resume carry on from there", async () => {
    const numbers = Array.from({ length: 6 }, (_, i) => `+659100000${i}`);
    writeFileSync(join(cwd, "slow.csv"), `phone,name\n${numbers.map((n) => `${n},Guest`).join("\n")}\n`);
    const following = startCli(["campaign", "start", "slow.csv", "--from", SANDBOX_NUMBER, "--rate", "1/s"], { cwd, env });
    await following.waitFor(/RUNNING/);
    const stopped = await following.stop("SIGINT");
    expect(stopped.code).toBe(0);
    expect(stopped.stdout).toContain("stopped following; campaign slow goes on in the server (RUNNING): switchboard campaign status slow");
    expect((await runCli(["campaign", "pause", "slow"], { cwd, env })).stdout).toMatch(/^campaign slow paused: /);
    const resumed = await runCli(["campaign", "resume", "slow"], { cwd, env });
    expect(resumed.stdout).toMatch(/^campaign slow resumed: /);
    const followed = await runCli(["campaign", "follow", "slow"], { cwd, env });
    expect(followed.stdout).toContain("campaign slow COMPLETE: 6/6 done: placed 6");
    expect(outbound().map((c) => c.to).sort()).toEqual(numbers);
  }, 60_000);
});
