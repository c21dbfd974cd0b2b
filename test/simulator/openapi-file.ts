/**
 * Response schemas from 8x8's OpenAPI file (`../shared/8x8-voice/voice_v1_api.json`), with its
 * internal `$ref`s resolved, compiled by Ajv (non-strict: the file uses OpenAPI 3.0 keywords).
 */
import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { openApiPath } from "../shared-files.js";

const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

type Json = Record<string, unknown>;

function pointer(document: Json, ref: string): unknown {
  let node: unknown = document;
  for (const raw of ref.replace(/^#\//, "").split("/")) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    node = (node as Json)[key];
    if (node === undefined) throw new Error(`unresolvable $ref ${ref}`);
  }
  return node;
}

/** A copy of `node` with every internal $ref replaced by its target (depth-bounded). */
function resolveRefs(document: Json, node: unknown, depth = 0): unknown {
  if (depth > 40) throw new Error("$ref nesting too deep");
  if (Array.isArray(node)) return node.map((child) => resolveRefs(document, child, depth + 1));
  if (typeof node !== "object" || node === null) return node;
  const ref = (node as Json).$ref;
  if (typeof ref === "string" && ref.startsWith("#/")) return resolveRefs(document, pointer(document, ref), depth + 1);
  return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, resolveRefs(document, child, depth + 1)]));
}

export interface OpenApiFile {
  /** The validator of a documented response, or undefined when the file gives it no JSON schema. */
  response(method: string, path: string, status: number): ValidateFunction | undefined;
  errors(validate: ValidateFunction): string;
  paths: Json;
}

export function loadOpenApiFile(): OpenApiFile {
  const document = JSON.parse(readFileSync(openApiPath, "utf8")) as Json;
  const ajv = new Ajv({ allErrors: true, strict: false });
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  const cache = new Map<string, ValidateFunction | undefined>();
  return {
    paths: document.paths as Json,
    response(method, path, status) {
      const key = `${method} ${path} ${status}`;
      if (!cache.has(key)) {
        const operation = ((document.paths as Json)[path] as Json | undefined)?.[method.toLowerCase()] as Json | undefined;
        const response = resolveRefs(document, (operation?.responses as Json | undefined)?.[String(status)]) as Json | undefined;
        const schema = ((response?.content as Json | undefined)?.["application/json"] as Json | undefined)?.schema;
        cache.set(key, schema ? ajv.compile(schema as Json) : undefined);
      }
      return cache.get(key);
    },
    errors: (validate) => ajv.errorsText(validate.errors),
  };
}
