/**
 * The pieces of the Prometheus text exposition format 0.0.4 that our metrics print: escaping,
 * label pairs and sample values. Kept apart from the counters so the hot path never touches it:
 * a series renders its label pairs once, when it is created, not on every scrape.
 */

/** The content type of the text exposition format 0.0.4, as Prometheus expects it. */
export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * Throws unless `name` is a valid metric name and every label name is valid and not reserved
 * (`__` prefixes are Prometheus's own). Called once per metric, at construction.
 *
 * @example
 * checkNames("switchboard_http_requests_total", ["route", "method"]);
 */
export function checkNames(name: string, labelNames: readonly string[]): void {
  if (!METRIC_NAME.test(name)) throw new Error(`invalid metric name: ${JSON.stringify(name)}`);
  for (const label of labelNames) {
    if (!LABEL_NAME.test(label) || label.startsWith("__")) {
      throw new Error(`invalid label name ${JSON.stringify(label)} in metric ${name}`);
    }
  }
  if (new Set(labelNames).size !== labelNames.length) throw new Error(`duplicate label name in metric ${name}`);
}

/**
 * A label value escaped for the text format: backslash, double quote and newline.
 *
 * @example
 * escapeLabelValue('say "hi"\n'); // 'say \\"hi\\"\\n'
 */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

/** A HELP text escaped for the text format: backslash and newline (quotes stay as they are). */
export function escapeHelp(help: string): string {
  return help.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

/**
 * The `name="value"` pairs of one series, comma-separated, in the declared label order. A label
 * without a value is left out, which Prometheus reads the same as an empty value.
 *
 * @example
 * labelPairs(["route", "method"], ["/webhooks/vca", "POST"]); // 'route="/webhooks/vca",method="POST"'
 */
export function labelPairs(labelNames: readonly string[], values: readonly (string | undefined)[]): string {
  const pairs: string[] = [];
  labelNames.forEach((name, i) => {
    const value = values[i];
    if (value !== undefined) pairs.push(`${name}="${escapeLabelValue(value)}"`);
  });
  return pairs.join(",");
}

/**
 * One sample line (without its newline): `name{pairs} value`, or `name value` with no labels.
 *
 * @example
 * sampleLine("switchboard_vca_answers_total", 'source="app"', 3); // 'switchboard_vca_answers_total{source="app"} 3'
 */
export function sampleLine(name: string, pairs: string, value: number): string {
  return pairs === "" ? `${name} ${formatValue(value)}` : `${name}{${pairs}} ${formatValue(value)}`;
}

/** A sample value as the text format spells it: `+Inf`, `-Inf`, `NaN`, or the number. */
export function formatValue(value: number): string {
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return Number.isNaN(value) ? "NaN" : String(value);
}

/**
 * One metric family: its HELP and TYPE lines, then its samples, each line ending in a newline.
 * A family with no samples yet still prints HELP and TYPE, so its name is always visible.
 */
export function family(name: string, help: string, type: "counter" | "histogram", samples: readonly string[]): string {
  let text = `# HELP ${name} ${escapeHelp(help)}\n# TYPE ${name} ${type}\n`;
  for (const sample of samples) text += `${sample}\n`;
  return text;
}
