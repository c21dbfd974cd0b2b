/**
 * Writes the published JSON Schemas to schemas/ from the TypeBox sources (`npm run schemas`).
 * A test fails when the files on disk drift from the sources, so run this after changing one.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { writeFlowSchema } from "../src/ivr/index.js";
import { JSON_SCHEMAS, publishedSchema, type PublishedSchemaName } from "../src/voice/index.js";

const schemasDir = resolve(dirname(fileURLToPath(import.meta.url)), "../schemas");
mkdirSync(schemasDir, { recursive: true });
for (const name of Object.keys(JSON_SCHEMAS) as PublishedSchemaName[]) {
  writeFileSync(resolve(schemasDir, `${name}.json`), `${JSON.stringify(publishedSchema(name), null, 2)}\n`);
}
// The flow file's schema too, so one command refreshes everything a test compares.
await writeFlowSchema(resolve(schemasDir, "flow.schema.json"));
console.log(`wrote ${Object.keys(JSON_SCHEMAS).length + 1} schemas to ${schemasDir}`);
