/**
 * The small template syntax of prompts and texts: `{{digits}}`, `{{vars.booking.date}}`,
 * `{{result.name}}`, `{{caller}}`, with one filter, `| spell`, that spaces digits out so TTS
 * reads "1 2 3 4" rather than "one thousand two hundred ...". A missing value renders as "".
 *
 * @example
 * renderTemplate("You typed {{digits | spell}}.", { digits: "42" }); // "You typed 4 2."
 */

/** The roots a template may start from (see docs/flows.md, "Templates"). */
export const TEMPLATE_ROOTS = ["digits", "vars", "result", "caller", "called", "sessionId", "menu"] as const;
/** A value a template may start from: `digits`, `vars`, `result`, `caller`, `called`, `sessionId` or `menu`. */
export type TemplateRoot = (typeof TEMPLATE_ROOTS)[number];
/** The filters a template may apply: `spell` spaces digits out so TTS reads them one by one. */
export const TEMPLATE_FILTERS = ["spell"] as const;

/** The values a template renders from, by root; a missing one renders as "". */
export type TemplateScope = Partial<Record<TemplateRoot, unknown>>;

const EXPRESSION = /\{\{\s*([^{}|]*?)\s*(?:\|\s*([A-Za-z]+)\s*)?\}\}/g;
const PATH = /^[A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z0-9_$]+)*$/;

/** One `{{ path | filter }}` of a text, as `templateExpressions` finds it. */
export interface TemplateExpression {
  /** The value path, e.g. `vars.booking.date`. */
  path: string;
  /** The filter's name, or undefined. */
  filter: string | undefined;
  /** Offset of `{{` in the text. */
  index: number;
}

/** The `{{...}}` expressions of a text, for static checks. */
export function templateExpressions(text: string): TemplateExpression[] {
  return [...text.matchAll(EXPRESSION)].map((m) => ({ path: m[1] ?? "", filter: m[2], index: m.index ?? 0 }));
}

/** Why an expression cannot render, or undefined when it is fine. */
export function templateProblem(expression: TemplateExpression): string | undefined {
  if (!PATH.test(expression.path)) return `"{{${expression.path}}}" is not a value path like vars.booking.date`;
  const root = expression.path.split(".")[0] as TemplateRoot;
  if (!TEMPLATE_ROOTS.includes(root)) return `"{{${expression.path}}}" starts with ${root}; expected one of ${TEMPLATE_ROOTS.join(", ")}`;
  if (expression.filter !== undefined && !(TEMPLATE_FILTERS as readonly string[]).includes(expression.filter)) {
    return `"| ${expression.filter}" is not a filter; expected one of ${TEMPLATE_FILTERS.join(", ")}`;
  }
  return undefined;
}

function lookup(scope: TemplateScope, path: string): unknown {
  let node: unknown = scope;
  for (const segment of path.split(".")) {
    if (typeof node !== "object" || node === null || !Object.hasOwn(node, segment)) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

function asText(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** Whether a text has anything to render; one without comes back from renderTemplate unchanged. */
export function hasTemplate(text: string): boolean {
  return text.includes("{{");
}

/** Renders a text; texts without `{{` come back unchanged (and fast). */
export function renderTemplate(text: string, scope: TemplateScope): string {
  if (!hasTemplate(text)) return text;
  return text.replace(EXPRESSION, (_match, path: string, filter: string | undefined) => {
    const value = asText(lookup(scope, path));
    return filter === "spell" ? [...value].join(" ") : value;
  });
}
