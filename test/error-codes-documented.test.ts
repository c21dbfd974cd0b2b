/**
 * Every error code a user can meet has a section in docs/errors.md (fastify's FST_ERR_* habit):
 * the exported code lists and any `SB_…` literal in src/client and src/cli.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { CLIENT_ERROR_CODES } from "../src/client/index.js";
import { CLI_ERROR_CODES } from "../src/cli/cli-errors.js";
import { repoRoot } from "./shared-files.js";

const docs = readFileSync(resolve(repoRoot, "docs/errors.md"), "utf8");
const documented = new Set([...docs.matchAll(/^### (SB_[A-Z_]+)$/gm)].map((match) => match[1]));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith(".ts") && !path.endsWith(".test.ts") ? [path] : [];
  });
}

const usedInSource = new Set(
  ["src/client", "src/cli"].flatMap((dir) => sourceFiles(resolve(repoRoot, dir))).flatMap((file) => [...readFileSync(file, "utf8").matchAll(/"(SB_[A-Z_]+)"/g)].map((match) => match[1]!)),
);

describe("docs/errors.md", () => {
  for (const code of new Set([...CLIENT_ERROR_CODES, ...CLI_ERROR_CODES, ...usedInSource])) {
    it(`documents ${code}`, () => {
      expect(documented.has(code), `add a "### ${code}" section to docs/errors.md`).toBe(true);
    });
  }

  it("documents no code that no longer exists", () => {
    const known = new Set<string>([...CLIENT_ERROR_CODES, ...CLI_ERROR_CODES, ...usedInSource]);
    expect([...documented].filter((code) => !known.has(code!))).toEqual([]);
  });
});
