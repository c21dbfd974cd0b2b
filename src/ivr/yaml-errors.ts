/**
 * YAML syntax errors in words a flow author acts on. The `yaml` parser reports what broke in its
 * grammar ("All mapping items must start at the same column", "Nested mappings are not allowed
 * in compact mappings"); most of those, in a hand-written flow, are one line indented wrong or a
 * value with `: ` in it. This says which, with the indentation of the lines around, and keeps
 * one finding per line (the parser often reports the same slip two or three times).
 *
 * @example
 * yamlSyntaxMessage({ code: "BAD_INDENT", message: "All mapping items must start at the same column" }, source, 7);
 * // "indentation: line 8 is indented 5 spaces, but the lines above it use 4 or 6; the keys of one mapping ..."
 */

/** What this module reads of the parser's error: its code, its message and where it starts. */
export interface YamlErrorLike {
  code: string;
  message: string;
}

const leadingSpaces = (line: string): number => /^ */.exec(line)![0].length;
const isContent = (line: string): boolean => !/^\s*(#|$)/.test(line);
const spaces = (n: number): string => `${n} space${n === 1 ? "" : "s"}`;

/** The indentations used above `index` nearest to the line's own: the closest deeper and shallower. */
function neighbours(lines: readonly string[], index: number): { deeper?: number; shallower?: number } {
  const own = leadingSpaces(lines[index] ?? "");
  const found: { deeper?: number; shallower?: number } = {};
  for (let i = index - 1; i >= 0 && (found.deeper === undefined || found.shallower === undefined); i -= 1) {
    const line = lines[i]!;
    if (!isContent(line)) continue;
    const indent = leadingSpaces(line);
    if (indent > own && found.deeper === undefined && found.shallower === undefined) found.deeper = indent;
    if (indent < own && found.shallower === undefined) found.shallower = indent;
  }
  return found;
}

/** "line 8 is indented 5 spaces, but the lines above it use 4 or 6" (or what is known of that). */
function misindented(lines: readonly string[], index: number, rule: string): string {
  const own = leadingSpaces(lines[index] ?? "");
  const { deeper, shallower } = neighbours(lines, index);
  const around = [shallower, deeper].filter((n): n is number => n !== undefined);
  const used = around.length === 0 ? "" : `, but the lines above it use ${around.join(" or ")}`;
  return `indentation: line ${index + 1} is indented ${spaces(own)}${used}; ${rule}`;
}

/** The text of the value that starts at `offset`, to the end of its line. */
function restOfLine(source: string, offset: number): string {
  const end = source.indexOf("\n", offset);
  return source.slice(offset, end === -1 ? undefined : end);
}

/** The finding's message for one parser error at `offset` (0-based, in `source`). */
export function yamlSyntaxMessage(error: YamlErrorLike, source: string, offset: number): string {
  const lines = source.split("\n");
  const index = source.slice(0, offset).split("\n").length - 1;
  const first = error.message.split("\n")[0] ?? error.message;
  switch (error.code) {
    case "TAB_AS_INDENT":
      return `indentation: line ${index + 1} is indented with a tab; YAML indents with spaces only, so replace the tab with spaces`;
    case "BAD_INDENT":
      if (first.startsWith("All mapping items")) {
        return misindented(lines, index, "the keys of one mapping must start at the same column (indent with spaces, like the key this one belongs beside)");
      }
      if (first.startsWith("Flow map") || first.startsWith("Flow sequence")) {
        return `indentation: the { } or [ ] value on line ${index + 1} continues on a line that is not indented deeper than its key; keep it on one line, or indent its next lines deeper than the key`;
      }
      return misindented(lines, index, first);
    case "BLOCK_AS_IMPLICIT_KEY": {
      const rest = restOfLine(source, offset);
      if (/:(\s|$)/.test(rest)) {
        return `line ${index + 1}: the value ${JSON.stringify(rest.trim())} contains ": ", which YAML reads as another key; put the value in quotes`;
      }
      if (first.startsWith("A block sequence")) {
        return misindented(lines, index, "the items of one list must start at the same column");
      }
      return `indentation: the line after line ${index + 1} is indented deeper than it, so YAML reads it as part of this line's value; indent it like this line's key, or put this value on lines of its own`;
    }
    case "MULTILINE_IMPLICIT_KEY":
    case "MISSING_CHAR":
      if (first.startsWith("Implicit")) {
        return `line ${index + 1} has no "key:" and does not continue the value above it; if it continues the text of the line above, indent it deeper than that line's key (or quote the whole text)`;
      }
      if (first.startsWith("Sequence item without")) {
        return misindented(lines, index, `a list item's keys must line up with the first key after its "- "`);
      }
      return first;
    default:
      return first;
  }
}

/**
 * The parser's errors as one finding per line, each worded by `yamlSyntaxMessage`. `lineOf`
 * gives the 1-based line of an offset.
 */
export function yamlFindings<E extends YamlErrorLike & { pos: [number, number] }>(
  errors: readonly E[],
  source: string,
  lineOf: (offset: number) => number,
): Array<{ error: E; message: string }> {
  const seen = new Set<number>();
  const out: Array<{ error: E; message: string }> = [];
  for (const error of errors) {
    const line = lineOf(error.pos[0]);
    if (seen.has(line)) continue;
    seen.add(line);
    out.push({ error, message: yamlSyntaxMessage(error, source, error.pos[0]) });
  }
  return out;
}
