/**
 * Ajv over our TypeBox schemas, with failures worded for people: the field, the value that was
 * sent, and what was expected. The REST control API, the config file and the webhook create
 * route all validate through here, and the OpenAPI description is built from the same schemas.
 *
 * @example
 * checkAgainst(PlaceCallRequest, { to: 42 }); // ['to: 42 is invalid; expected an E.164 number ...']
 */
import type { TSchema } from "@sinclair/typebox";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
(addFormats as unknown as (a: Ajv) => void)(ajv);
const compiled = new WeakMap<TSchema, ValidateFunction>();

function validatorFor(schema: TSchema): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/** `/subaccounts/0/id` → `subaccounts[0].id`. */
function fieldName(error: ErrorObject): string {
  let path = error.instancePath
    .split("/")
    .slice(1)
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))
    .join("")
    .replace(/^\./, "");
  if (error.keyword === "required") path = [path, (error.params as { missingProperty: string }).missingProperty].filter(Boolean).join(".");
  if (error.keyword === "additionalProperties") {
    path = [path, (error.params as { additionalProperty: string }).additionalProperty].filter(Boolean).join(".");
  }
  return path || "(body)";
}

function valueAt(data: unknown, instancePath: string): unknown {
  let current = data;
  for (const part of instancePath.split("/").slice(1)) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function describe(error: ErrorObject, data: unknown): string {
  const field = fieldName(error);
  if (error.keyword === "required") return `${field}: is missing; it is required`;
  if (error.keyword === "additionalProperties") return `${field}: is not a known field`;
  const value = JSON.stringify(valueAt(data, error.instancePath)) ?? "undefined";
  const expected = (error.parentSchema as { description?: string } | undefined)?.description ?? error.message ?? "a valid value";
  return `${field}: ${value.length > 60 ? `${value.slice(0, 57)}...` : value} is invalid; expected ${expected}`;
}

/** Every problem with `value` against `schema`, one line each; empty when it conforms. */
export function checkAgainst(schema: TSchema, value: unknown): string[] {
  const validate = validatorFor(schema);
  if (validate(value)) return [];
  // A union reports one error per branch plus its own; keep one line per field, preferring the
  // error whose schema carries a description (the union's), which says what was expected, and of
  // nested unions the outermost (a list-or-item union describes both forms).
  const byField = new Map<string, ErrorObject>();
  const described = (e: ErrorObject) => Boolean((e.parentSchema as { description?: string } | undefined)?.description);
  for (const error of validate.errors ?? []) {
    const field = fieldName(error);
    const previous = byField.get(field);
    const better = !previous || (described(error) && (!described(previous) || error.schemaPath.length < previous.schemaPath.length));
    if (better) byField.set(field, error);
  }
  // When a union failed because of something inside the value (an item of a list, a field of an
  // object), the line about that inside says more than the union's own.
  const fields = [...byField.keys()];
  const hasInner = (field: string) => fields.some((other) => other.startsWith(`${field}.`) || other.startsWith(`${field}[`));
  return [...byField.entries()]
    .filter(([field, error]) => error.keyword !== "anyOf" || !hasInner(field))
    .map(([, error]) => describe(error, value));
}
