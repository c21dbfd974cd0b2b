/**
 * Reads every import of the TypeScript files under `src/`, for test/architecture.test.ts. It parses
 * each file with the TypeScript compiler rather than matching text, so an `import` written in a
 * doc comment's example is not counted, and `import type`, `export ... from`, `import("...")` and
 * type-position `import("...").T` all are: each is a dependency a reader has to follow.
 *
 * @example
 * for (const edge of readImportGraph("src")) console.log(`${edge.file}:${edge.line} -> ${edge.target}`);
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, posix, relative, resolve, sep } from "node:path";
import ts from "typescript";

/** One import of one file: where it is written, what it says and the file it names. */
export interface ImportEdge {
  /** The importing file, relative to the repository, with forward slashes: `src/server/auth.ts`. */
  readonly file: string;
  /** 1-based line of the import. */
  readonly line: number;
  /** The specifier as written: `../util/index.js`. */
  readonly specifier: string;
  /**
   * The imported file relative to the root folder given (`util/index.js`), or null for a package,
   * a `node:` module, or a relative path that leaves that folder (a test helper under `test/`).
   */
  readonly target: string | null;
}

/** Every `.ts` file under `dir`, relative to the working directory, with forward slashes. */
export function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(path));
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) files.push(path.split(sep).join("/"));
  }
  return files.sort();
}

/** The module specifiers a file imports, with their positions; computed specifiers are skipped. */
function specifiers(source: ts.SourceFile): Array<{ text: string; pos: number }> {
  const found: Array<{ text: string; pos: number }> = [];
  const visit = (node: ts.Node): void => {
    let literal: ts.Node | undefined;
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) literal = node.moduleSpecifier;
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) literal = node.arguments[0];
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) literal = node.argument.literal;
    if (literal && ts.isStringLiteralLike(literal)) found.push({ text: literal.text, pos: literal.getStart(source) });
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Every import of every `.ts` file under `root` (a folder such as `src`). */
export function readImportGraph(root: string): ImportEdge[] {
  const rootPath = resolve(root);
  const edges: ImportEdge[] = [];
  for (const file of sourceFiles(root)) {
    const text = readFileSync(file, "utf8");
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    for (const { text: specifier, pos } of specifiers(source)) {
      const line = source.getLineAndCharacterOfPosition(pos).line + 1;
      let target: string | null = null;
      if (specifier.startsWith(".")) {
        const within = relative(rootPath, resolve(dirname(file), specifier));
        if (!within.startsWith("..")) target = within.split(sep).join(posix.sep);
      }
      edges.push({ file, line, specifier, target });
    }
  }
  return edges;
}
