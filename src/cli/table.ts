/**
 * Plain-text tables for the CLI: left-aligned columns separated by two spaces, no colours, so
 * the output reads the same in a terminal, a log or a CI job.
 *
 * @example
 * formatTable(["TYPE", "URL"], [["VCA", "https://ivr.example.com/webhooks/vca"]]);
 */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!))).join("  ");
  return [line(header), ...rows.map(line)].join("\n") + "\n";
}

/** JSON output of `--json`: two-space indented, one trailing newline. */
export function formatJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
