/**
 * Colour for the CLI's output, decided per output from the run's `CliIo`, never from `process`:
 * `FORCE_COLOR` (any value but `0` or `false`) turns it on, as Node's own streams read it; else
 * `NO_COLOR` (set and not empty, https://no-color.org) turns it off; else an output gets colour
 * only when it is a terminal (`isTTY`) and `TERM` is not `dumb`. A pipe, a file or a test's
 * captured output gets plain text.
 *
 * Plain SGR codes rather than a dependency or `util.styleText`: from Node 22.13 styleText checks
 * `process.stdout` by default, which may not be the output written to (nor exist, in a test),
 * and Node 20's takes no option to skip that; five codes are simpler than working around both.
 *
 * @example
 * const paint = painter(io.stderr, io.env);
 * io.stderr.write(`${paint("red", "error:")} ${message}\n`);
 */
import type { CliIo, CliOutput } from "./io.js";

/** The styles the CLI uses: red for errors, yellow for warnings, green for success, bold and dim. */
export type Style = "red" | "yellow" | "green" | "bold" | "dim";

/** Paints `text` in `style` (or returns it unchanged when colour is off). */
export type Paint = (style: Style, text: string) => string;

const SGR: Record<Style, readonly [number, number]> = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
};

/** Whether `output` gets colour, by the rules above. */
export function colourEnabled(output: CliOutput, env: CliIo["env"]): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force !== "false";
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return output.isTTY === true && env.TERM !== "dumb";
}

const plain: Paint = (_style, text) => text;
const coloured: Paint = (style, text) => `\u001b[${SGR[style][0]}m${text}\u001b[${SGR[style][1]}m`;

/** The `Paint` for one output of the run. */
export function painter(output: CliOutput, env: CliIo["env"]): Paint {
  return colourEnabled(output, env) ? coloured : plain;
}

/** A finding's severity word ("error", "warning") in its colour, inside a line formatted by `formatDiagnostic`. */
export function paintSeverity(line: string, paint: Paint): string {
  return line.replace(/: (error|warning) \[/, (_match, severity: string) => `: ${paint(severity === "error" ? "red" : "yellow", severity)} [`);
}
