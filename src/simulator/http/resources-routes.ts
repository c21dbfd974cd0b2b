/**
 * The read-only resources (SPEC sections 3 and 7): speech profiles, and the subaccount's virtual
 * numbers from the config (msisdn, country, referenceId).
 *
 * @example
 * GET /api/v1/subaccounts/sandbox/numbers/6560000001
 * // { statusCode: 0, statusMessage: "ok", timestamp, payload: { referenceId: "vn-sandbox-1", msisdn: "+6560000001", countryCode: "SG" } }
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { SpeechProfileList, toE164, VirtualNumberCheck, VirtualNumberList, type VirtualNumber } from "../../voice/index.js";
import type { SubaccountState, VirtualNumberEntry } from "../platform.js";
import { SPEECH_PROFILES } from "../speech-profiles.js";
import { AUTH_RESPONSES, authorize, platformError, PlatformError } from "./auth.js";
import type { RouteContext } from "./context.js";
import type { RouteTable } from "./route-table.js";

const BASE = "/api/v1/subaccounts/:subAccountId";

export function registerResourceRoutes(app: FastifyInstance, table: RouteTable, ctx: RouteContext): void {
  const iso = () => new Date(ctx.clock.now()).toISOString();
  const guard = (request: FastifyRequest, reply: FastifyReply): SubaccountState | undefined => {
    const { subAccountId } = request.params as { subAccountId: string };
    const verdict = authorize(ctx.platform, request.headers.authorization, subAccountId);
    if (verdict.ok) return verdict.sub;
    void reply.code(verdict.status).send(platformError(verdict.status, verdict.message, ctx.clock.now()));
    return undefined;
  };
  const listed = (entry: VirtualNumberEntry): VirtualNumber => ({
    msisdn: entry.msisdn,
    countryCode: entry.country,
    operationalStatus: "Active",
    referenceId: entry.referenceId,
    numberType: "Local",
    numberHealth: { isHealthy: true, status: "Healthy", lastCheckedTime: iso() },
  });

  table.add(
    app,
    { method: "GET", url: `${BASE}/speech-profiles`, summary: "List speech profiles", tag: "8x8", secured: true, responses: { 200: { description: "The profiles", schema: SpeechProfileList }, ...AUTH_RESPONSES } },
    async (request, reply) => (guard(request, reply) ? { speechProfiles: SPEECH_PROFILES, statusCode: 0, statusMessage: "ok" } : reply),
  );

  table.add(
    app,
    { method: "GET", url: `${BASE}/numbers`, summary: "List virtual numbers", tag: "8x8", secured: true, responses: { 200: { description: "The numbers", schema: VirtualNumberList }, ...AUTH_RESPONSES } },
    async (request, reply) => {
      const sub = guard(request, reply);
      if (!sub) return reply;
      const numbers = ctx.platform.numbersOf(sub.config.id).map(listed);
      return { totalNumbers: numbers.length, lastUpdatedAt: iso(), numbers, statusCode: 0, statusMessage: "ok" };
    },
  );

  table.add(
    app,
    {
      method: "GET",
      url: `${BASE}/numbers/:number`,
      summary: "Get one virtual number (digits, `+` optional)",
      tag: "8x8",
      secured: true,
      responses: { 200: { description: "The number", schema: VirtualNumberCheck }, ...AUTH_RESPONSES, 404: { description: "Unknown subaccount, or the number is not assigned to it", schema: PlatformError } },
    },
    async (request, reply) => {
      const sub = guard(request, reply);
      if (!sub) return reply;
      const { number } = request.params as { number: string };
      const entry = ctx.platform.numbersOf(sub.config.id).find((n) => n.msisdn === toE164(decodeURIComponent(number)));
      if (!entry) return reply.code(404).send(platformError(404, `Number ${number} is not assigned to subaccount ${sub.config.id}`, ctx.clock.now()));
      return { statusCode: 0, statusMessage: "ok", timestamp: iso(), payload: { referenceId: entry.referenceId, msisdn: entry.msisdn, countryCode: entry.country } };
    },
  );
}
