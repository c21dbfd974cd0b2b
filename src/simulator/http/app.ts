/**
 * The simulator's Fastify app: a JSON body parser that lets routes answer malformed JSON in
 * 8x8's own words (-1001, 1001) instead of Fastify's, and every route group.
 *
 * @example
 * const app = buildApp(ctx, "0.1.0"); await app.listen({ port: 8088, host: "127.0.0.1" });
 */
import Fastify, { type FastifyInstance } from "fastify";
import { registerCallflowRoutes } from "./callflows-routes.js";
import { INVALID_JSON, type RouteContext } from "./context.js";
import { registerControlRoutes } from "./control-routes.js";
import { registerLiveRoutes } from "./live-routes.js";
import { registerResourceRoutes } from "./resources-routes.js";
import { RouteTable } from "./route-table.js";
import { registerWebhookRoutes } from "./webhooks-routes.js";

export function buildApp(ctx: RouteContext, version: string): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 1_000_000 });
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => {
    const text = String(body);
    if (text.trim() === "") return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(null, INVALID_JSON);
    }
  });
  const table = new RouteTable();
  registerWebhookRoutes(app, table, ctx);
  registerCallflowRoutes(app, table, ctx);
  registerResourceRoutes(app, table, ctx);
  registerControlRoutes(app, table, ctx, version);
  registerLiveRoutes(app, table, ctx);
  return app;
}
