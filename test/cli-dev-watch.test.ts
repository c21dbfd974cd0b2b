/**
 * `switchboard dev --watch` (the default), through the CLI's entry in process: a saved edit of
 * the flow reloads it, so new calls hear the new prompts while a call already in progress
 * finishes on the flow it started with; an edit that does not validate prints the findings and
 * the flow loaded before keeps answering; a handlers module reloads with its own imports.
 *
 * No sleeps: each step waits (bounded) for the line dev prints, and the call in progress is held
 * inside a handler (a gate this test opens) while the file changes under it.
 */
import { renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionView } from "../src/simulator/index.js";
import { runCli, startCli, tempDir, type RunningCli } from "./cli-helpers.js";

/** The flow, its prompts marked with `version`; option 1 passes through the test's gate on its way to `second`. */
const flow = (version: string) => `version: 1
name: watched
entry: main
handlers: ./handlers.mjs
defaults: { voiceProfile: en-US-BenjaminRUS }
menus:
  main:
    prompt: "${version}: welcome. Press 1 to go on, 2 to leave."
    options:
      "1": { handler: gate, then: second }
      "2": { say: "${version}: goodbye from main." }
  second:
    prompt: "${version}: second menu. Press 2 to leave."
    options:
      "2": { say: "${version}: goodbye." }
`;

/** The gate: a call that reaches it waits until the test opens it (the handler budget is 2 s). */
const HANDLERS = `export const handlers = {
  async gate() {
    const gate = globalThis.__switchboardWatchGate;
    if (gate) {
      gate.entered();
      await gate.opened;
    }
    return "passed";
  },
};
`;

interface Gate {
  entered(): void;
  opened: Promise<void>;
}
const world = globalThis as { __switchboardWatchGate?: Gate };

/** Sets a gate and returns how to wait for a call to reach it and how to open it. */
function closeGate(): { reached: Promise<void>; open(): void } {
  let entered!: () => void;
  let open!: () => void;
  const reached = new Promise<void>((done) => (entered = done));
  world.__switchboardWatchGate = { entered, opened: new Promise<void>((done) => (open = done)) };
  return {
    reached: Promise.race([reached, new Promise<void>((_, fail) => setTimeout(() => fail(new Error("no call reached the gate within 15 s")), 15_000).unref())]),
    open: () => {
      open();
      delete world.__switchboardWatchGate;
    },
  };
}

async function dial(simulator: string, press: string[]): Promise<SessionView> {
  const result = await runCli(["dial", "--to", "+6560000001", "--simulator", simulator, ...press.flatMap((p) => ["--press", p]), "--json"]);
  expect(result.stderr).toBe("");
  return JSON.parse(result.stdout) as SessionView;
}

/** The lines of dev's output matching `pattern`. */
const lines = (dev: RunningCli, pattern: RegExp) => dev.stdout().split("\n").filter((line) => pattern.test(line));

/** Waits (bounded, polling every 20 ms) until dev has printed `n` lines matching `pattern`; resolves with the last. */
async function nthLine(dev: RunningCli, pattern: RegExp, n: number, ms = 20_000): Promise<string> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((done) => setTimeout(done, 20))) {
    const found = lines(dev, pattern);
    if (found.length >= n) return found[n - 1]!;
  }
  throw new Error(`no line ${n} matching ${pattern} within ${ms} ms; stdout: ${dev.stdout()} stderr: ${dev.stderr()}`);
}

describe("switchboard dev --watch, on a flow file", () => {
  let dev: RunningCli;
  let dir: string;
  let simulator: string;

  beforeAll(async () => {
    dir = tempDir();
    writeFileSync(join(dir, "ivr.yaml"), flow("v1"));
    writeFileSync(join(dir, "handlers.mjs"), HANDLERS);
    dev = startCli(["dev", "ivr.yaml", "--port", "0", "--simulator-port", "0", "--db", "sqlite::memory:"], { cwd: dir, env: { LOG_LEVEL: "warn" } });
    await dev.waitFor(/^ready: /m);
    simulator = /simulator {4}(http:\/\/\S+)/.exec(dev.stdout())![1]!;
  });

  afterAll(async () => {
    delete world.__switchboardWatchGate;
    await dev?.stop();
  });

  it("says it watches the file", () => {
    expect(dev.stdout()).toContain("Watching ivr.yaml for changes: a saved edit reloads it (--no-watch turns this off).");
  });

  it("gives new calls the saved flow while a call in progress finishes on the flow it started with", async () => {
    const gate = closeGate();
    const inProgress = dial(simulator, ["1", "2"]);
    await gate.reached;

    writeFileSync(join(dir, "ivr.yaml"), flow("v2"));
    const [, fingerprint] = await dev.waitFor(/^reloaded ivr\.yaml \(fingerprint (\S+)\)$/m);
    gate.open();

    const old = await inProgress;
    expect(old.heard).toEqual(["v1: welcome. Press 1 to go on, 2 to leave.", "v1: second menu. Press 2 to leave.", "v1: goodbye."]);
    expect(old.summary?.sessionStatus).toBe("COMPLETED");
    const fresh = await dial(simulator, ["2"]);
    expect(fresh.heard).toEqual(["v2: welcome. Press 1 to go on, 2 to leave.", "v2: goodbye from main."]);

    // The server stored which flow answered each call.
    const token = /SWITCHBOARD_READ_AUTH=(\S+)/.exec(dev.stdout())![1]!;
    const server = /IVR server {3}(http:\/\/\S+)/.exec(dev.stdout())![1]!;
    const stored = async (id: string) =>
      ((await (await fetch(`${server}/api/sessions/${id}`, { headers: { authorization: token }, signal: AbortSignal.timeout(5_000) })).json()) as { session: { flowFingerprint: string } }).session;
    expect((await stored(fresh.sessionId)).flowFingerprint).toBe(fingerprint);
    expect((await stored(old.sessionId)).flowFingerprint).not.toBe(fingerprint);
  });

  it("prints the findings of an edit that does not validate and keeps answering with the flow loaded before", async () => {
    writeFileSync(join(dir, "ivr.yaml"), flow("v3").replace('"2": { say: "v3: goodbye from main." }', '"2": nowhere'));
    await dev.waitFor(/^not reloaded: ivr\.yaml has problems; new calls still get the flow loaded before \(fingerprint \S+\)$/m);
    expect(dev.stdout()).toMatch(/^ {2}.*ivr\.yaml:\d+:\d+: error \[unknown-target\] .*nowhere/m);

    const call = await dial(simulator, ["2"]);
    expect(call.heard).toEqual(["v2: welcome. Press 1 to go on, 2 to leave.", "v2: goodbye from main."]);
  });

  it("reloads a save made as editors make it (a new file renamed over the old one)", async () => {
    const before = lines(dev, /^reloaded ivr\.yaml/).length;
    writeFileSync(join(dir, ".ivr.yaml.swp"), flow("v4"));
    renameSync(join(dir, ".ivr.yaml.swp"), join(dir, "ivr.yaml"));
    await nthLine(dev, /^reloaded ivr\.yaml/, before + 1);

    const call = await dial(simulator, ["2"]);
    expect(call.heard).toEqual(["v4: welcome. Press 1 to go on, 2 to leave.", "v4: goodbye from main."]);
  });
});

describe.each([
  ["CommonJS (no package.json)", undefined],
  ['ES modules ("type": "module")', '{ "type": "module" }'],
])("switchboard dev --watch, on a TypeScript handlers module run as %s", (_kind, packageJson) => {
  let dev: RunningCli;
  let dir: string;
  let simulator: string;

  beforeAll(async () => {
    dir = tempDir();
    if (packageJson) writeFileSync(join(dir, "package.json"), packageJson);
    writeFileSync(join(dir, "texts.ts"), 'export const GREETING: string = "Hello from the first version.";\n');
    writeFileSync(
      join(dir, "ivr.ts"),
      `import { GREETING } from "./texts.js";
export default async function ivr() {
  return { callflow: [{ action: "say", params: { text: GREETING, voiceProfile: "en-US-BenjaminRUS" } }, { action: "hangup" }] };
}
`,
    );
    dev = startCli(["dev", "ivr.ts", "--port", "0", "--simulator-port", "0", "--db", "sqlite::memory:"], { cwd: dir, env: { LOG_LEVEL: "warn" } });
    await dev.waitFor(/^ready: /m);
    simulator = /simulator {4}(http:\/\/\S+)/.exec(dev.stdout())![1]!;
  });

  afterAll(async () => {
    await dev?.stop();
  });

  it("reloads the module when a file it imports is saved", async () => {
    expect((await dial(simulator, [])).heard).toEqual(["Hello from the first version."]);
    writeFileSync(join(dir, "texts.ts"), 'export const GREETING: string = "Hello from the second version.";\n');
    await dev.waitFor(/^reloaded ivr\.ts \(fingerprint none: a handler function\)$/m);
    expect((await dial(simulator, [])).heard).toEqual(["Hello from the second version."]);
  });
});
