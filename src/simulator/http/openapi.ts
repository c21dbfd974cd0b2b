/**
 * The OpenAPI 3.1 description of the simulator (8x8 paths and `/_sim/` paths), built from the
 * route table and its TypeBox schemas. OpenAPI 3.1 uses JSON Schema 2020-12, so the schemas go
 * in as they are.
 *
 * @example
 * const doc = buildOpenApi(table.specs, "0.1.0"); // served at GET /_sim/openapi.json
 */
import type { TSchema } from "@sinclair/typebox";
import type { RouteSpec } from "./route-table.js";

/** A plain-JSON copy of a TypeBox schema (its symbol keys dropped). */
const plain = (schema: TSchema): Record<string, unknown> => JSON.parse(JSON.stringify(schema)) as Record<string, unknown>;

function operation(spec: RouteSpec): Record<string, unknown> {
  const parameters = [...(spec.docUrl ?? spec.url).matchAll(/:([A-Za-z-]+)/g)].map((match) => ({
    name: match[1],
    in: "path",
    required: true,
    schema: { type: "string" },
  }));
  const query = spec.query ? plain(spec.query) : undefined;
  for (const [name, schema] of Object.entries((query?.properties ?? {}) as Record<string, unknown>)) {
    parameters.push({ name, in: "query", required: false, schema: schema as { type: string } });
  }
  const responses = Object.fromEntries(
    Object.entries(spec.responses).map(([status, response]) => [
      status,
      {
        description: response.description,
        ...(response.headers
          ? { headers: Object.fromEntries(Object.entries(response.headers).map(([name, header]) => [name, { description: header.description, schema: plain(header.schema) }])) }
          : {}),
        ...(response.schema ? { content: { [response.contentType ?? "application/json"]: { schema: plain(response.schema) } } } : {}),
      },
    ]),
  );
  return {
    summary: spec.summary,
    tags: [spec.tag],
    ...(parameters.length ? { parameters } : {}),
    ...(spec.body ? { requestBody: { required: true, content: { "application/json": { schema: plain(spec.body) } } } } : {}),
    responses,
    ...(spec.secured ? { security: [{ apiKey: [] }] } : { security: [] }),
  };
}

/** The OpenAPI document for the given routes. */
export function buildOpenApi(specs: readonly RouteSpec[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of specs) {
    const path = (spec.docUrl ?? spec.url).replace(/:([A-Za-z-]+)/g, "{$1}");
    paths[path] = { ...(paths[path] ?? {}), [spec.method.toLowerCase()]: operation(spec) };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Switchboard 8x8 Voice simulator",
      version,
      description: "A local stand-in for the 8x8 Voice API (8x8 paths) plus its control API (/_sim/ paths).",
    },
    tags: [
      { name: "8x8", description: "The 8x8 Voice REST API, as the simulator answers it" },
      { name: "simulator", description: "Driving simulated calls; not part of 8x8" },
    ],
    components: { securitySchemes: { apiKey: { type: "http", scheme: "bearer" } } },
    paths,
  };
}
