/**
 * The dashboard's page and assets: `GET /` (under the mount's prefix: `GET /ivr/`) sends the
 * built `index.html`, `GET /assets/<file>` its content-hashed scripts and styles. The page is
 * never cached (its address may carry a one-time sign-in code, and a new build must be picked
 * up); assets are cached for a year, since a new build gives them new names. Every response
 * carries a Content-Security-Policy allowing only this origin: the page loads nothing from a CDN
 * and works offline. Its data comes from the read API, never from the store.
 */
import type { FastifyPluginCallback, FastifyReply, FastifyRequest } from "fastify";
import type { DashboardAsset, DashboardAssets } from "../dashboard-assets.js";
import { sendError } from "../errors.js";

export interface DashboardRouteDeps {
  /** The built files, or why there are none (the routes then say how to build them). */
  assets: DashboardAssets | { missing: string };
}

const SECURITY_HEADERS: Record<string, string> = {
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  // The page's address may carry a sign-in code: never hand it to another site.
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
};

const NOT_BUILT = "the dashboard is not built: run npm run build (it writes dist/dashboard/), then restart the server";

function accepts(request: FastifyRequest, encoding: string): boolean {
  const header = request.headers["accept-encoding"];
  return typeof header === "string" && header.includes(encoding);
}

function send(request: FastifyRequest, reply: FastifyReply, file: DashboardAsset, cacheControl: string): FastifyReply {
  reply.headers(SECURITY_HEADERS);
  reply.header("cache-control", cacheControl).header("etag", file.etag).header("vary", "accept-encoding").type(file.type);
  if (request.headers["if-none-match"] === file.etag) return reply.code(304).send();
  if (file.gzip !== null && accepts(request, "gzip")) return reply.header("content-encoding", "gzip").send(file.gzip);
  return reply.send(file.body);
}

/** `GET /` and `GET /assets/:file` as an encapsulated plugin. */
export const dashboardRoutes: FastifyPluginCallback<DashboardRouteDeps> = function dashboardRoutes(server, deps, done) {
  const { assets } = deps;
  if ("missing" in assets) server.log.warn(`dashboard not served at ${server.prefix || ""}/: ${assets.missing}; run npm run build to build it`);

  server.get("/", async (request, reply) => {
    if ("missing" in assets) return sendError(reply, "SB_SERVER_NOT_FOUND", NOT_BUILT);
    const [path, query] = splitUrl(request.url);
    // Under a prefix `/ivr` is routed here too, where the page's relative links would miss the prefix.
    if (!path.endsWith("/")) return reply.redirect(`${path}/${query}`, 308);
    return send(request, reply, assets.index, "no-store");
  });

  server.get("/assets/:file", async (request, reply) => {
    const { file } = request.params as { file: string };
    const found = "missing" in assets ? undefined : assets.files.get(file);
    if (found === undefined) return sendError(reply, "SB_SERVER_NOT_FOUND", "missing" in assets ? NOT_BUILT : `no dashboard asset ${JSON.stringify(file)}; reload the page`);
    return send(request, reply, found, "public, max-age=31536000, immutable");
  });

  done();
};

function splitUrl(url: string): [string, string] {
  const at = url.indexOf("?");
  return at < 0 ? [url, ""] : [url.slice(0, at), url.slice(at)];
}
