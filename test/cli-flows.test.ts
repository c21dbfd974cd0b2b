/**
 * `switchboard validate` and `switchboard graph`, run in process (`run(argv, io)`) from the
 * repository's root, so the examples' relative paths read as a user in a checkout types them.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, type CliResult } from "./cli-helpers.js";
import { repoRoot } from "./shared-files.js";

const dir = mkdtempSync(join(tmpdir(), "switchboard-flows-"));

function cli(...args: string[]): Promise<CliResult> {
  return runCli(args, { cwd: repoRoot });
}

function flowFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** A valid two-menu flow; each test breaks one thing in it. */
const base = (menus: string, defaults = "  onInvalid: { then: hangup }") => `version: 1
entry: main
defaults:
${defaults}
menus:
${menus}`;

const MAIN = `  main:
    prompt: Press 1 for sales.
    options:
      "1": sales
`;
const SALES = `  sales:
    prompt: Press 1 to end.
    options:
      "1": hangup
`;

describe("switchboard validate", () => {
  it.each([["examples/restaurant.yaml"], ["examples/simple-ivr.yaml"], ["examples/booking.yaml"]])("passes on %s", async (path) => {
    const result = await cli("validate", path);
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toContain(`${path}: ok (0 errors, 0 warnings)`);
  });

  it("reports an option that goes to an unknown menu, at its line, and exits 1", async () => {
    const path = flowFile("unknown.yaml", base(MAIN.replace('"1": sales', '"1": sails') + SALES));
    const result = await cli("validate", path);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${path}:9:12: error [unknown-target] /menus/main/options/1 goes to menu "sails", which does not exist`);
  });

  it("reports an unreachable menu", async () => {
    const path = flowFile("unreachable.yaml", base(MAIN + SALES + SALES.replace("sales:", "orphan:")));
    const result = await cli("validate", path);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/unreachable\.yaml:14:3: error \[unreachable\] menu orphan is unreachable/);
  });

  it("reports a menu with no way out", async () => {
    const path = flowFile("trap.yaml", base(MAIN + SALES.replace('"1": hangup', '"1": repeat\n      "2": main')));
    const result = await cli("validate", path);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/error \[no-way-out\] menu sales has no way out/);
    expect(result.stdout).toMatch(/error \[no-way-out\] menu main has no way out/);
  });

  it("reports an option longer than maxDigits allows", async () => {
    const path = flowFile("long-key.yaml", base(MAIN.replace('"1": sales', '"123": sales') + SALES, "  onInvalid: { then: hangup }\n  capture: { maxDigits: 1 }"));
    const result = await cli("validate", path);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('error [untypable-option] option "123" of menu main cannot be typed: it has 3 keys but maxDigits is 1');
  });

  it("reports an option containing # when completeOnHash is true", async () => {
    const path = flowFile("hash.yaml", base(MAIN.replace('"1": sales', '"1#": sales') + SALES));
    const result = await cli("validate", path);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('option "1#" of menu main cannot be typed: it contains # but completeOnHash is true');
  });

  it("warns about a menu without invalid-input handling (exit 0), and fails it with --strict", async () => {
    const path = flowFile("no-invalid.yaml", base(MAIN + SALES, "  speed: 1"));
    const result = await cli("validate", path);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/:6:3: warning \[missing-invalid-handling\] menu main has no onInvalid/);
    expect((await cli("validate", "--strict", path)).code).toBe(1);
  });

  it("reports a prompt over 3000 characters", async () => {
    const path = flowFile("long-prompt.yaml", base(MAIN.replace("Press 1 for sales.", "a".repeat(3001)) + SALES));
    const result = await cli("validate", path);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/:7:13: error \[prompt-too-long\] \/menus\/main\/prompt: "a+\.\.\. found, expected the prompt to speak .*at most 3000 characters/);
    expect(result.stdout).not.toContain("[schema]");
  });

  it.each([
    ["speed: 2.5", "/defaults/speed: 2.5 found, expected speech speed, 0.5 to 2"],
    ["capture: { maxDigits: 30 }", "/defaults/capture/maxDigits: 30 found, expected most digits accepted, 1 to 25"],
    ["capture: { digitTimeout: 10000, overallTimeout: 5000 }", "overallTimeout 5000 must not be less than digitTimeout 10000"],
  ])("reports a parameter outside 8x8's limits: %s", async (setting, message) => {
    const path = flowFile("limits.yaml", base(MAIN + SALES, `  onInvalid: { then: hangup }\n  ${setting}`));
    const result = await cli("validate", path);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("error [out-of-limits]");
    expect(result.stdout).toContain(message);
  });

  it("reports a handler the flow's handlers module does not export", async () => {
    const module = flowFile("handlers.mjs", "export default { handlers: { lookup() { return null; } } };\n");
    const path = flowFile("handler.yaml", base(MAIN.replace('"1": sales', '"1": { handler: lookop, then: sales }') + SALES).replace("entry: main", `entry: main\nhandlers: ./${module.split("/").pop()}`));
    const result = await cli("validate", path);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('names handler "lookop", which the handlers module does not export (it exports: lookup)');
  });

  it("exits 2 with a clear message when the file cannot be read", async () => {
    const result = await cli("validate", join(dir, "missing.yaml"));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot read .*missing\.yaml: ENOENT/);
  });

  it("exits 2 for a file that is not a flow", async () => {
    const result = await cli("validate", "package.json.txt");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("expected a flow file ending in .yaml, .yml, .json");
  });
});

describe("switchboard graph", () => {
  it("prints a Mermaid flowchart of the restaurant menu tree", async () => {
    const result = await cli("graph", "examples/restaurant.yaml");
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith("flowchart TD\n")).toBe(true);
    expect(result.stdout).toContain('m_main_menu -- "1" --> m_reservations');
    expect(result.stdout).toContain('m_reservations -- "3" --> m_main_menu');
    expect(result.stdout).toMatch(/m_connect_call -- "1" --> t\d+\n/);
  });

  it("refuses a flow that does not parse, exit 1, findings on stderr", async () => {
    const path = flowFile("broken.yaml", "version: 2\n");
    const result = await cli("graph", path);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("/version: 2 found, expected 1");
  });
});
