/**
 * Every route the simulator answers is declared once, with its schemas, and registered through
 * here; `/_sim/openapi.json` is generated from the same declarations, so the description cannot
 * drift from what is served.
 *
 * @example
 * table.add(app, { method: "GET", url: "/_sim/health", summary: "Liveness", responses: { 200: { description: "up" } } }, handler);
 */
import type { TSchema } from "@sinclair/typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

export interface RouteSpec {
  method: "GET" | "POST" | "DELETE";
  /** Fastify form: `/api/v1/subaccounts/:subAccountId/webhooks`. */
  url: string;
  /** The path as 8x8 documents it, when Fastify cannot spell it (`{webhook-type}`). */
  docUrl?: string;
  summary: string;
  tag: "8x8" | "simulator";
  /** 8x8 routes need `Authorization: Bearer <apiKey>`. */
  secured?: boolean;
  body?: TSchema;
  query?: TSchema;
  responses: Record<number, { description: string; schema?: TSchema; contentType?: string; headers?: Record<string, { description: string; schema: TSchema }> }>;
}

export type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

export class RouteTable {
  readonly specs: RouteSpec[] = [];

  add(app: FastifyInstance, spec: RouteSpec, handler: Handler): void {
    this.specs.push(spec);
    app.route({ method: spec.method, url: spec.url, handler });
  }
}
