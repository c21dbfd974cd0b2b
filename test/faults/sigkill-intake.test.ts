/**
 * SIGKILL during intake: a real `switchboard serve` over a SQLite file takes VSS, VCS and VCA
 * deliveries from many concurrent senders (a session's VCS after its VSS, so the read API shows
 * it: a VCS alone makes no session), is killed with SIGKILL at a seeded random point (after
 * K acknowledgements, with requests still in flight), and is started again on the same file, for
 * several rounds. Every VSS and VCS it acknowledged with 200 must be there, read back through the
 * read API; with `--vca-writes sync`, every VCA it answered must be in its session's timeline too.
 * (With the default write-behind mode a kill may lose the last few ms of VCA exchanges: that is
 * the documented trade, docs/store.md, so it is not asserted.)
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { vca, vcs, vss } from "../fixtures/webhooks.js";
import { send } from "./attack.js";
import { Prng } from "./prng.js";
import { RESTAURANT, startServe, type ServeChild } from "./serve-child.js";
import { FAULT_TIMEOUTS, SEED, sized } from "./size.js";

vi.setConfig(FAULT_TIMEOUTS);

const ROUNDS = sized({ small: 1, full: 4 });
const SENDERS = sized({ small: 8, full: 32 });
/** Each sender's bound: the kill comes long before it in practice. */
const PER_SENDER = sized({ small: 200, full: 1_000 });
const KILL_AFTER = sized({ small: { min: 30, max: 120 }, full: { min: 100, max: 2_000 } });

type Kind = "vss" | "vcs" | "vca";

/** What the server acknowledged: per kind, the session (and for VCS and VCA the eventId) it said 200 to. */
interface Acknowledged {
  vss: Map<string, string>;
  vcs: Map<string, string>;
  vca: Map<string, string>;
}

/**
 * Sends deliveries from `SENDERS` concurrent senders until the server has acknowledged `killAfter`
 * of them, then SIGKILLs it at once, with the other senders' requests in flight.
 */
async function intakeUntilKilled(serve: ServeChild, round: number, killAfter: number, acked: Acknowledged, random: Prng): Promise<number> {
  let count = 0;
  let killed = false;
  /** Posts one delivery; false when the process is gone (the request was never acknowledged). */
  const deliver = async (kind: Kind, sessionId: string, body: Record<string, unknown>, remember: string): Promise<boolean> => {
    let answered: { status: number };
    try {
      answered = await send(serve.url, "POST", `/webhooks/${kind}`, body);
    } catch {
      return false;
    }
    if (answered.status !== 200) return true;
    acked[kind].set(sessionId, remember);
    if (++count === killAfter) {
      killed = true;
      serve.child.kill("SIGKILL");
    }
    return true;
  };
  const sender = async (senderNo: number) => {
    // Bounded by PER_SENDER; the kill (or a refused connection) ends it sooner.
    for (let i = 0; i < PER_SENDER && !killed; i++) {
      const sessionId = `kill-r${round}-s${senderNo}-${i}`;
      if (i % 2 === 0) {
        // A VCA opens a session of its own: in write-behind mode its exchange may be lost.
        const body = vca({ sessionId });
        if (!(await deliver("vca", sessionId, body, (body.payload as { eventId: string }).eventId))) return;
        continue;
      }
      // A VSS, then a VCS of the same session: the stored VSS makes the session readable.
      const status = random.pick(["COMPLETED", "ERROR", "NO_ANSWER"]);
      if (!(await deliver("vss", sessionId, vss(sessionId, status), status)) || killed || !acked.vss.has(sessionId)) continue;
      const status2 = vcs(sessionId);
      if (!(await deliver("vcs", sessionId, status2, (status2.payload as { eventId: string }).eventId))) return;
    }
  };
  await Promise.all(Array.from({ length: SENDERS }, (_, n) => sender(n)));
  expect((await serve.exited).signal, `the server was not killed: only ${count} of ${killAfter} deliveries acknowledged`).toBe("SIGKILL");
  return count;
}

/** Reads every acknowledged delivery back through the read API; returns what is missing. */
async function missing(url: string, acked: Acknowledged, checkVcas: boolean): Promise<string[]> {
  const lost: string[] = [];
  const detail = async (sessionId: string) => {
    const read = await send(url, "GET", `/api/sessions/${sessionId}`);
    return read.status === 200 ? (read.json as { summary: { sessionStatus: string } | null; callStatuses: { eventId: string }[]; timeline: { kind: string; eventId: string }[] }) : null;
  };
  for (const [sessionId, status] of acked.vss) {
    if ((await detail(sessionId))?.summary?.sessionStatus !== status) lost.push(`VSS ${sessionId} (${status})`);
  }
  for (const [sessionId, eventId] of acked.vcs) {
    if (!(await detail(sessionId))?.callStatuses.some((entry) => entry.eventId === eventId)) lost.push(`VCS ${sessionId} ${eventId}`);
  }
  if (checkVcas) {
    for (const [sessionId, eventId] of acked.vca) {
      const timeline = (await detail(sessionId))?.timeline ?? [];
      if (!timeline.some((entry) => entry.kind === "answer" && entry.eventId === eventId)) lost.push(`VCA ${sessionId} ${eventId}`);
    }
  }
  return lost;
}

describe.each([
  { mode: "write-behind", flags: [], checkVcas: false },
  { mode: "sync", flags: ["--vca-writes", "sync"], checkVcas: true },
])("SIGKILL during intake, --vca-writes $mode", ({ mode, flags, checkVcas }) => {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-sigkill-"));
  let serve: ServeChild | undefined;
  afterAll(async () => {
    await serve?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`loses nothing it acknowledged${checkVcas ? " (VSS, VCS and VCA)" : " (VSS and VCS)"} over kills at seeded points, and starts again on the same file`, async () => {
    const random = new Prng(SEED + (checkVcas ? 1 : 0));
    const acked: Acknowledged = { vss: new Map(), vcs: new Map(), vca: new Map() };
    const args = [RESTAURANT, "--db", "sqlite:./intake.db", ...flags];
    for (let round = 0; round < ROUNDS; round++) {
      serve = await startServe(args, { cwd: dir });
      const killAfter = random.between(KILL_AFTER.min, KILL_AFTER.max);
      await intakeUntilKilled(serve, round, killAfter, acked, random.fork());
    }
    serve = await startServe(args, { cwd: dir });
    const lost = await missing(serve.url, acked, checkVcas);
    expect(acked.vss.size + acked.vcs.size).toBeGreaterThan(0);
    expect(lost, `${lost.length} acknowledged deliveries lost in mode ${mode} (FAULTS_SEED=${SEED}): ${lost.slice(0, 10).join(", ")}`).toEqual([]);
    // The file is whole: the restarted server takes new deliveries.
    expect((await send(serve.url, "POST", "/webhooks/vss", vss(`kill-after-${mode}`))).status).toBe(200);
  });
});
