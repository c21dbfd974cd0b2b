/**
 * The control API for campaigns (call lists), behind the control secret like `/api/calls`:
 *
 * - `POST /api/campaigns` (JSON, `CampaignRequestBody`, its own body limit: 32 MB holds 100,000
 *   contacts): checks every row, then stores the campaign (CREATED) and a request per contact in
 *   one transaction. 201 with the counts; 400 with every bad row (line, field, reason) and nothing
 *   stored; 409 when the name is taken;
 * - `POST /api/campaigns/:name/start|pause|resume|cancel`: CREATED→RUNNING, RUNNING→PAUSED,
 *   PAUSED→RUNNING, or any live state→CANCELED (its scheduled requests end `canceled`; calls in
 *   progress finish). Asking for the state it is in changes nothing (200); another state is 409
 *   naming it. The dispatcher places calls only while RUNNING and marks the campaign COMPLETE
 *   when nothing is left;
 *
 * The reads (`GET /api/campaigns[/:name[/export]]`) are in `campaign-reads.ts`: the dashboard may
 * read them with the read API's access, but nothing here takes anything but the control secret.
 */
import type { FastifyPluginCallback, FastifyReply, FastifyRequest, onRequestHookHandler } from "fastify";
import { sendError } from "../../server/index.js";
import type { CampaignState, OutboundStore } from "../../store/index.js";
import { CampaignRequestError, readCampaignRequest } from "../campaigns/campaign-request.js";
import type { ContactProblem } from "../campaigns/contacts.js";
import { campaignStatus } from "../campaigns/status.js";
import type { OutboundFlows } from "../outbound-flows.js";
import type { RetryPolicy } from "../retry-policy.js";

export interface CampaignRoutesDeps {
  store: OutboundStore;
  flows: OutboundFlows;
  now: () => Date;
  /** The retry policy of a flow (its `retry:` block over the defaults). */
  policyOf: (flow: string) => RetryPolicy;
  /** The control secret's guard (and the allowlist, if any). */
  guards: onRequestHookHandler[];
  /** The body limit of `POST /api/campaigns`; default `CAMPAIGN_BODY_LIMIT`. */
  bodyLimit?: number;
}

/** The body limit of `POST /api/campaigns`, apart from the webhooks' own: 100,000 contacts with a few variables each fit. */
export const CAMPAIGN_BODY_LIMIT = 32 * 1024 * 1024;

/** Most problems listed in one answer; `problemCount` says how many there were in all. */
const MAX_LISTED_PROBLEMS = 1000;

/** A campaign action and the states it moves a campaign between. */
const ACTIONS: Record<string, { from: readonly CampaignState[]; to: CampaignState }> = {
  start: { from: ["CREATED"], to: "RUNNING" },
  pause: { from: ["RUNNING"], to: "PAUSED" },
  resume: { from: ["PAUSED"], to: "RUNNING" },
  cancel: { from: ["CREATED", "RUNNING", "PAUSED"], to: "CANCELED" },
};

type Named = { Params: { name: string } };

/** The control API's campaign routes, as an encapsulated plugin. */
export const campaignRoutes: FastifyPluginCallback<CampaignRoutesDeps> = function campaignRoutes(server, deps, done) {
  const unavailable = (reply: FastifyReply, request: FastifyRequest, error: unknown) => {
    request.log.error({ err: error }, "store unavailable for the control API");
    reply.header("retry-after", "5");
    return sendError(reply, "SB_SERVER_STORE_UNAVAILABLE", "the store is unavailable; try again later");
  };
  const notFound = (reply: FastifyReply, name: string) => sendError(reply, "SB_SERVER_NOT_FOUND", `no campaign ${JSON.stringify(name)}`, "name");
  /** Runs a store read or write, answering 503 when the store cannot. */
  const stored = async <T>(request: FastifyRequest, reply: FastifyReply, work: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> => {
    try {
      return { ok: true, value: await work() };
    } catch (error) {
      await unavailable(reply, request, error);
      return { ok: false };
    }
  };

  server.post("/api/campaigns", { onRequest: deps.guards, bodyLimit: deps.bodyLimit ?? CAMPAIGN_BODY_LIMIT }, async (request, reply) => {
    let plan;
    try {
      plan = readCampaignRequest(request.body, deps.flows, deps.now(), deps.policyOf);
    } catch (error) {
      if (!(error instanceof CampaignRequestError)) throw error;
      const problems = error.problems.length > 0 ? { ...listed(error.problems), skippable: error.skippable } : {};
      return reply.code(400).send({ error: { code: "SB_SERVER_INVALID_FIELD", message: error.message, field: error.field, ...problems } });
    }
    const result = await stored(request, reply, () => deps.store.createCampaign(plan.campaign, plan.requests));
    if (!result.ok) return reply;
    if (!result.value.created) {
      const existing = await deps.store.getCampaign(plan.campaign.name).catch(() => null);
      return conflict(reply, "SB_SERVER_CAMPAIGN_EXISTS", `campaign ${JSON.stringify(plan.campaign.name)} exists already${existing ? ` (${existing.state})` : ""}: choose another name`);
    }
    request.log.info({ campaign: plan.campaign.name, contacts: plan.requests.length, skippedRows: plan.skipped.length }, "campaign created");
    const skipped = listed(plan.skipped);
    return reply.code(201).send({ name: plan.campaign.name, state: "CREATED", flow: plan.campaign.flow, total: plan.requests.length, skipped: skipped.problems ?? [], skippedCount: skipped.problemCount ?? 0 });
  });

  server.post<Named & { Params: { action: string } }>("/api/campaigns/:name/:action", { onRequest: deps.guards }, async (request, reply) => {
    const { name, action } = request.params;
    const move = Object.hasOwn(ACTIONS, action) ? ACTIONS[action] : undefined;
    if (!move) return sendError(reply, "SB_SERVER_NOT_FOUND", `no campaign action ${JSON.stringify(action)}; expected start, pause, resume or cancel`);
    const result = await stored(request, reply, async () => {
      const before = await deps.store.getCampaign(name);
      if (!before || before.state === move.to) return { before, changed: false };
      return { before, changed: await deps.store.setCampaignState(name, move.from, move.to, deps.now()) };
    });
    if (!result.ok) return reply;
    const { before, changed } = result.value;
    if (!before) return notFound(reply, name);
    const after = await stored(request, reply, async () => {
      const record = await deps.store.getCampaign(name);
      return record && campaignStatus(record, await deps.store.getCampaignProgress(name));
    });
    if (!after.ok) return reply;
    const status = after.value!;
    if (status.state !== move.to) {
      return conflict(reply, "SB_SERVER_CAMPAIGN_STATE", `campaign ${JSON.stringify(name)} is ${status.state}; ${action} needs ${move.from.join(" or ")}`);
    }
    if (changed) request.log.info({ campaign: name, from: before.state, to: move.to }, `campaign ${action}`);
    return { ...status, changed };
  });

  done();
};

/** The first problems, and how many there were, for an answer's body. */
function listed(problems: readonly ContactProblem[]): { problems?: ContactProblem[]; problemCount?: number } {
  if (problems.length === 0) return {};
  return { problems: problems.slice(0, MAX_LISTED_PROBLEMS), problemCount: problems.length };
}

/** 409, in the server's error body, with a campaign code of the catalogue. */
function conflict(reply: FastifyReply, code: "SB_SERVER_CAMPAIGN_EXISTS" | "SB_SERVER_CAMPAIGN_STATE", message: string): FastifyReply {
  return reply.code(409).send({ error: { code, message } });
}
