/**
 * The flow file's published JSON Schema (`schemas/flow.schema.json`), generated from the TypeBox
 * `Flow` schema so editors check exactly what the engine checks. A test fails when the file on
 * disk drifts; `writeFlowSchema()` regenerates it.
 *
 * @example
 * // in a YAML flow, for editor completion:
 * // # yaml-language-server: $schema=../schemas/flow.schema.json
 * await writeFlowSchema("schemas/flow.schema.json");
 */
import { writeFile } from "node:fs/promises";
import { Flow } from "./flow-schema.js";

/** The `$id` of the published flow schema; flows may name it (or the file) in `$schema` for editor checks. */
export const FLOW_SCHEMA_ID = "https://switchboard-ivr.dev/schemas/flow.schema.json";

/** The schema as a plain JSON document with `$schema` and `$id`. */
export function flowJsonSchema(): Record<string, unknown> {
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: FLOW_SCHEMA_ID,
    ...(JSON.parse(JSON.stringify(Flow)) as Record<string, unknown>),
  };
}

/** The exact text of schemas/flow.schema.json. */
export function flowJsonSchemaText(): string {
  return `${JSON.stringify(flowJsonSchema(), null, 2)}\n`;
}

/** Writes the schema file (default: schemas/flow.schema.json under the working directory). */
export async function writeFlowSchema(path = "schemas/flow.schema.json"): Promise<string> {
  await writeFile(path, flowJsonSchemaText());
  return path;
}
