/**
 * `node <flags> switchboard serve` over SQLite: production runs often give node flags of its own
 * (a heap size, gc exposed for a profiler). The SQLite store's worker thread inherits the
 * process's flags (util/worker-rpc/spawn.ts passes `process.execArgv`), and Node refuses the
 * per-process ones in a worker (ERR_WORKER_INVALID_EXEC_ARGV), so the store cannot open and serve
 * exits with SB_STORE_UNAVAILABLE. Found by the fault suite (its memory check needs gc exposed).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { vca } from "../fixtures/webhooks.js";
import { isValidCallflow, send } from "./attack.js";
import { RESTAURANT, startServe, type ServeChild } from "./serve-child.js";
import { FAULT_TIMEOUTS } from "./size.js";

vi.setConfig(FAULT_TIMEOUTS);

describe("switchboard serve over SQLite under node flags of its own", () => {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-flags-"));
  let serve: ServeChild | undefined;
  afterAll(async () => {
    await serve?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([["--max-old-space-size=512"], ["--expose-gc"]])("starts and answers a VCA under node %s", async (flag) => {
    serve = await startServe([RESTAURANT, "--db", `sqlite:./flags${flag.length}.db`], { cwd: dir, nodeFlags: [flag] });
    const answer = await send(serve.url, "POST", "/webhooks/vca", vca({ sessionId: `flags-${flag}` }));
    expect(answer.status).toBe(200);
    expect(isValidCallflow(answer.json)).toBe(true);
    await serve.kill();
  });
});
