/**
 * Rough edges of `switchboard validate` and `graph` found in a trial (issue 13): graph reports
 * what validate reports, the default for running out of tries and its warnings, YAML syntax
 * errors in words of indentation, template errors beside schema errors, and a flow's handlers
 * module in a folder without "type": "module". Run in process through `run(argv, io)`.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./cli-helpers.js";

const dir = mkdtempSync(join(tmpdir(), "switchboard-findings-"));

function flowFile(name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return name;
}

const cli = (...args: string[]) => runCli(args, { cwd: dir });

const HANDLED = `defaults:
  onInvalid: { then: hangup }
  onNoInput: { then: hangup }
`;

describe("switchboard graph reports validate's findings", () => {
  const path = flowFile("sails.yaml", `version: 1\nentry: main\n${HANDLED}menus:\n  main:\n    prompt: Press 1 for sales.\n    options:\n      "1": sails\n      "9": hangup\n`);

  it("exits 1 for a menu target that does not exist, draws nothing, and prints the finding validate prints", async () => {
    const validate = await cli("validate", path);
    const graph = await cli("graph", path);
    expect(validate.code).toBe(1);
    expect(graph.code).toBe(1);
    expect(graph.stdout).toBe("");
    const finding = `${path}:10:12: error [unknown-target] /menus/main/options/1 goes to menu "sails", which does not exist`;
    expect(validate.stdout).toContain(finding);
    expect(graph.stderr).toContain(finding);
    expect(graph.stderr).toContain(`error: ${path}: 1 error, 0 warnings; fix them to draw the graph [SB_CLI_FLOW_HAS_ERRORS]`);
  });

  it("still draws a flow that has only warnings, and prints the warnings on stderr", async () => {
    const warned = flowFile("warned.yaml", `version: 1\nentry: main\nmenus:\n  main:\n    prompt: Press 1.\n    options:\n      "1": hangup\n`);
    const graph = await cli("graph", warned);
    expect(graph.code).toBe(0);
    expect(graph.stdout.startsWith("flowchart TD\n")).toBe(true);
    expect(graph.stderr).toContain("warning [missing-no-input-handling]");
  });
});

describe("running out of tries", () => {
  it("warns about a menu whose silence falls to the default, as it does for wrong input", async () => {
    const path = flowFile("no-silence.yaml", `version: 1\nentry: main\ndefaults:\n  onInvalid: { replay: 1 }\nmenus:\n  main:\n    prompt: Press 1.\n    options:\n      "1": hangup\n`);
    const result = await cli("validate", path);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `${path}:6:3: warning [missing-no-input-handling] menu main has no onNoInput (nor defaults.onNoInput): once 8x8's own tries pass in silence, the caller hears "Sorry, we didn't get that. Goodbye." and the call ends`,
    );
    expect(result.stdout).not.toContain("missing-invalid-handling");
    expect(result.stdout).toContain(`${path}: ok (0 errors, 1 warning)`);
  });

  it("says the default goodbye, not the fallback, in the wrong-input warning", async () => {
    const path = flowFile("no-invalid.yaml", `version: 1\nentry: main\ndefaults:\n  onNoInput: { then: hangup }\nmenus:\n  main:\n    prompt: Press 1.\n    options:\n      "1": hangup\n`);
    const result = await cli("validate", path);
    expect(result.stdout).toContain(`warning [missing-invalid-handling] menu main has no onInvalid (nor defaults.onInvalid): wrong input replays the menu twice, then the caller hears "Sorry, we didn't get that. Goodbye." and the call ends`);
    expect(result.stdout).not.toContain("fallback");
  });
});

describe("YAML syntax errors", () => {
  const menus = (body: string) => `version: 1\nentry: main\n${HANDLED}menus:\n  main:\n${body}`;

  it.each([
    [
      "a key indented one space short of its siblings",
      menus(`    prompt: Press 1.\n    options:\n      "1": hangup\n     "2": hangup\n`),
      ':11:1: error [yaml-syntax] indentation: line 11 is indented 5 spaces, but the lines above it use 4 or 6; the keys of one mapping must start at the same column',
    ],
    [
      "a key indented one space short of its parent's keys",
      menus(`    prompt: Press 1.\n   options:\n      "1": hangup\n`),
      ":9:1: error [yaml-syntax] indentation: line 9 is indented 3 spaces, but the lines above it use 2 or 4;",
    ],
    ["a tab", menus(`\tprompt: Press 1.\n    options:\n      "1": hangup\n`), ":8:1: error [yaml-syntax] indentation: line 8 is indented with a tab; YAML indents with spaces only"],
    [
      "a line indented deeper than the one above",
      menus(`    prompt: Press 1.\n      options:\n        "1": hangup\n`),
      ":8:13: error [yaml-syntax] indentation: the line after line 8 is indented deeper than it, so YAML reads it as part of this line's value",
    ],
    [
      "a prompt continued at its key's indentation",
      menus(`    prompt: Press 1 for sales\n    or 2 for support.\n    options:\n      "1": hangup\n`),
      `:9:5: error [yaml-syntax] line 9 has no "key:" and does not continue the value above it; if it continues the text of the line above, indent it deeper than that line's key (or quote the whole text)`,
    ],
    [
      "an unquoted value with a colon",
      menus(`    prompt: Sales: press 1.\n    options:\n      "1": hangup\n`),
      `:8:13: error [yaml-syntax] line 8: the value "Sales: press 1." contains ": ", which YAML reads as another key; put the value in quotes`,
    ],
  ])("names the cause of %s, once", async (_name, text, finding) => {
    const path = flowFile(`yaml-${_name.replace(/\W+/g, "-")}.yaml`, text);
    const result = await cli("validate", path);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${path}${finding}`);
    expect(result.stdout.trim().split("\n")).toHaveLength(1);
  });

  it("hints at indentation when a key's entries are not indented under it", async () => {
    const path = flowFile("flat-options.yaml", menus(`    prompt: Press 1.\n    options:\n    "1": hangup\n`));
    const result = await cli("validate", path);
    expect(result.stdout).toContain(`/menus/main/options: null found, expected an object (key or digit string (or \`any\`) to action); if its entries are on the lines below, indent them deeper than "options:"`);
  });
});

describe("template errors", () => {
  it("are reported together with schema errors, not only after them", async () => {
    const path = flowFile(
      "templates.yaml",
      `version: 1\nentry: main\n${HANDLED}menus:\n  main:\n    prompt: Hello {{callr}}, press 1.\n    options:\n      "1": { say: "You typed {{digits | shout}}", colour: red }\n`,
    );
    const result = await cli("validate", path);
    expect(result.code).toBe(1);
    const lines = result.stdout.trim().split("\n");
    expect(lines).toEqual([
      `${path}:8:13: error [template] /menus/main/prompt: "{{callr}}" starts with callr; expected one of digits, vars, result, caller, called, sessionId, menu`,
      `${path}:10:19: error [template] /menus/main/options/1/say: "| shout" is not a filter; expected one of spell`,
      `${path}:10:51: error [schema] /menus/main/options/1/colour: key "colour" is not a known key here`,
    ]);
  });
});

describe("a flow's handlers module in a folder without \"type\": \"module\"", () => {
  it("is read for its handler names as serve reads it (no unknown-handler error)", async () => {
    writeFileSync(join(dir, "handlers.ts"), "export default { handlers: { lookup: async () => ({ found: true }) } };\n");
    const path = flowFile("with-handlers.yaml", `version: 1\nentry: main\nhandlers: ./handlers.ts\n${HANDLED}menus:\n  main:\n    prompt: Press 1.\n    options:\n      "1": { handler: lookup, then: hangup }\n`);
    const result = await cli("validate", path);
    expect(result.stdout).not.toContain("unknown-handler");
    expect(result).toMatchObject({ code: 0 });
  });
});
