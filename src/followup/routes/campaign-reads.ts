/**
 * The campaigns' read routes: what the control API's clients and the dashboard read, never
 * anything that changes a campaign (those stay in `campaigns.ts`, behind the control secret only):
 *
 * - `GET /api/campaigns` and `GET /api/campaigns/:name`: state and progress (`CampaignStatus`);
 * - `GET /api/campaigns/:name/export[?format=json]`: one row per contact (`ExportRow`), as CSV or
 *   JSON, streamed a page at a time; with `format=json&limit=N[&after=<next>]` one page of N rows
 *   (1..500) and `next`, the cursor of the page after it (null on the last), for the dashboard.
 *
 * Their guards are chosen by `createFollowup` (`readGuards`): the control secret, or the read API's
 * access (the read secret or a signed-in dashboard), whichever the request carries.
 *
 * @example
 * server.register(campaignReadRoutes, { store, guards: [eitherGuard(controlCheck, controlGuards, readGuards)] });
 */
import { Readable } from "node:stream";
import type { FastifyPluginCallback, FastifyReply, FastifyRequest, onRequestHookHandler } from "fastify";
import { sendError } from "../../server/index.js";
import type { OutboundStore } from "../../store/index.js";
import { exportCsvHeader, exportCsvLine, exportPages, exportRow } from "../campaigns/export.js";
import { campaignStatus } from "../campaigns/status.js";

export interface CampaignReadRoutesDeps {
  store: OutboundStore;
  /** Who may read: see `readGuards` in plugin.ts. */
  guards: onRequestHookHandler[];
}

/** Most rows in one page of `export?format=json&limit=`. */
export const MAX_EXPORT_PAGE = 500;
/** Longest `after` cursor taken (a request id: `<campaign>:<id>`). */
const MAX_CURSOR_LENGTH = 1000;

type Named = { Params: { name: string } };
type ExportQuery = { Querystring: { format?: string; limit?: string; after?: string } };

/** The campaigns' read routes, as an encapsulated plugin. */
export const campaignReadRoutes: FastifyPluginCallback<CampaignReadRoutesDeps> = function campaignReadRoutes(server, deps, done) {
  const notFound = (reply: FastifyReply, name: string) => sendError(reply, "SB_SERVER_NOT_FOUND", `no campaign ${JSON.stringify(name)}`, "name");
  /** Runs a store read, answering 503 when the store cannot. */
  const stored = async <T>(request: FastifyRequest, reply: FastifyReply, work: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> => {
    try {
      return { ok: true, value: await work() };
    } catch (error) {
      request.log.error({ err: error }, "store unavailable for the campaigns API");
      reply.header("retry-after", "5");
      await sendError(reply, "SB_SERVER_STORE_UNAVAILABLE", "the store is unavailable; try again later");
      return { ok: false };
    }
  };

  server.get("/api/campaigns", { onRequest: deps.guards }, async (request, reply) => {
    const result = await stored(request, reply, async () => {
      const records = await deps.store.listCampaigns();
      return Promise.all(records.map(async (record) => campaignStatus(record, await deps.store.getCampaignProgress(record.name))));
    });
    return result.ok ? { campaigns: result.value } : reply;
  });

  server.get<Named>("/api/campaigns/:name", { onRequest: deps.guards }, async (request, reply) => {
    const name = request.params.name;
    const result = await stored(request, reply, async () => {
      const record = await deps.store.getCampaign(name);
      return record && campaignStatus(record, await deps.store.getCampaignProgress(name));
    });
    if (!result.ok) return reply;
    return result.value ?? notFound(reply, name);
  });

  server.get<Named & ExportQuery>("/api/campaigns/:name/export", { onRequest: deps.guards }, async (request, reply) => {
    const { name } = request.params;
    const query = readExportQuery(request.query);
    if ("problem" in query) return sendError(reply, "SB_SERVER_INVALID_FIELD", query.problem, query.field);
    const found = await stored(request, reply, () => deps.store.getCampaign(name));
    if (!found.ok) return reply;
    if (!found.value) return notFound(reply, name);
    if (query.page) {
      const { limit, after } = query.page;
      // One more than asked: whether a next page exists, without an empty last page.
      const read = await stored(request, reply, () => deps.store.listOutboundResults({ campaign: name, limit: limit + 1, ...(after === undefined ? {} : { after }) }));
      if (!read.ok) return reply;
      const page = read.value.slice(0, limit);
      const next = read.value.length > limit ? page[page.length - 1]!.request.requestId : null;
      return { campaign: name, rows: page.map(exportRow), next };
    }
    const pages = exportPages(deps.store, name);
    if (query.format === "csv") {
      reply.type("text/csv; charset=utf-8").header("content-disposition", `attachment; filename="${name}.csv"`);
      return reply.send(Readable.from(csvText(pages)));
    }
    reply.type("application/json; charset=utf-8");
    return reply.send(Readable.from(jsonText(name, pages)));
  });

  done();
};

/** The export's query, checked: its format, and one page's size and cursor when asked for. */
export function readExportQuery(query: ExportQuery["Querystring"]): { format: "csv" | "json"; page?: { limit: number; after?: string } } | { problem: string; field: string } {
  const format = query.format ?? "csv";
  if (format !== "csv" && format !== "json") return { problem: `format ${JSON.stringify(format)} is not csv or json`, field: "format" };
  if (query.limit === undefined) {
    if (query.after !== undefined) return { problem: "after needs limit: it is the cursor of a page (format=json&limit=N)", field: "after" };
    return { format };
  }
  if (format !== "json") return { problem: "limit needs format=json: a CSV export is the whole campaign", field: "limit" };
  const limit = /^\d{1,4}$/.test(query.limit) ? Number(query.limit) : Number.NaN;
  if (!(limit >= 1 && limit <= MAX_EXPORT_PAGE)) return { problem: `limit ${JSON.stringify(query.limit)} is not a whole number from 1 to ${MAX_EXPORT_PAGE}`, field: "limit" };
  const after = query.after;
  if (after !== undefined && (after === "" || after.length > MAX_CURSOR_LENGTH)) return { problem: `after is not a page cursor: expected the \`next\` of an earlier page`, field: "after" };
  return { format, page: { limit, ...(after === undefined ? {} : { after }) } };
}

/** The export as CSV text, a page at a time. */
async function* csvText(pages: ReturnType<typeof exportPages>): AsyncGenerator<string> {
  yield exportCsvHeader();
  for await (const page of pages) yield page.map(exportCsvLine).join("");
}

/** The export as one JSON object `{ campaign, rows }`, a page at a time. */
async function* jsonText(name: string, pages: ReturnType<typeof exportPages>): AsyncGenerator<string> {
  yield `{"campaign":${JSON.stringify(name)},"rows":[`;
  let separator = "";
  for await (const page of pages) {
    yield separator + page.map((row) => JSON.stringify(row)).join(",");
    separator = ",";
  }
  yield "]}\n";
}
