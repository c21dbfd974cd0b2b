/**
 * Every code the server and the store can answer with has a `### CODE` section in
 * docs/server.md or docs/store.md, and no section outlives its code.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../test/shared-files.js";
import { STORE_ERROR_CODES } from "../store/index.js";
import { SERVER_ERRORS } from "./errors.js";

const headings = (file: string) => new Set([...readFileSync(resolve(repoRoot, file), "utf8").matchAll(/^### (SB_(?:SERVER|STORE)_[A-Z_]+)$/gm)].map((m) => m[1]!));
const documented = new Set([...headings("docs/server.md"), ...headings("docs/store.md")]);

function literals(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return literals(path);
    if (!entry.name.endsWith(".ts") || entry.name.endsWith(".test.ts")) return [];
    return [...readFileSync(path, "utf8").matchAll(/"(SB_(?:SERVER|STORE)_[A-Z_]+)"/g)].map((m) => m[1]!);
  });
}

const codes = new Set([...Object.keys(SERVER_ERRORS), ...Object.values(STORE_ERROR_CODES), ...literals(resolve(repoRoot, "src/server")), ...literals(resolve(repoRoot, "src/store"))]);

describe("server and store error codes", () => {
  for (const code of codes) {
    it(`documents ${code}`, () => {
      expect(documented.has(code), `add a "### ${code}" section to docs/server.md or docs/store.md`).toBe(true);
    });
  }

  it("documents no code that no longer exists", () => {
    expect([...documented].filter((code) => !codes.has(code))).toEqual([]);
  });
});
