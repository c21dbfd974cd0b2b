/**
 * Turns every error Fastify raises for a client's mistake (bad JSON, wrong content type, too
 * large, unknown route) into our error body with a stable code. Only our own bugs are 500s.
 * Both handlers are set on an encapsulation context, so a host app mounting the plugin keeps its
 * own for its own routes.
 */
import type { FastifyError, FastifyInstance } from "fastify";
import { sendError, type ServerErrorCode } from "./errors.js";

const CODE_BY_FASTIFY_CODE: Record<string, ServerErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "SB_SERVER_UNSUPPORTED_MEDIA_TYPE",
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: "SB_SERVER_BAD_REQUEST",
  FST_ERR_CTP_BODY_TOO_LARGE: "SB_SERVER_BODY_TOO_LARGE",
  FST_ERR_CTP_EMPTY_JSON_BODY: "SB_SERVER_MALFORMED_JSON",
  FST_ERR_CTP_INVALID_JSON_BODY: "SB_SERVER_MALFORMED_JSON",
  SB_SERVER_BODY_TOO_DEEP: "SB_SERVER_BODY_TOO_DEEP",
};

const HINTS: Partial<Record<ServerErrorCode, (url: string) => string>> = {
  SB_SERVER_UNSUPPORTED_MEDIA_TYPE: (url) => `${url.includes("/webhooks/") ? "webhooks" : "request bodies"} must be sent as Content-Type: application/json`,
  SB_SERVER_BODY_TOO_LARGE: () => "the body is larger than the server's body limit",
  SB_SERVER_MALFORMED_JSON: () => "the body is not valid JSON",
};

/** Answers the errors raised in `server`'s context (and the contexts below it) with our error body. */
export function installErrorHandler(server: FastifyInstance): void {
  server.setErrorHandler((error: FastifyError, request, reply) => {
    let code = error.code ? CODE_BY_FASTIFY_CODE[error.code] : undefined;
    // JSON.parse failures reach us as SyntaxError with status 400 and no Fastify code.
    if (!code && error instanceof SyntaxError) code = "SB_SERVER_MALFORMED_JSON";
    const status = error.statusCode ?? 500;
    if (!code) code = status >= 400 && status < 500 ? "SB_SERVER_BAD_REQUEST" : "SB_SERVER_INTERNAL";
    if (code === "SB_SERVER_INTERNAL") {
      request.log.error({ err: error, url: request.url }, "unexpected server error");
      return sendError(reply, code, "unexpected server error; it has been logged");
    }
    request.log.info({ code, url: request.url }, "request refused");
    const hint = HINTS[code]?.(request.url);
    return sendError(reply, code, hint ? `${hint} (${error.message})` : error.message);
  });
}

/**
 * Answers an unknown route under `server`'s prefix (every path, at the root) with our 404 body,
 * naming the webhook routes under that prefix. Fastify allows one such handler per prefix.
 */
export function installNotFoundHandler(server: FastifyInstance): void {
  const prefix = server.prefix;
  const routes = `${prefix}/webhooks/vca, ${prefix}/webhooks/vss and ${prefix}/webhooks/vcs`;
  server.setNotFoundHandler((request, reply) =>
    sendError(reply, "SB_SERVER_NOT_FOUND", `no route ${request.method} ${request.url.split("?")[0]}; webhooks go to ${routes}`),
  );
}
