/**
 * A small checker for the subset of JSON Schema our action params use (type, required, length,
 * range, pattern, no extra keys). It walks the same TypeBox objects we publish, so the validator
 * cannot drift from the schemas, and it words failures the way 8x8's validator does
 * (`$.callflow[0].params.text: is missing but it is required`).
 */
import type { TObject, TSchema } from "@sinclair/typebox";

export interface SchemaViolation {
  path: string;
  /** Which keyword failed, so callers can map a failure to an 8x8 status code. */
  keyword: "required" | "type" | "minLength" | "maxLength" | "minimum" | "maximum" | "pattern" | "additionalProperties";
  message: string;
}

const patternCache = new Map<string, RegExp>();
function regex(pattern: string): RegExp {
  let compiled = patternCache.get(pattern);
  if (!compiled) {
    compiled = new RegExp(pattern);
    patternCache.set(pattern, compiled);
  }
  return compiled;
}

/** The JSON type name of a value, as schema messages use it. */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function typeMatches(expected: string, value: unknown): boolean {
  switch (expected) {
    case "string":
      return typeof value === "string";
    case "boolean":
      return typeof value === "boolean";
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
    default:
      return true;
  }
}

function checkValue(schema: TSchema, value: unknown, path: string): SchemaViolation | undefined {
  const s = schema as Record<string, unknown>;
  const type = s.type as string | undefined;
  if (type && !typeMatches(type, value)) {
    return { path, keyword: "type", message: `${path}: ${jsonTypeOf(value)} found, ${type} expected` };
  }
  if (typeof value === "string") {
    const length = [...value].length;
    if (typeof s.minLength === "number" && length < s.minLength) {
      return { path, keyword: "minLength", message: `${path}: must be at least ${s.minLength} characters long` };
    }
    if (typeof s.maxLength === "number" && length > s.maxLength) {
      return { path, keyword: "maxLength", message: `${path}: may only be ${s.maxLength} characters long` };
    }
    if (typeof s.pattern === "string" && !regex(s.pattern).test(value)) {
      return { path, keyword: "pattern", message: `${path}: does not match the regex pattern ${s.pattern}` };
    }
  }
  if (typeof value === "number") {
    if (typeof s.minimum === "number" && value < s.minimum) {
      return { path, keyword: "minimum", message: `${path}: must have a minimum value of ${s.minimum}` };
    }
    if (typeof s.maximum === "number" && value > s.maximum) {
      return { path, keyword: "maximum", message: `${path}: must have a maximum value of ${s.maximum}` };
    }
  }
  if (type === "object") return checkObject(schema as TObject, value as Record<string, unknown>, path);
  return undefined;
}

/** The first violation of `value` against an object schema, or undefined when it conforms. */
export function checkObject(schema: TObject, value: Record<string, unknown>, path: string): SchemaViolation | undefined {
  for (const name of schema.required ?? []) {
    if (value[name] === undefined) {
      return { path: `${path}.${name}`, keyword: "required", message: `${path}.${name}: is missing but it is required` };
    }
  }
  for (const [name, child] of Object.entries(value)) {
    const propertySchema = schema.properties[name];
    if (!propertySchema) {
      if (schema.additionalProperties === false) {
        return {
          path: `${path}.${name}`,
          keyword: "additionalProperties",
          message: `${path}.${name}: is not defined in the schema and the schema does not allow additional properties`,
        };
      }
      continue;
    }
    if (child === undefined) continue;
    if (child === null && (propertySchema as { nullable?: unknown }).nullable === true) continue;
    const violation = checkValue(propertySchema, child, `${path}.${name}`);
    if (violation) return violation;
  }
  return undefined;
}
