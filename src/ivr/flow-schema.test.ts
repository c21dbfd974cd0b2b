/** The flow schema: published file in sync, and errors that name the field, the value and what is expected. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { flowJsonSchemaText, validateFlow } from "./index.js";

const valid = `version: 1
entry: main
menus:
  main:
    prompt: Press 1.
    options:
      "1": hangup
    onInvalid: { then: hangup }
    onNoInput: { then: hangup }
`;

describe("the flow schema", () => {
  it("matches schemas/flow.schema.json on disk (regenerate with writeFlowSchema())", () => {
    expect(readFileSync("schemas/flow.schema.json", "utf8")).toBe(flowJsonSchemaText());
  });

  it("accepts a minimal flow without findings", () => {
    expect(validateFlow(valid, "ok.yaml").diagnostics).toEqual([]);
  });

  it("reads JSON flows with line numbers too", () => {
    const json = JSON.stringify({ version: 1, entry: "main", menus: { main: { prompt: "Hi", options: { "1": "hangup" }, colour: "red" } } }, null, 2);
    const [d] = validateFlow(json, "flow.json").diagnostics;
    expect(d).toMatchObject({ file: "flow.json", line: 10, severity: "error", code: "schema" });
    expect(d?.message).toContain('/menus/main/colour: key "colour" is not a known key here');
  });

  it("names the field, the value found and what is expected for a wrong value", () => {
    const [d] = validateFlow(valid.replace("version: 1", "version: 1\ndefaults: { speed: 3 }"), "f.yaml").diagnostics;
    expect(d).toMatchObject({ line: 2, code: "out-of-limits" });
    expect(d?.message).toBe("/defaults/speed: 3 found, expected speech speed, 0.5 to 2");
  });

  it("checks an option against the action its verb names instead of listing every union branch", () => {
    const [d, ...rest] = validateFlow(valid.replace('"1": hangup', '"1": { say: "Bye", then: hangup, colour: red }'), "f.yaml").diagnostics;
    expect(rest).toEqual([]);
    expect(d?.message).toBe('/menus/main/options/1/colour: key "colour" is not a known key here');
    expect(d?.line).toBe(7);
  });

  it("says what an option may be when it has no known verb", () => {
    const [d] = validateFlow(valid.replace('"1": hangup', '"1": { dial: "+6512345678" }'), "f.yaml").diagnostics;
    expect(d?.message).toMatch(/expected a menu name, hangup, repeat, back, or an object with one of goto, say, play, transfer, hangup, handler/);
  });

  it("refuses option keys a phone cannot type", () => {
    const [d] = validateFlow(valid.replace('"1": hangup', '"1a": hangup'), "f.yaml").diagnostics;
    expect(d?.message).toContain('/menus/main/options/1a: key "1a" is not a known key here');
  });

  it("reports YAML syntax errors with their position", () => {
    const [d] = validateFlow("version: 1\nmenus: [\n", "bad.yaml").diagnostics;
    expect(d).toMatchObject({ file: "bad.yaml", severity: "error", code: "yaml-syntax" });
    expect(d?.line).toBeGreaterThan(0);
  });
});
