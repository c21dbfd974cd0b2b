/**
 * The CLI's reports against a real server on loopback (issue 10 point 6): `switchboard sessions`
 * filtered by time, outcome, direction and number with outcome and duration columns, `sessions
 * show` with an outbound call's request and attempts, and `switchboard stats`. A bad filter exits 2
 * naming the flag, as the server names the parameter.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StoreWithOutbound, VcaExchange } from "../src/store/index.js";
import { echoApp } from "./echo-app.js";
import { SECRET } from "./fixtures/webhooks.js";
import { runCli } from "./cli-helpers.js";
import { startServer, tempDir, type Harness } from "./server-harness.js";

const NOW = new Date("2026-11-29T12:00:00.000Z");
const ago = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);
const dir = tempDir("switchboard-cli-reports-");
let h: Harness;
let store: StoreWithOutbound;
const env = { SWITCHBOARD_READ_AUTH: SECRET };
const cli = (...argv: string[]) => runCli([...argv, "--server", h.url], { env });

function exchange(sessionId: string, minutesAgo: number, overrides: Partial<VcaExchange> = {}): VcaExchange {
  const at = ago(minutesAgo);
  return {
    eventId: `${sessionId}-e`, sessionId, subAccountId: "acme", callDirection: "INBOUND", source: "+6591110001", destination: "+6568880000",
    received: {}, receivedAt: at, answer: { callflow: [] }, answeredAt: at, fallbackReason: null, vars: {}, ...overrides,
  };
}

const summary = (sessionId: string, minutesAgo: number, sessionStatus: string, leg: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  sessionId, subAccountId: "acme", sessionStatus, receivedAt: ago(minutesAgo), payload: { sessionStatus, details: { callA: leg }, ...extra },
});

beforeAll(async () => {
  h = await startServer(echoApp(), { dbPath: `${dir.path}/reports.db`, now: () => NOW });
  store = h.store as StoreWithOutbound;
  // Yesterday: an inbound call, completed. In the last hour: an outbound call that ended in ERROR on
  // its second attempt, after a first nobody answered; an inbound call that fell back once.
  await store.recordExchange(exchange("s-yesterday", 1500));
  await store.saveSummary(summary("s-yesterday", 1499, "COMPLETED", { callDirection: "INBOUND", callStatus: "COMPLETED", callDuration: 75, callQuality: { mos: 4.3 } }));
  await store.outbound.addOutboundRequests([{
    requestId: "r1", campaign: null, contactId: null, to: "+6597771234", from: "+6568880000", flow: "reminder", vars: {}, policy: {}, timezone: null,
    validForMs: 600_000, notBefore: ago(50), createdAt: ago(50),
  }]);
  await store.outbound.openDueAttempts({ now: ago(50), limit: 1 });
  await store.outbound.placeAttempt("r1-1", "s-out-1", ago(50));
  await store.saveSummary(summary("s-out-1", 49, "NO_ANSWER", { callDirection: "OUTBOUND", callStatus: "NO_ANSWER", source: "+6568880000", destination: "+6597771234", callDuration: 0 }));
  await store.outbound.closeAttempt({ clientRequestId: "r1-1", state: "ended", at: ago(49), sessionStatus: "NO_ANSWER", outcome: "unreachable", next: { retryAt: ago(20), reason: "NO_ANSWER" } });
  await store.outbound.openDueAttempts({ now: ago(20), limit: 1 });
  await store.outbound.placeAttempt("r1-2", "s-out-2", ago(20));
  await store.saveSummary(summary("s-out-2", 19, "ERROR", { callDirection: "OUTBOUND", callStatus: "FAILED", source: "+6568880000", destination: "+6597771234", callDuration: 0 }, { errorDetails: { errorCode: -2010, errorMsg: "limit" } }));
  await store.outbound.closeAttempt({ clientRequestId: "r1-2", state: "ended", at: ago(19), sessionStatus: "ERROR", outcome: "error", errorCode: -2010, next: { final: "error" } });
  await store.recordExchange(exchange("s-in", 5, { source: "+6591115555" }));
  await store.recordExchange(exchange("s-in", 4, { eventId: "s-in-2", fallbackReason: "timeout", vars: null }));
});
afterAll(async () => {
  await h?.close();
  dir.remove();
});

describe("switchboard sessions, filtered", () => {
  it("lists the outbound errors of the last hour, with outcome and duration columns", async () => {
    const result = await cli("sessions", "--since", "1h", "--outcome", "error", "--direction", "outbound");
    expect(result).toEqual({
      code: 0,
      stderr: "",
      stdout: [
        "SESSION  STATUS  OUTCOME  DIRECTION  FROM         TO           DURATION  VCAS  STARTED",
        "s-out-2  ERROR   error    OUTBOUND   +6568880000  +6597771234  0 s       0     2026-11-29T11:41:00.000Z",
        "",
      ].join("\n"),
    });
  });

  it("finds sessions by part of a number, newest first", async () => {
    const result = await cli("sessions", "--q", "6597771", "--json");
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { sessions: { sessionId: string }[] }).sessions.map((s) => s.sessionId)).toEqual(["s-out-2", "s-out-1"]);
    // s-yesterday's caller matches too, but started before --since.
    expect((await cli("sessions", "--q", "659111", "--since", "2h")).stdout).toBe(
      [
        "SESSION  STATUS  OUTCOME  DIRECTION  FROM         TO           DURATION  VCAS  STARTED",
        "s-in     ACTIVE           INBOUND    +6591115555  +6568880000            2     2026-11-29T11:55:00.000Z",
        "",
      ].join("\n"),
    );
  });

  it("exits 2 naming the flag for a bad --since, --outcome, --direction or --q", async () => {
    const cases: [string[], string][] = [
      [["--outcome", "maybe"], 'error: --outcome: "maybe" is not an outcome: expected completed, unreachable, failed, error [SB_CLI_INVALID_FLAG]\n'],
      [["--direction", "sideways"], 'error: --direction: "sideways" is not a direction: expected INBOUND or OUTBOUND [SB_CLI_INVALID_FLAG]\n'],
      [["--since", "yesterday"], expect.stringMatching(/^error: --since: "yesterday" is not a time: expected a span back from now/) as unknown as string],
      [["--q", "65-91"], 'error: --q: "65-91" is not part of a phone number: expected 1 to 15 digits, optionally after a + [SB_CLI_INVALID_FLAG]\n'],
    ];
    for (const [flags, stderr] of cases) {
      expect(await cli("sessions", ...flags), flags.join(" ")).toEqual({ code: 2, stdout: "", stderr });
    }
  });
});

describe("switchboard sessions show", () => {
  it("prints an outbound session's outcome, its request and every attempt", async () => {
    const result = await cli("sessions", "show", "s-out-2");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("outcome  error, error -2010, connected 0 s\n");
    expect(result.stdout).toContain(
      [
        "outbound request r1",
        "  call      +6568880000 -> +6597771234, flow reminder",
        "  state     error, last outcome error (error -2010)",
        "  attempts  2 (1 retry)",
        "  ATTEMPT  CLIENT REQUEST ID  STATE  SESSION  STATUS     OUTCOME      ERROR  OPENED",
        "  1        r1-1               ended  s-out-1  NO_ANSWER  unreachable         2026-11-29T11:10:00.000Z",
        "  2        r1-2               ended  s-out-2  ERROR      error        -2010  2026-11-29T11:40:00.000Z",
      ].join("\n"),
    );
  });

  it("prints no outbound request for an inbound session, and gives it as null in JSON", async () => {
    const text = await cli("sessions", "show", "s-in");
    expect(text.stdout).toContain("outcome  none yet (no summary)\n");
    expect(text.stdout).not.toContain("outbound request");
    expect((JSON.parse((await cli("sessions", "show", "s-in", "--json")).stdout) as { outbound: unknown }).outbound).toBeNull();
  });
});

describe("switchboard stats", () => {
  it("prints the last day's sessions by direction and outcome, the rate, averages, fallbacks and retries", async () => {
    const result = await cli("stats");
    expect(result).toEqual({
      code: 0,
      stderr: "",
      stdout: [
        "sessions since 2026-11-28T12:00:00.000Z: 3",
        "",
        "DIRECTION  COMPLETED  UNREACHABLE  FAILED  ERROR  NO SUMMARY  TOTAL",
        "INBOUND    0          0            0       0      1           1",
        "OUTBOUND   0          1            0       1      0           2",
        "all        0          1            0       1      1           3",
        "",
        "completion rate   0.0% (completed of the sessions with an outcome)",
        "average duration  0 s",
        "average MOS       -",
        "fallbacks         error 0, timeout 1, invalid 0, store_unavailable 0",
        "retries           1 scheduled, 1 placed",
        "",
      ].join("\n"),
    });
  });

  it("prints the read API's JSON for every stored session with --all --json", async () => {
    const result = await cli("stats", "--all", "--json");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ since: null, sessions: 4, completionRate: 0.333, averageDurationSeconds: 25, averageMos: 4.3 });
  });

  it("exits 2 naming --since for a time it cannot read", async () => {
    const result = await cli("stats", "--since", "soon");
    expect(result).toMatchObject({ code: 2, stdout: "" });
    expect(result.stderr).toMatch(/^error: --since: "soon" is not a time/);
  });
});
