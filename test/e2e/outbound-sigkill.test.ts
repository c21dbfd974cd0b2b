/**
 * A retry survives its server: the real `switchboard serve` binary (bin/switchboard.js, built
 * dist/) places a call to a callee scripted busy then answering, with a retry backoff of 3 s; once
 * the BUSY summary is stored and the retry scheduled, the process is killed with SIGKILL (no
 * drain), and a new process on the same database places the retry: exactly once, by the store
 * and by the platform's own record. On SQLite and PostgreSQL. Real clock here: the kill must fall
 * inside the backoff.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { registerServerWebhooks, SANDBOX_API_KEY, SANDBOX_NUMBER, SANDBOX_SUBACCOUNT } from "../../src/server/index.js";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";
import { openStore, type OutboundAttempt, type OutboundRequest } from "../../src/store/index.js";
import { dropSchema, findTestPostgres, freshSchemaName } from "../postgres.js";
import { startServe, type ServeChild } from "../faults/serve-child.js";
import { SECRET } from "../fixtures/webhooks.js";
import { CONTROL, reminder } from "./campaign-platform.js";

const dir = mkdtempSync(join(tmpdir(), "switchboard-outbound-sigkill-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CALLEE = "+6590000042";

const children: ServeChild[] = [];
let simulator: Simulator | undefined;
afterEach(async () => {
  await Promise.all(children.splice(0).map((child) => child.kill()));
  await simulator?.close();
});

type Found = { request: OutboundRequest; attempts: OutboundAttempt[] };

async function serve(db: string, platformUrl: string): Promise<ServeChild> {
  const flow = join(dir, "reminder.yaml");
  writeFileSync(flow, stringify(reminder));
  const child = await startServe([flow, "--db", db, "--control-auth-header", CONTROL], {
    cwd: dir,
    env: { EIGHTX8_API_KEY: SANDBOX_API_KEY, EIGHTX8_SUBACCOUNT_ID: SANDBOX_SUBACCOUNT, EIGHTX8_BASE_URL: platformUrl },
  });
  children.push(child);
  await registerServerWebhooks({ platformUrl, serverUrl: child.url, authHeader: SECRET });
  return child;
}

async function call(url: string, method: "GET" | "POST", path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: CONTROL, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, body: await response.json() };
}

/** Polls GET /api/calls/:id until `done` (bounded: 600 polls of 25 ms). */
async function until(url: string, requestId: string, done: (found: Found) => boolean): Promise<Found> {
  let last: unknown;
  for (let poll = 0; poll < 600; poll += 1) {
    const { status, body } = await call(url, "GET", `/api/calls/${requestId}`);
    last = body;
    if (status === 200 && done(body as Found)) return body as Found;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`request ${requestId} did not get there: ${JSON.stringify(last)}`);
}

const outboundCalls = (sim: Simulator) => sim.calls().filter((c) => c.direction === "OUTBOUND" && c.to === CALLEE);

const pgUrl = await findTestPostgres();
const schemas: string[] = [];
afterAll(async () => {
  if (pgUrl) for (const schema of schemas) await dropSchema(pgUrl, schema);
});

/** A fresh database of each kind, as serve's --db takes it (PostgreSQL only when reachable). */
const databases: { name: string; url: () => string | null }[] = [
  { name: "SQLite", url: () => `sqlite:${join(dir, `outbound-${Date.now()}.db`)}` },
  {
    name: "PostgreSQL",
    url: () => {
      if (!pgUrl) return null;
      const schema = freshSchemaName("sb_sigkill");
      schemas.push(schema);
      return `${pgUrl}${pgUrl.includes("?") ? "&" : "?"}schema=${schema}`;
    },
  },
];

describe.each(databases)("a retry across a killed server, on $name", ({ name, url }) => {
  it.skipIf(name === "PostgreSQL" && pgUrl === null)("SIGKILLed after the BUSY summary and before the retry: the new process retries exactly once", async () => {
    simulator = await startSimulator({ clock: "instant" });
    simulator.setCallee({ number: CALLEE, behavior: ["busy", "answer"], press: "1" });
    const db = url()!;

    const first = await serve(db, simulator.url);
    const placed = await call(first.url, "POST", "/api/calls", { to: CALLEE, from: SANDBOX_NUMBER, vars: { name: "Ada" }, retry: { backoff: ["3s"], jitter: 0 } });
    expect(placed.status).toBe(201);
    const requestId = (placed.body as { requestId: string }).requestId;
    // The BUSY summary is stored and settled: the retry is scheduled, 3 s away.
    const scheduled = await until(first.url, requestId, (f) => f.request.state === "scheduled" && f.request.attempts === 1);
    first.child.kill("SIGKILL");
    expect((await first.exited).signal).toBe("SIGKILL");
    expect(scheduled.request.retryReason).toBe("BUSY");
    expect(scheduled.attempts.map((a) => [a.state, a.sessionStatus])).toEqual([["ended", "BUSY"]]);
    expect(outboundCalls(simulator).map((c) => c.sessionStatus)).toEqual(["BUSY"]);

    const second = await serve(db, simulator.url);
    const ended = await until(second.url, requestId, (f) => f.request.state !== "scheduled" && f.request.state !== "dialing");
    expect(ended.request).toMatchObject({ state: "completed", attempts: 2, outcome: "completed" });
    expect(Date.parse(ended.attempts[1]!.openedAt)).toBeGreaterThanOrEqual(Date.parse(scheduled.request.nextAttemptAt!));
    await second.kill();

    // The store, read after the process is gone, and the platform's record: two calls, no third.
    const store = await openStore(db);
    try {
      const stored = await store.outbound.getOutboundRequest(requestId);
      expect(stored?.attempts.map((a) => [a.clientRequestId, a.state, a.sessionStatus])).toEqual([
        [`${requestId}-1`, "ended", "BUSY"],
        [`${requestId}-2`, "ended", "COMPLETED"],
      ]);
    } finally {
      await store.close();
    }
    expect(outboundCalls(simulator).map((c) => [c.clientRequestId, c.sessionStatus])).toEqual([
      [`${requestId}-1`, "BUSY"],
      [`${requestId}-2`, "COMPLETED"],
    ]);
  }, 120_000);
});
