/**
 * The layers of src/ (docs/architecture.md), checked on every import of every .ts file under src/,
 * its tests included: a test that reaches up the stack or into another folder's insides ties that
 * layer to code it should not know, just as production code would. Files outside src/ (test/,
 * bench/, scripts/) use the package as its users do and are not checked.
 *
 * The rules, each failing with the file, the line and the import:
 * 1. imports run down the stack only; folders on one level do not import each other;
 * 2. an import into another folder goes through that folder's index.ts;
 * 3. the simulator imports only voice/ and util/ (it must meet the server on the wire).
 */
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readImportGraph, type ImportEdge } from "./import-graph.js";

/**
 * The stack, bottom first; a folder may import only folders on lower rows. `index.ts` stands for
 * src/index.ts, the package entry, which sits at the top with cli (nothing imports either).
 * followup/ is the next issue's: it plugs into the server, which never imports it.
 */
const STACK: ReadonlyArray<readonly string[]> = [
  ["util"],
  ["voice"],
  ["ivr", "client", "store"],
  ["server", "simulator"],
  ["followup"],
  ["testing"],
  ["cli", "index.ts"],
];

/** What the simulator may import besides itself. */
const SIMULATOR_MAY_IMPORT = new Set(["voice", "util"]);


const LEVEL = new Map(STACK.flatMap((row, level) => row.map((folder) => [folder, level] as const)));

/** The stack folder of a path relative to src/ (`server/auth.ts` → `server`; `index.ts` → `index.ts`). */
function folderOf(pathInSrc: string): string {
  const slash = pathInSrc.indexOf("/");
  if (slash >= 0) return pathInSrc.slice(0, slash);
  return pathInSrc === "index.ts" || pathInSrc === "index.js" ? "index.ts" : pathInSrc;
}

/** An import from one stack folder into another, the only kind the rules look at. */
interface CrossImport extends ImportEdge {
  readonly from: string;
  readonly to: string;
  readonly target: string;
}

function crossImports(edges: readonly ImportEdge[]): CrossImport[] {
  const result: CrossImport[] = [];
  for (const edge of edges) {
    if (edge.target === null) continue;
    const from = folderOf(edge.file.replace(/^src\//, ""));
    const to = folderOf(edge.target);
    if (from !== to) result.push({ ...edge, from, to, target: edge.target });
  }
  return result;
}

const where = (edge: ImportEdge) => `${edge.file}:${edge.line} imports "${edge.specifier}"`;

/** Rule 1: down the stack only. */
function stackViolations(edges: readonly ImportEdge[]): Array<[ImportEdge, string]> {
  const found: Array<[ImportEdge, string]> = [];
  for (const edge of crossImports(edges)) {
    const from = LEVEL.get(edge.from);
    const to = LEVEL.get(edge.to);
    if (from === undefined || to === undefined) {
      found.push([edge, `${where(edge)}: ${from === undefined ? edge.from : edge.to} has no place in the stack (add it to STACK and docs/architecture.md)`]);
    } else if (to === from) {
      found.push([edge, `${where(edge)}: ${edge.from} and ${edge.to} are on one level and may not import each other`]);
    } else if (to > from) {
      found.push([edge, `${where(edge)}: runs up the stack, ${edge.from} is below ${edge.to}`]);
    }
  }
  return found;
}

/** Rule 2: another folder is entered through its index.ts. */
function indexViolations(edges: readonly ImportEdge[]): Array<[ImportEdge, string]> {
  return crossImports(edges)
    .filter((edge) => edge.target !== `${edge.to}/index.js` && edge.target !== `${edge.to}/index.ts`)
    .map((edge) => [edge, `${where(edge)}: skips ${edge.to}/index.ts (export what is needed there and import that)`]);
}

/** Rule 3: the simulator knows only the wire model and the general helpers. */
function simulatorViolations(edges: readonly ImportEdge[]): Array<[ImportEdge, string]> {
  return crossImports(edges)
    .filter((edge) => edge.from === "simulator" && !SIMULATOR_MAY_IMPORT.has(edge.to))
    .map((edge) => [edge, `${where(edge)}: the simulator may import only voice/ and util/; it meets the server on the wire`]);
}

const graph = readImportGraph("src");

function check(violations: Array<[ImportEdge, string]>): void {
  expect(violations.map(([, message]) => message)).toEqual([]);
}

describe("the layers of src/", () => {
  it("reads imports of every kind, so the rules below cannot pass on an empty graph", () => {
    const edges = graph.map((e) => `${e.file} ${e.specifier}`);
    expect(edges).toContain("src/index.ts ./voice/index.js"); // export * from
    expect(edges).toContain("src/cli/dev.ts ./dev-run.js"); // await import()
    expect(edges).toContain("src/server/options.ts ../ivr/index.js"); // import type
  });

  it("places every folder of src/ in the stack", () => {
    const folders = readdirSync("src", { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    expect(folders.filter((folder) => !LEVEL.has(folder))).toEqual([]);
  });

  it("imports only down the stack, and never across one level", () => {
    check(stackViolations(graph));
  });

  it("enters another folder only through its index.ts", () => {
    check(indexViolations(graph));
  });

  it("keeps the simulator to voice/ and util/", () => {
    check(simulatorViolations(graph));
  });
});

describe("the rules themselves", () => {
  const edge = (file: string, specifier: string, target: string): ImportEdge => ({ file, line: 1, specifier, target });

  it("refuses an import up the stack, across a level, or from an unplaced folder", () => {
    const found = stackViolations([
      edge("src/voice/a.ts", "../ivr/index.js", "ivr/index.js"),
      edge("src/store/a.ts", "../client/index.js", "client/index.js"),
      edge("src/server/a.ts", "../simulator/index.js", "simulator/index.js"),
      edge("src/server/a.ts", "../followup/index.js", "followup/index.js"),
      edge("src/cli/a.ts", "../index.js", "index.js"),
      edge("src/dashboard/a.ts", "../voice/index.js", "voice/index.js"),
    ]).map(([, message]) => message);
    expect(found).toEqual([
      expect.stringContaining("runs up the stack, voice is below ivr"),
      expect.stringContaining("store and client are on one level"),
      expect.stringContaining("server and simulator are on one level"),
      expect.stringContaining("runs up the stack, server is below followup"),
      expect.stringContaining("cli and index.ts are on one level"),
      expect.stringContaining("dashboard has no place in the stack"),
    ]);
  });

  it("accepts an import down the stack and one inside a folder", () => {
    expect(stackViolations([edge("src/cli/a.ts", "../server/index.js", "server/index.js"), edge("src/store/sqlite/a.ts", "../types.js", "store/types.js")])).toEqual([]);
  });

  it("refuses an import into another folder's insides, naming file and line", () => {
    const found = indexViolations([edge("src/server/a.ts", "../store/sqlite/statements.js", "store/sqlite/statements.js"), edge("src/server/a.ts", "../store/index.js", "store/index.js")]);
    expect(found.map(([, message]) => message)).toEqual([
      'src/server/a.ts:1 imports "../store/sqlite/statements.js": skips store/index.ts (export what is needed there and import that)',
    ]);
  });

  it("refuses the simulator anything below it but voice/ and util/", () => {
    const found = simulatorViolations([
      edge("src/simulator/a.ts", "../store/index.js", "store/index.js"),
      edge("src/simulator/a.ts", "../voice/index.js", "voice/index.js"),
      edge("src/simulator/a.ts", "../util/index.js", "util/index.js"),
    ]);
    expect(found.map(([e]) => e.specifier)).toEqual(["../store/index.js"]);
  });
});
