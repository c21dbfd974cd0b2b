/**
 * A small stand-in for the 8x8 Voice REST API on 127.0.0.1, for client and CLI tests: it keeps
 * webhooks in memory, checks the Bearer key, records every request, and can be scripted to
 * answer the next requests with a given status, body, headers, delay or a dropped connection.
 * (The full simulator lives in src/simulator; this one exists so client tests can force errors.)
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: unknown;
  rawBody: string;
}

export interface ScriptedAnswer {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Never answer (the client's timeout fires). */
  hang?: boolean;
  /** Close the connection without answering. */
  drop?: boolean;
}

export interface StoredWebhook {
  type: string;
  url: string;
  enabled: boolean;
  httpAuthHeader?: string;
}

export interface FakePlatform {
  baseUrl: string;
  requests: RecordedRequest[];
  /** Webhooks by subaccount id. */
  webhooks: Map<string, Map<string, StoredWebhook>>;
  /** Answers for the next requests, in order, before the normal routes. */
  script: ScriptedAnswer[];
  /** When set, create stores the webhook with this URL instead (to make `setup` checks fail). */
  tamperUrl?: string;
  close(): Promise<void>;
}

export const FAKE_API_KEY = "sk-test-SECRET-5b9c1e";
export const FAKE_SUBACCOUNT = "acme_ivr";

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body));
}

function route(platform: FakePlatform, request: RecordedRequest, res: ServerResponse): void {
  const auth = request.headers.authorization;
  if (auth !== `Bearer ${FAKE_API_KEY}`) {
    return send(res, 401, { statusCode: 401, statusMessage: "Authentication header not found or token invalid" });
  }
  const match = /^\/api\/v1\/subaccounts\/([^/]+)(\/.*)$/.exec(request.path);
  if (!match) return send(res, 404, { statusCode: 404, statusMessage: "Not found" });
  const subaccount = decodeURIComponent(match[1]!);
  const rest = match[2]!;
  if (subaccount !== FAKE_SUBACCOUNT) {
    return send(res, 404, { statusCode: 404, statusMessage: `SubAccount not found by Id : ${subaccount}` });
  }
  const hooks = platform.webhooks.get(subaccount) ?? new Map<string, StoredWebhook>();
  platform.webhooks.set(subaccount, hooks);
  const listed = () => [...hooks.values()].map((h) => ({ type: h.type, url: h.url, enabled: h.enabled, httpAuthHeaderAvailable: h.httpAuthHeader !== undefined }));
  const list = () => ({ subAccountId: subaccount, count: hooks.size, webhooks: listed(), statusCode: 0, statusMessage: "ok" });
  if (rest === "/webhooks" && request.method === "GET") return send(res, 200, list());
  if (rest === "/webhooks" && request.method === "POST") {
    const body = request.body as Record<string, unknown>;
    if (typeof body?.type !== "string" || typeof body.url !== "string") {
      return send(res, 422, { errorId: "1aa1fc32-8e07-11ea-864e-1961d882f548", statusCode: "1001", statusMessage: "Invalid JSON request body", timestamp: new Date(0).toISOString() });
    }
    const enabled = typeof body.enabled === "boolean" ? body.enabled : typeof body.active === "boolean" ? body.active : true;
    hooks.set(body.type, {
      type: body.type,
      url: platform.tamperUrl ?? body.url,
      enabled,
      httpAuthHeader: typeof body.httpAuthHeader === "string" ? body.httpAuthHeader : undefined,
    });
    return send(res, 200, list());
  }
  const del = /^\/webhooks\/([A-Z]+)$/.exec(rest);
  if (del && request.method === "DELETE") {
    const hook = hooks.get(del[1]!);
    if (!hook) return send(res, 404, { statusCode: 404, statusMessage: `Webhook not found: ${del[1]}` });
    hooks.delete(del[1]!);
    return send(res, 200, { subAccountId: subaccount, type: hook.type, url: hook.url, enabled: hook.enabled, httpAuthHeaderAvailable: hook.httpAuthHeader !== undefined, statusCode: 0, statusMessage: "deleted" });
  }
  if (rest === "/speech-profiles") {
    return send(res, 200, { speechProfiles: [
      { speechProfileCode: "en-GB-Emma", localeCode: "en-GB", localeDescription: "English (UK)", gender: "F" },
      { speechProfileCode: "en-US-BenjaminRUS", localeCode: "en-US", localeDescription: "English (US)", gender: "M" },
    ] });
  }
  if (rest === "/numbers") {
    return send(res, 200, { totalNumbers: 1, lastUpdatedAt: "2026-01-01T00:00:00Z", numbers: [
      { msisdn: "+6560000001", countryCode: "SG", operationalStatus: "Active", referenceId: "ref-1", numberType: "LOCAL", numberHealth: { isHealthy: true, status: "OK", lastCheckedTime: "2026-01-01T00:00:00Z" } },
    ] });
  }
  const number = /^\/numbers\/(\d+)$/.exec(rest);
  if (number) {
    if (number[1] !== "6560000001") return send(res, 404, { statusCode: 404, statusMessage: "Number not found", timestamp: "2026-01-01T00:00:00Z" });
    return send(res, 200, { statusCode: 0, statusMessage: "ok", timestamp: "2026-01-01T00:00:00Z", payload: { referenceId: "ref-1", msisdn: "+6560000001", countryCode: "SG" } });
  }
  if (rest === "/callflows" && request.method === "POST") {
    return send(res, 200, { sessionId: "s-1", sessionStatus: "CREATED", callFlowRequestId: "cfr-1", statusCode: 1, statusMessage: "Created" });
  }
  return send(res, 404, { statusCode: 404, statusMessage: "Not found" });
}

/** Starts a fake platform on a free port of 127.0.0.1. */
export async function startFakePlatform(): Promise<FakePlatform> {
  const sockets = new Set<import("node:net").Socket>();
  const platform: FakePlatform = {
    baseUrl: "",
    requests: [],
    webhooks: new Map(),
    script: [],
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const rawBody = Buffer.concat(chunks).toString("utf8");
      let body: unknown;
      try {
        body = rawBody ? JSON.parse(rawBody) : undefined;
      } catch {
        body = rawBody;
      }
      const recorded = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body, rawBody };
      platform.requests.push(recorded);
      const scripted = platform.script.shift();
      if (scripted?.hang) return;
      if (scripted?.drop) return req.socket.destroy();
      if (scripted) return send(res, scripted.status ?? 200, scripted.body ?? {}, scripted.headers);
      route(platform, recorded, res);
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  platform.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return platform;
}
