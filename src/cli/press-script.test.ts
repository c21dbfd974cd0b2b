import { describe, expect, it } from "vitest";
import { callerPicker, parsePressScript } from "./press-script.js";

describe("press scripts", () => {
  it("reads one sequence for every caller, named by its keys; YAML numbers are read as their digits", () => {
    expect(parsePressScript("press: [1, '23#', '-']", "s.yaml")).toEqual([{ name: "1 23# -", press: ["1", "23#", "-"], weight: 1 }]);
  });

  it("reads callers with weights and names, an empty press being a caller who presses nothing", () => {
    const callers = parsePressScript('{"callers": [{"press": ["3"], "weight": 2}, {"press": [], "name": "quiet"}]}', "s.json");
    expect(callers).toEqual([
      { name: "3", press: ["3"], weight: 2 },
      { name: "quiet", press: [], weight: 1 },
    ]);
  });

  it("refuses a number that is not a key, naming the entry", () => {
    expect(() => parsePressScript("press: [1.5]", "s.yaml")).toThrow(/^s\.yaml: press\[0\]: 1\.5 is invalid; expected keys 0-9/);
  });

  it("gives callers calls in turn by weight, so any run as long as the weights' sum is exact", () => {
    const pick = callerPicker(parsePressScript("callers: [{ press: ['1'], weight: 3 }, { press: ['2'], weight: 2 }]", "s.yaml"));
    const names = Array.from({ length: 50 }, (_, i) => pick(i).name);
    expect(names.filter((n) => n === "1")).toHaveLength(30);
    expect(names.filter((n) => n === "2")).toHaveLength(20);
    expect(names.slice(0, 5)).toEqual(["1", "1", "1", "2", "2"]);
  });
});
