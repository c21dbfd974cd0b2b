/**
 * A campaign survives its server: `switchboard serve` runs in a child process (from the sources,
 * through tsx, so no build is needed), the campaign is paused, the process is killed with SIGKILL
 * (no drain, no goodbye), a new process opens the same database (SQLite, and PostgreSQL when
 * reachable), and the campaign resumes: by the platform's own record nobody is called twice and
 * nobody is skipped.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { CampaignStatus, ExportRow } from "../../src/followup/index.js";
import { registerServerWebhooks, SANDBOX_API_KEY, SANDBOX_NUMBER, SANDBOX_SUBACCOUNT } from "../../src/server/index.js";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";
import { repoRoot } from "../shared-files.js";
import { dropSchema, findTestPostgres, freshSchemaName } from "../postgres.js";
import { callsByNumber, CONTROL, control, reminder, SECRET, untilCampaign } from "./campaign-platform.js";

const dir = mkdtempSync(join(tmpdir(), "switchboard-campaign-restart-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The CLI's entry, run from the sources.
const runner = join(dir, "switchboard.mjs");
writeFileSync(runner, `import { main } from ${JSON.stringify(pathToFileURL(resolve(repoRoot, "src/cli/main.ts")).href)};\nprocess.exitCode = await main();\n`);
const tsx = pathToFileURL(resolve(repoRoot, "node_modules/tsx/dist/loader.mjs")).href;

interface Serve {
  child: ChildProcess;
  url: string;
  output(): string;
  exited: Promise<unknown>;
}

const children: ChildProcess[] = [];
let simulator: Simulator | undefined;
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await simulator?.close();
});

/** `switchboard serve reminder.yaml` on a free port, placing calls through the simulator; resolves once it listens (bounded: 60 s). */
async function serve(db: string, platformUrl: string): Promise<Serve> {
  const flow = join(dir, "reminder.yaml");
  writeFileSync(flow, stringify(reminder));
  const args = ["serve", flow, "--port", "0", "--db", db, "--control-auth-header", CONTROL, "--max-call-rate", "50"];
  const child = spawn(process.execPath, ["--import", tsx, runner, ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? "", SWITCHBOARD_WEBHOOK_AUTH: SECRET, EIGHTX8_API_KEY: SANDBOX_API_KEY, EIGHTX8_SUBACCOUNT_ID: SANDBOX_SUBACCOUNT, EIGHTX8_BASE_URL: platformUrl, LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  const exited = new Promise((done) => child.once("exit", done));
  for (let i = 0; i < 600 && child.exitCode === null && !/listening on\s+\S+/.test(output); i++) await new Promise((done) => setTimeout(done, 100));
  const url = /listening on\s+(\S+)/.exec(output)?.[1];
  if (!url) throw new Error(`switchboard serve did not start: ${output}`);
  await registerServerWebhooks({ platformUrl, serverUrl: url, authHeader: SECRET });
  return { child, url, output: () => output, exited };
}

const pgUrl = await findTestPostgres();
const schemas: string[] = [];
afterAll(async () => {
  if (pgUrl) for (const schema of schemas) await dropSchema(pgUrl, schema);
});

/** A fresh database of each kind, as serve's --db takes it (PostgreSQL only when reachable). */
const databases: { name: string; url: () => string | null }[] = [
  { name: "SQLite", url: () => `sqlite:${join(dir, "campaign.db")}` },
  {
    name: "PostgreSQL",
    url: () => {
      if (!pgUrl) return null;
      const schema = freshSchemaName("sb_campaign_restart");
      schemas.push(schema);
      return `${pgUrl}${pgUrl.includes("?") ? "&" : "?"}schema=${schema}`;
    },
  },
];

describe.each(databases)("a campaign across a killed server, on $name", ({ name, url }) => {
  it.skipIf(name === "PostgreSQL" && pgUrl === null)("paused, killed with SIGKILL and resumed by a new process: nobody called twice, nobody skipped", async () => {
    simulator = await startSimulator({ clock: "instant" });
    const numbers = Array.from({ length: 30 }, (_, i) => `+6593${String(i).padStart(6, "0")}`);
    for (const number of numbers) simulator.setCallee({ number, behavior: "answer", press: "1" });
    const db = url()!;
    const csv = `phone,name\n${numbers.map((n, i) => `${n},Guest ${i}`).join("\n")}\n`;

    const first = await serve(db, simulator.url);
    expect((await control(first.url, "POST", "/api/campaigns", { name: "survivor", flow: "reminder", from: SANDBOX_NUMBER, csv, rate: 5, concurrency: 3 })).status).toBe(201);
    expect((await control(first.url, "POST", "/api/campaigns/survivor/start")).status).toBe(200);
    await untilCampaign(first.url, "survivor", (s) => s.done >= 8);
    expect((await control(first.url, "POST", "/api/campaigns/survivor/pause")).body).toMatchObject({ state: "PAUSED" });
    // Calls in progress finish while paused (their summaries reach this server); then the kill.
    const paused = await untilCampaign(first.url, "survivor", (s) => s.progress.inProgress === 0);
    first.child.kill("SIGKILL");
    await first.exited;
    const before = callsByNumber(simulator);
    expect(before.size).toBe(paused.done);
    expect(paused.done).toBeLessThan(numbers.length);

    const second = await serve(db, simulator.url);
    const reopened = (await control(second.url, "GET", "/api/campaigns/survivor")).body as unknown as CampaignStatus;
    expect(reopened).toMatchObject({ state: "PAUSED", done: paused.done, progress: { inProgress: 0 } });
    // Paused means paused, across the restart too: no call is placed before resume.
    await new Promise((done) => setTimeout(done, 500));
    expect(callsByNumber(simulator).size).toBe(paused.done);
    expect((await control(second.url, "POST", "/api/campaigns/survivor/resume")).body).toMatchObject({ state: "RUNNING" });
    const ended = await untilCampaign(second.url, "survivor", (s) => s.state === "COMPLETE", 6000);
    expect(ended).toMatchObject({ done: 30, progress: { completed: 30, placed: 30 } });

    const calls = callsByNumber(simulator);
    expect([...calls.keys()].sort()).toEqual(numbers);
    expect([...calls.entries()].filter(([, placed]) => placed.length !== 1)).toEqual([]);
    const exported = await fetch(`${second.url}/api/campaigns/survivor/export?format=json`, { headers: { authorization: CONTROL } });
    const rows = ((await exported.json()) as { rows: ExportRow[] }).rows;
    expect(rows.map((r) => [r.phone, r.outcome, r.attempts, r.lastSessionId])).toEqual(numbers.map((n) => [n, "completed", 1, calls.get(n)![0]!.sessionId]));
  }, 300_000);
});
