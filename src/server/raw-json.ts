/**
 * JSON bodies parsed exactly as Fastify's own parser does (prototype poisoning refused), with the
 * text as received kept on the request: a VCA's timeline entry stores that text, so the server
 * never serialises the delivery a second time.
 *
 * @example
 * keepRawJsonText(server, 64 * 1024);
 * server.post("/webhooks/vca", async (request) => rawJsonText(request)); // the body's text
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { isNestedDeeperThan } from "../util/index.js";

/**
 * The deepest JSON body accepted. 8x8's deliveries nest a few levels; parsing is fine far deeper,
 * but camel-casing the keys, cloning to the store's worker and serialising for the read API all
 * recurse per level and overflow the stack at a few thousand.
 */
export const MAX_BODY_DEPTH = 64;

const RAW_TEXT = Symbol("switchboard.rawJsonText");

type WithRawText = FastifyRequest & { [RAW_TEXT]?: string };

/**
 * Replaces the `application/json` parser of `server`'s encapsulation context with one that also
 * keeps the body's text, refuses (413) a body over `bodyLimit` bytes and (400) one nested deeper
 * than MAX_BODY_DEPTH. The limit is the
 * parser's own, so it holds inside a host app whose instance has another one.
 */
export function keepRawJsonText(server: FastifyInstance, bodyLimit: number): void {
  const parse = server.getDefaultJsonParser("error", "error");
  if (server.hasContentTypeParser("application/json")) server.removeContentTypeParser("application/json");
  server.addContentTypeParser("application/json", { parseAs: "string", bodyLimit }, (request, body, done) => {
    // One linear scan before JSON.parse: a body too deep is refused before anything recurses on it.
    if (isNestedDeeperThan(body as string, MAX_BODY_DEPTH)) {
      const error = Object.assign(new Error(`the body nests deeper than ${MAX_BODY_DEPTH} levels`), { statusCode: 400, code: "SB_SERVER_BODY_TOO_DEEP" });
      done(error, undefined);
      return;
    }
    (request as WithRawText)[RAW_TEXT] = body as string;
    parse(request, body as string, done);
  });
}

/** The JSON text the request's body was parsed from; undefined when it had none. */
export function rawJsonText(request: FastifyRequest): string | undefined {
  return (request as WithRawText)[RAW_TEXT];
}
