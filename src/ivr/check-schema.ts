/**
 * Checks a parsed flow against the TypeBox `Flow` schema with Ajv and words each failure so it
 * names the field, the value found and what is expected. Option actions are a union; instead of
 * Ajv's "must match a schema in anyOf", the branch the user meant (by its verb key) is checked.
 *
 * @example
 * checkFlowSchema(value, parsed); // [] when the flow matches the schema
 */
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import type { TSchema } from "@sinclair/typebox";
import { ACTION_BRANCHES, Flow, NEXT_KEYWORDS } from "./flow-schema.js";
import type { Diagnostic, DiagnosticCode } from "./diagnostics.js";
import { MAX_TEXT_LENGTH } from "../voice/index.js";
import type { ParsedSource } from "./source-map.js";

/** Compiled on first use: compiling at import would slow every CLI command by a quarter second. */
interface Validators {
  flowShape: ValidateFunction;
  branches: Map<string, ValidateFunction>;
}
let compiled: Validators | undefined;
function validators(): Validators {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
    compiled = {
      flowShape: ajv.compile(Flow),
      branches: new Map(Object.entries(ACTION_BRANCHES).map(([verb, schema]) => [verb, ajv.compile(schema as TSchema)])),
    };
  }
  return compiled;
}

/** Paths whose schema is the OptionAction union (option values and retry `then`). */
const OPTION_ACTION_PATH = /^\/menus\/[^/]+\/options\/[^/]+$|\/(?:onInvalid|onNoInput)\/then$/;

function valueAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const raw of pointer.split("/").slice(1)) {
    const segment = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function describe(error: ErrorObject): string {
  const description = (error.parentSchema as { description?: string } | undefined)?.description;
  switch (error.keyword) {
    case "additionalProperties":
      return "is not a known key here";
    case "required":
      return "is missing";
    case "type":
      return `expected ${/^[aeiou]/.test(String(error.params.type)) ? "an" : "a"} ${String(error.params.type)}${description ? ` (${description})` : ""}`;
    case "const":
      return `expected ${show(error.params.allowedValue)}`;
    case "pattern":
    case "minimum":
    case "maximum":
    case "minLength":
    case "maxLength":
      return `expected ${description ?? error.message ?? "a different value"}${error.keyword === "maxLength" && !description?.includes("at most") ? ` (at most ${String(error.params.limit)} characters)` : ""}`;
    case "minProperties":
      return `expected at least ${String(error.params.limit)} entry`;
    default:
      return error.message ?? "does not match the schema";
  }
}

/** Where the error is about, and the value found there (for additionalProperties: the extra key). */
function subject(error: ErrorObject): { pointer: string; atKey: boolean } {
  if (error.keyword === "additionalProperties") {
    return { pointer: `${error.instancePath}/${String(error.params.additionalProperty)}`, atKey: true };
  }
  if (error.keyword === "required") {
    return { pointer: error.instancePath, atKey: false };
  }
  return { pointer: error.instancePath, atKey: false };
}

/** Length and range failures have codes of their own: they are 8x8's limits (SPEC section 3). */
function codeFor(error: ErrorObject): DiagnosticCode {
  if (error.keyword === "maxLength" && error.params.limit === MAX_TEXT_LENGTH) return "prompt-too-long";
  if (error.keyword === "minimum" || error.keyword === "maximum") return "out-of-limits";
  return "schema";
}

function toDiagnostics(errors: ErrorObject[], root: unknown, parsed: ParsedSource, base = ""): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const error of errors) {
    if (error.keyword === "anyOf" || error.keyword === "if") continue;
    const { pointer: relative, atKey } = subject(error);
    const pointer = base + relative;
    const field = pointer === "" ? "(the file)" : pointer;
    const value = valueAt(root, pointer);
    const message =
      error.keyword === "required"
        ? `${field}/${String(error.params.missingProperty)} ${describe(error)}`
        : atKey
          ? `${field}: key ${show(pointer.split("/").pop())} ${describe(error)}`
          : `${field}: ${show(value)} found, ${describe(error)}${emptyKeyHint(error, value, pointer)}`;
    out.push({ file: parsed.file, ...parsed.locate(pointer, { key: atKey }), severity: "error", code: codeFor(error), message, path: pointer });
  }
  return out;
}

/** A key with nothing after it where a mapping or list belongs: most often its entries are not indented under it. */
function emptyKeyHint(error: ErrorObject, value: unknown, pointer: string): string {
  if (error.keyword !== "type" || value !== null || !/object|array/.test(String(error.params.type))) return "";
  const key = (pointer.split("/").pop() ?? "").replace(/~1/g, "/").replace(/~0/g, "~");
  return `; if its entries are on the lines below, indent them deeper than "${key}:"`;
}

function checkOptionAction(pointer: string, value: unknown, root: unknown, parsed: ParsedSource): Diagnostic[] {
  if (typeof value === "string" || value === undefined) return [];
  const verb = typeof value === "object" && value !== null ? Object.keys(value).find((key) => validators().branches.has(key)) : undefined;
  const validator = verb ? validators().branches.get(verb) : undefined;
  if (!validator) {
    return [{
      file: parsed.file,
      ...parsed.locate(pointer),
      severity: "error",
      code: "schema",
      message: `${pointer}: ${show(value)} found, expected a menu name, ${NEXT_KEYWORDS.join(", ")}, or an object with one of ${Object.keys(ACTION_BRANCHES).join(", ")}`,
      path: pointer,
    }];
  }
  if (validator(value)) return [];
  return toDiagnostics(validator.errors ?? [], root, parsed, pointer);
}

/** Schema findings for a parsed flow; empty when it conforms. */
export function checkFlowSchema(value: unknown, parsed: ParsedSource): Diagnostic[] {
  const { flowShape } = validators();
  if (flowShape(value)) return [];
  const errors = flowShape.errors ?? [];
  const unionPaths = new Set<string>();
  const plain: ErrorObject[] = [];
  for (const error of errors) {
    const unionPath = [...prefixesOf(error.instancePath)].find((p) => OPTION_ACTION_PATH.test(p));
    if (unionPath !== undefined) unionPaths.add(unionPath);
    else plain.push(error);
  }
  const out = toDiagnostics(simplifyUnions(plain), value, parsed);
  for (const pointer of unionPaths) out.push(...checkOptionAction(pointer, valueAt(value, pointer), value, parsed));
  return dedupe(out);
}

/**
 * For a union (prompt: text or { play }), Ajv reports every branch. Keep the errors of the
 * branch whose type matches the value; when no branch's type matches, one "expected X or Y".
 */
function simplifyUnions(errors: ErrorObject[]): ErrorObject[] {
  const unions = new Set(errors.filter((e) => e.keyword === "anyOf").map((e) => e.instancePath));
  const out: ErrorObject[] = [];
  for (const path of unions) {
    const typeErrors = errors.filter((e) => e.instancePath === path && e.keyword === "type");
    const others = errors.filter((e) => e.instancePath.startsWith(path) && e.keyword !== "type" && e.keyword !== "anyOf");
    if (others.length === 0 && typeErrors.length > 0) {
      const types = [...new Set(typeErrors.map((e) => String(e.params.type)))].join(" or ");
      out.push({ ...typeErrors[0]!, params: { type: types } });
    }
  }
  return [...errors.filter((e) => !(unions.has(e.instancePath) && e.keyword === "type")), ...out];
}

/** The pointer and each of its ancestors, so an error deep in an option maps to the option. */
function* prefixesOf(pointer: string): Generator<string> {
  const segments = pointer.split("/");
  for (let i = segments.length; i > 1; i--) yield segments.slice(0, i).join("/");
}

function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.path}|${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
