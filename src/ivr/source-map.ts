/**
 * Parses flow source (YAML, or JSON, which is YAML) and remembers where each value sits, so a
 * finding about `/menus/main/options/2` can be reported at the line and column the user wrote it.
 *
 * @example
 * const parsed = parseSource(text, "restaurant.yaml");
 * parsed.locate("/menus/main/prompt"); // { line: 9, column: 13 }
 */
import { isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import type { Diagnostic } from "./diagnostics.js";
import { yamlFindings } from "./yaml-errors.js";

export interface Position {
  line: number;
  column: number;
}

export interface ParsedSource {
  file: string;
  /** The plain value, or undefined when the text did not parse. */
  value: unknown;
  /** Syntax errors, already as diagnostics. */
  diagnostics: Diagnostic[];
  /** Where the value at a JSON pointer starts; `key: true` points at its key instead. */
  locate(pointer: string, options?: { key?: boolean }): Position;
}

export function parseSource(source: string, file: string): ParsedSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const toPosition = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  // One finding per line, worded for a flow author (indentation, an unquoted ": ").
  const diagnostics: Diagnostic[] = yamlFindings(doc.errors, source, (offset) => toPosition(offset).line).map(({ error, message }) => ({
    file,
    ...toPosition(error.pos[0]),
    severity: "error",
    code: "yaml-syntax",
    message,
    path: "",
  }));
  const locate = (pointer: string, options: { key?: boolean } = {}): Position => {
    const segments = pointer.split("/").slice(1).map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
    let node: unknown = doc.contents;
    let keyNode: unknown;
    let last: Node | undefined = isNode(node) ? node : undefined;
    for (const segment of segments) {
      keyNode = undefined;
      if (isMap(node)) {
        const pair = node.items.find((item) => isPair(item) && String(isScalar(item.key) ? item.key.value : item.key) === segment);
        if (!pair) break;
        keyNode = pair.key;
        node = pair.value;
      } else if (isSeq(node)) {
        node = node.items[Number(segment)];
      } else {
        break;
      }
      if (isNode(node)) last = node;
      else if (isNode(keyNode)) last = keyNode;
    }
    const target = options.key && isNode(keyNode) ? keyNode : last;
    const offset = target?.range?.[0];
    return offset === undefined ? { line: 1, column: 1 } : toPosition(offset);
  };
  const value = doc.errors.length > 0 ? undefined : doc.toJS({ maxAliasCount: 100 });
  return { file, value, diagnostics, locate };
}
