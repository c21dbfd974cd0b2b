/**
 * Commands touch the world only through their `CliIo`, so `run(argv, io)` can run any of them in
 * process: no `process.*` (stdout, env, cwd, exit, signals) and no `console` outside the binary's
 * entry (`main.ts`) and its io (`process-io.ts`). Read with the TypeScript parser, so comments
 * that mention `process.env` do not count.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const ENTRY_FILES = new Set(["main.ts", "process-io.ts"]);
const GLOBALS = new Set(["process", "console"]);

/** Each use of `process` or `console` in a file's code, as "file:line: text". */
function globalsUsedIn(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(join(here, file), "utf8"), ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    // `x.process` names a property, not the global.
    if (ts.isIdentifier(node) && GLOBALS.has(node.text) && !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node)) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart());
      found.push(`${file}:${line + 1}: ${node.parent.getText()}`);
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(source, visit);
  return found;
}

describe("the CLI's commands", () => {
  it("use their CliIo, never process or console", () => {
    const files = readdirSync(here).filter((name) => name.endsWith(".ts") && !name.endsWith(".test.ts") && !ENTRY_FILES.has(name));
    expect(files.length).toBeGreaterThan(20);
    expect(files.flatMap(globalsUsedIn)).toEqual([]);
  });
});
