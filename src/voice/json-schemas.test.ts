import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../test/shared-files.js";
import { JSON_SCHEMAS, publishedSchema, type PublishedSchemaName } from "./json-schemas.js";

describe("published JSON Schemas", () => {
  for (const name of Object.keys(JSON_SCHEMAS) as PublishedSchemaName[]) {
    it(`schemas/${name}.json matches its TypeBox source (run npm run schemas after a change)`, () => {
      const onDisk = JSON.parse(readFileSync(resolve(repoRoot, "schemas", `${name}.json`), "utf8"));
      expect(onDisk).toEqual(publishedSchema(name));
    });
  }
});
