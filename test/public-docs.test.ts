/**
 * Every symbol the package exports (its entry points: `switchboard-ivr`, `/simulator`,
 * `/testing`) explains itself where an editor shows it: a doc comment on the symbol's own
 * declaration, so hovering over it in a user's code says what it is. The main entry symbols
 * (`VoiceClient`, `compileFlow`, `loadIvr`, `createServer`, `openStore`, `startSimulator`,
 * `startTestPlatform`) carry an `@example` too.
 */
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ENTRY_POINTS = ["src/index.ts", "src/simulator/index.ts", "src/testing/index.ts"];
const WITH_EXAMPLE = ["VoiceClient", "compileFlow", "loadIvr", "createServer", "openStore", "startSimulator", "startTestPlatform"];

const program = ts.createProgram(ENTRY_POINTS, { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, strict: true });
const checker = program.getTypeChecker();

interface Exported {
  entry: string;
  name: string;
  docs: string;
  tags: string[];
  where: string;
}

function exportsOf(entry: string): Exported[] {
  const file = program.getSourceFile(entry);
  if (!file) throw new Error(`${entry} is not part of the program`);
  const moduleSymbol = checker.getSymbolAtLocation(file);
  if (!moduleSymbol) throw new Error(`${entry} has no module symbol`);
  return checker.getExportsOfModule(moduleSymbol).map((exported) => {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const declaration = symbol.declarations?.[0];
    const where = declaration ? `${declaration.getSourceFile().fileName}:${declaration.getSourceFile().getLineAndCharacterOfPosition(declaration.getStart()).line + 1}` : "?";
    return {
      entry,
      name: exported.name,
      docs: ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim(),
      tags: symbol.getJsDocTags(checker).map((tag) => tag.name),
      where,
    };
  });
}

const all = ENTRY_POINTS.flatMap(exportsOf);

describe("the package's public symbols", () => {
  it("finds the exports of every entry point", () => {
    expect(all.length).toBeGreaterThan(100);
    expect(all.map((e) => e.name)).toEqual(expect.arrayContaining(WITH_EXAMPLE));
  });

  it("each has a doc comment on its declaration", () => {
    const undocumented = all.filter((e) => e.docs === "").map((e) => `${e.name} (${e.entry}) declared at ${e.where}`);
    expect(
      [...new Set(undocumented)],
      "exported symbols without a /** doc comment */ on their declaration (what an editor hover shows): say what each is for",
    ).toEqual([]);
  });

  it("the main ones show an example", () => {
    const without = WITH_EXAMPLE.filter((name) => !all.some((e) => e.name === name && e.tags.includes("example")));
    expect(without, "main entry symbols whose doc comment has no @example (a file's header comment does not count)").toEqual([]);
  });
});
