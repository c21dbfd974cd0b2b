/**
 * The error catalogue and docs/errors.md agree both ways (fastify's test that reads
 * docs/Reference/Errors.md against lib/errors.js): every code in `ERROR_CODES` has one section,
 * under its layer's heading, and every section names a code that exists. Codes written anywhere
 * else (a literal in src/, a layer's own list, a mention in another docs page) must be the
 * catalogue's, so a renamed code cannot linger.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { CLIENT_ERROR_CODES } from "../src/client/errors.js";
import { CLI_ERROR_CODES } from "../src/cli/cli-errors.js";
import { SERVER_ERRORS } from "../src/server/errors.js";
import { STORE_ERROR_CODES } from "../src/store/errors.js";
import { ERROR_CODES, type ErrorLayer } from "../src/util/index.js";
import { repoRoot } from "./shared-files.js";

/** The `## ` heading each layer's codes sit under in docs/errors.md. */
const SECTIONS: Record<ErrorLayer, string> = {
  CLIENT: "Client errors",
  STORE: "Store errors",
  SERVER: "Server errors",
  IVR: "IVR errors",
  SIM: "Simulator errors",
  TESTING: "Testing kit errors",
  CLI: "CLI errors",
};
const CODE_SHAPE = /^SB_(CLIENT|STORE|SERVER|IVR|SIM|TESTING|CLI)_[A-Z0-9]+(?:_[A-Z0-9]+)*$/;
// A code-shaped word; `SB_CLIENT_*` in prose does not match, as the layer must be followed by a name.
const CODE_IN_TEXT = /\bSB_(?:CLIENT|STORE|SERVER|IVR|SIM|TESTING|CLI)_[A-Z0-9_]*[A-Z0-9]\b/g;

const catalogue = new Set<string>(Object.keys(ERROR_CODES));
const read = (path: string) => readFileSync(resolve(repoRoot, path), "utf8");

/** Each `### CODE` heading of docs/errors.md with the `## ` section it sits in. */
function documentedSections(): { code: string; section: string }[] {
  let section = "";
  const found: { code: string; section: string }[] = [];
  for (const line of read("docs/errors.md").split("\n")) {
    if (line.startsWith("## ")) section = line.slice(3).trim();
    else if (line.startsWith("### ")) found.push({ code: line.slice(4).trim(), section });
  }
  return found;
}

function files(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(resolve(repoRoot, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return files(path, keep);
    return keep(entry.name) ? [path] : [];
  });
}

/** Code-shaped words in the given files that the catalogue does not hold, as "file: CODE". */
function unknownCodesIn(paths: string[]): string[] {
  return paths.flatMap((path) => [...read(path).matchAll(CODE_IN_TEXT)].map((m) => m[0]).filter((code) => !catalogue.has(code)).map((code) => `${path}: ${code}`));
}

const documented = documentedSections();
const sectionOf = new Map(documented.map((d) => [d.code, d.section]));

describe("the error catalogue", () => {
  it("is frozen", () => {
    expect(Object.isFrozen(ERROR_CODES)).toBe(true);
  });

  it("names every code SB_<LAYER>_<WHAT>, with a one-line description", () => {
    for (const [code, description] of Object.entries(ERROR_CODES)) {
      expect(code).toMatch(CODE_SHAPE);
      expect(description.length, code).toBeGreaterThan(0);
      expect(description, code).not.toContain("\n");
    }
  });

  it("holds every code the layers list of their own", () => {
    const listed = [...CLIENT_ERROR_CODES, ...CLI_ERROR_CODES, ...Object.keys(SERVER_ERRORS), ...Object.values(STORE_ERROR_CODES)];
    expect(listed.filter((code) => !catalogue.has(code))).toEqual([]);
  });

  it("holds every code written in src/", () => {
    expect(unknownCodesIn(files("src", (name) => name.endsWith(".ts") && !name.endsWith(".test.ts")))).toEqual([]);
  });
});

describe("docs/errors.md", () => {
  for (const code of catalogue) {
    it(`documents ${code} under its layer`, () => {
      const layer = CODE_SHAPE.exec(code)?.[1] as ErrorLayer;
      expect(sectionOf.get(code), `add a "### ${code}" section under "## ${SECTIONS[layer]}" in docs/errors.md`).toBe(SECTIONS[layer]);
    });
  }

  it("documents no code that does not exist", () => {
    expect(documented.map((d) => d.code).filter((code) => !catalogue.has(code))).toEqual([]);
  });

  it("documents each code once", () => {
    const codes = documented.map((d) => d.code);
    expect(codes.filter((code, index) => codes.indexOf(code) !== index)).toEqual([]);
  });
});

describe("the other docs pages", () => {
  const pages = ["README.md", "CHANGELOG.md", ...files("docs", (name) => name.endsWith(".md"))].filter((page) => page !== join("docs", "errors.md"));

  it("list no codes of their own: they link to docs/errors.md", () => {
    const sections = pages.flatMap((page) => [...read(page).matchAll(/^#{1,6} (SB_[A-Z0-9_]+)\s*$/gm)].map((m) => `${page}: ${m[1]}`));
    expect(sections).toEqual([]);
  });

  it("mention only codes that exist", () => {
    expect(unknownCodesIn(pages.filter((page) => page !== "CHANGELOG.md"))).toEqual([]);
  });
});
