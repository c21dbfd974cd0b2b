/**
 * Bearer API keys and subaccounts (SPEC section 1): a missing or unknown key is 401, a key of
 * another subaccount 403, an unknown subaccount 404 with 8x8's own message. The key is compared
 * in constant time and never echoed.
 *
 * @example
 * const verdict = authorize(platform, request.headers.authorization, "sandbox");
 * if (!verdict.ok) return reply.code(verdict.status).send(errorBody(verdict));
 */
import { timingSafeEqual } from "node:crypto";
import { Type } from "@sinclair/typebox";
import type { Platform, SubaccountState } from "../platform.js";

export type AuthVerdict = { ok: true; sub: SubaccountState } | { ok: false; status: 401 | 403 | 404; message: string };

function sameKey(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function authorize(platform: Platform, header: string | undefined, subAccountId: string): AuthVerdict {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  const key = match?.[1];
  if (!key || !platform.isKnownKey(key)) return { ok: false, status: 401, message: "Unauthorized: missing or invalid API key" };
  const sub = platform.subaccounts.get(subAccountId);
  if (!sub) return { ok: false, status: 404, message: `SubAccount not found by Id : ${subAccountId}` };
  if (!sub.config.apiKeys.some((candidate) => sameKey(candidate, key))) {
    return { ok: false, status: 403, message: `Forbidden: this API key cannot access subaccount ${subAccountId}` };
  }
  return { ok: true, sub };
}

/** The body of a refused request on the non-callflow 8x8 routes. */
export const PlatformError = Type.Object(
  { statusCode: Type.Integer(), statusMessage: Type.String(), timestamp: Type.String({ format: "date-time" }) },
  { title: "PlatformError" },
);

export function platformError(status: number, message: string, now: number) {
  return { statusCode: status, statusMessage: message, timestamp: new Date(now).toISOString() };
}

export const AUTH_RESPONSES = {
  401: { description: "Missing or wrong API key", schema: PlatformError },
  403: { description: "The key cannot access this subaccount", schema: PlatformError },
  404: { description: "Unknown subaccount (`SubAccount not found by Id : X`)", schema: PlatformError },
};
