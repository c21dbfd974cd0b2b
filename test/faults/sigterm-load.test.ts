/**
 * SIGTERM under load: a real `switchboard serve` over a SQLite file, with senders that each keep
 * one keep-alive connection busy with VCAs and VSS, gets SIGTERM at a seeded point. No request is
 * answered with a 5xx but a VSS's 503 with Retry-After after the stop; every VCA answered gets a
 * callflow; every request sent before the SIGTERM is answered (none reset). After it, a sender's
 * next request is answered, refused (a new connection) or, on a connection that was idle, may meet
 * the close of idle connections. The process exits on its own, within the drain timeout; every VSS
 * it acknowledged is there when it starts again. A request that never finishes arriving does not
 * hold the process past --drain-timeout.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { SECRET, vca, vss } from "../fixtures/webhooks.js";
import { isValidCallflow, send } from "./attack.js";
import { keepAliveSender, type Outcome } from "./keep-alive.js";
import { Prng } from "./prng.js";
import { RESTAURANT, startServe, type ServeChild } from "./serve-child.js";
import { FAULT_TIMEOUTS, SEED, sized } from "./size.js";

vi.setConfig(FAULT_TIMEOUTS);

const SENDERS = sized({ small: 10, full: 50 });
const PER_SENDER = sized({ small: 300, full: 2_000 });
const SIGTERM_AFTER = sized({ small: { min: 40, max: 150 }, full: { min: 200, max: 3_000 } });
/** serve's default --drain-timeout, and what the exit may take beyond it on a loaded 2-core machine. */
const DRAIN_TIMEOUT_MS = 10_000;
const EXIT_SLACK_MS = 10_000;

interface Sent {
  kind: "vca" | "vss";
  sessionId: string;
  afterSigterm: boolean;
  outcome: Outcome;
}

/** Waits for the process to end, at most `ms`; true when it did. */
async function exitsWithin(serve: ServeChild, ms: number): Promise<{ code: number | null; signal: string | null } | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((done) => (timer = setTimeout(() => done(null), ms)));
  const result = await Promise.race([serve.exited, late]);
  clearTimeout(timer);
  return result;
}

/** What a sent request got that breaks the rules of a drain; null when it keeps them. */
function violation(sent: Sent): string | null {
  const { outcome } = sent;
  if (outcome.kind === "refused") return null; // a new connection after the server stopped listening
  // Sent after SIGTERM on a keep-alive connection that was idle: it may meet the drain's close of
  // idle connections (docs/reliability.md, "Not guaranteed"). Sent before: it must be answered.
  if (outcome.kind === "failed") return sent.afterSigterm ? null : `no answer (${outcome.code})`;
  if (sent.kind === "vca") {
    if (outcome.status !== 200) return `${outcome.status} ${outcome.text.slice(0, 200)}`;
    return isValidCallflow(outcome.json) ? null : `200 without a valid callflow: ${outcome.text.slice(0, 200)}`;
  }
  if (outcome.status === 200) return null;
  if (outcome.status === 503 && outcome.retryAfter && sent.afterSigterm) return null;
  return `${outcome.status} (Retry-After ${outcome.retryAfter ?? "none"}) ${outcome.text.slice(0, 200)}`;
}

describe("SIGTERM under load", () => {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-sigterm-"));
  let serve: ServeChild | undefined;
  afterAll(async () => {
    await serve?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it("keep-alive senders: every VCA gets a callflow, every VSS 200 or 503 + Retry-After, the process exits within the drain timeout, and every VSS acknowledged is stored", async () => {
    const random = new Prng(SEED);
    const args = [RESTAURANT, "--db", "sqlite:./drain.db"];
    serve = await startServe(args, { cwd: dir });
    const running = serve;
    const sigtermAfter = random.between(SIGTERM_AFTER.min, SIGTERM_AFTER.max);
    const sent: Sent[] = [];
    let answered = 0;
    let sigtermSent = false;

    const sender = async (senderNo: number) => {
      const connection = keepAliveSender(running.port);
      try {
        // Bounded by PER_SENDER; after SIGTERM it ends at its first refused or failed request.
        for (let i = 0; i < PER_SENDER; i++) {
          const sessionId = `drain-s${senderNo}-${i}`;
          const kind = (i + senderNo) % 3 === 0 ? "vss" : "vca";
          const afterSigterm = sigtermSent;
          const outcome = await connection.post(`/webhooks/${kind}`, kind === "vss" ? vss(sessionId) : vca({ sessionId }));
          sent.push({ kind, sessionId, afterSigterm, outcome });
          if (outcome.kind !== "answered") return;
          if (++answered === sigtermAfter) {
            sigtermSent = true;
            running.child.kill("SIGTERM");
          }
        }
      } finally {
        connection.close();
      }
    };
    await Promise.all(Array.from({ length: SENDERS }, (_, n) => sender(n)));
    expect(sigtermSent, `only ${answered} answers before the senders were done`).toBe(true);

    const exit = await exitsWithin(running, DRAIN_TIMEOUT_MS + EXIT_SLACK_MS);
    expect(exit, `still running ${DRAIN_TIMEOUT_MS + EXIT_SLACK_MS} ms after SIGTERM; stderr: ${running.stderr().slice(-2_000)}`).not.toBeNull();
    expect(exit).toEqual({ code: 0, signal: null });

    const problems = sent.map((s) => ({ s, problem: violation(s) })).filter(({ problem }) => problem !== null);
    expect(
      problems.length,
      `${problems.length} of ${sent.length} requests broke the drain (FAULTS_SEED=${SEED}):\n${problems
        .slice(0, 10)
        .map(({ s, problem }) => `- ${s.kind} ${s.sessionId}${s.afterSigterm ? " (after SIGTERM)" : ""}: ${problem}`)
        .join("\n")}`,
    ).toBe(0);
    const afterSigterm = sent.filter((s) => s.afterSigterm);
    expect(afterSigterm.length, "no request was sent while it drained").toBeGreaterThan(0);
    const count = (kind: Outcome["kind"]) => afterSigterm.filter((s) => s.outcome.kind === kind).length;
    console.info(`after SIGTERM: ${count("answered")} answered, ${count("refused")} refused, ${count("failed")} met a closed idle connection (FAULTS_SEED=${SEED})`);

    serve = await startServe(args, { cwd: dir });
    const acknowledged = sent.filter((s) => s.kind === "vss" && s.outcome.kind === "answered" && s.outcome.status === 200);
    for (const { sessionId } of acknowledged) {
      const stored = await send(serve.url, "GET", `/api/sessions/${sessionId}`);
      expect(stored.json, `VSS ${sessionId} acknowledged before the stop`).toMatchObject({ summary: { sessionStatus: "COMPLETED" } });
    }
    await serve.kill();
  });

  it("a request that never finishes arriving does not hold the process past --drain-timeout", async () => {
    serve = await startServe([RESTAURANT, "--db", "sqlite:./stuck.db", "--drain-timeout", "1s"], { cwd: dir });
    const running = serve;
    // Headers and half a body, then nothing: the server counts it in flight and waits for the rest.
    const socket = connect({ host: "127.0.0.1", port: running.port });
    socket.on("error", () => undefined);
    const body = JSON.stringify(vca({ sessionId: "drain-stuck" }));
    await new Promise<void>((done) => socket.once("connect", () => done()));
    socket.write(`POST /webhooks/vca HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: ${SECRET}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body.slice(0, 100)}`);
    // The server has read the headers once a request on another connection is answered after them.
    expect((await send(running.url, "GET", "/healthz")).status).toBe(200);
    running.child.kill("SIGTERM");
    const exit = await exitsWithin(running, 1_000 + EXIT_SLACK_MS);
    socket.destroy();
    expect(exit, `still running ${1_000 + EXIT_SLACK_MS} ms after SIGTERM with --drain-timeout 1s; stderr: ${running.stderr().slice(-2_000)}`).not.toBeNull();
    expect(exit?.code).toBe(0);
  });
});
