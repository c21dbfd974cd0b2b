/**
 * The dev phone's backend: `switchboard dev` adds `/api/phone` to its IVR server, on the
 * dashboard's own origin, so the page places and drives an interactive simulator call through
 * the one server it talks to. A small proxy to the simulator's control API (dev-phone-upstream.ts):
 *
 * - `GET /api/phone`: the numbers the caller can dial (first = default) and the caller's number.
 * - `POST /api/phone/calls` `{ to?, from? }` → 201 `{ sessionId }`: an interactive call.
 * - `POST /api/phone/calls/{id}/keys` `{ keys }` → 202, `POST .../hangup` → 202.
 * - `GET /api/phone/calls/{id}/events`: the simulator's event stream, passed through.
 *
 * Auth is the dashboard's (`switchboardDashboard.access`): reads take the read secret or a session
 * cookie; the POSTs also need the session's CSRF token unless they carry the read secret. Only
 * calls placed through this phone are reachable through it. Plain `serve` has none of it (404).
 *
 * @example
 * const phone = devPhone({ numbers: () => [{ msisdn: "+6560000001", label: "abc-restaurant" }] });
 * await startIvrServer({ ..., setup: (fastify) => phone.setup(fastify) });
 * phone.connect(sim.url);
 */
import type { ServerResponse } from "node:http";
import type { FastifyInstance, FastifyReply } from "fastify";
import { phoneError, unreachable, upstreamEvents, upstreamJson, type Relayed } from "./dev-phone-upstream.js";

/** A number the dev phone can dial, with what answers it. */
export interface PhoneNumber {
  msisdn: string;
  label: string;
}

export interface DevPhoneOptions {
  /** The virtual numbers to offer, first = default (read on each request, so a reload's new name shows). */
  numbers(): PhoneNumber[];
  /** The caller's number by default; the simulator's default caller when left out. */
  from?: string;
}

/** The dev phone of one `switchboard dev` run. */
export interface DevPhone {
  /** Registers the routes (for startIvrServer's `setup`). */
  setup(fastify: FastifyInstance): void;
  /** Points the phone at the simulator once it listens. */
  connect(simulatorUrl: string): void;
  /**
   * Ends the event streams it passes through (before the server drains): those whose simulator
   * stream is ending get up to 2 s to pass on what is left (a hung-up call's `end`), then all end.
   */
  close(): Promise<void>;
}

/** The simulator's default caller (`POST /_sim/calls` without `from`). */
const DEFAULT_FROM = "+6591234567";
/** Calls remembered as placed through this phone; the oldest are forgotten beyond this. */
const MAX_CALLS = 1_000;
/** How long `close()` lets open streams finish by themselves. */
const CLOSE_GRACE_MS = 2_000;

/** A stream passed through: how to stop it, and when it is over. */
interface OpenStream {
  controller: AbortController;
  over: Promise<void>;
}

const send = (reply: FastifyReply, answer: Relayed) => reply.code(answer.status).send(answer.body);

/** The object body of a request, or `{}` (an empty POST). */
function bodyOf(body: unknown): Record<string, unknown> {
  return typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

export function devPhone(options: DevPhoneOptions): DevPhone {
  let simulatorUrl: string | undefined;
  const calls = new Set<string>();
  const streams = new Map<ServerResponse, OpenStream>();
  const from = options.from ?? DEFAULT_FROM;

  const remember = (sessionId: string) => {
    calls.add(sessionId);
    if (calls.size > MAX_CALLS) calls.delete(calls.values().next().value as string);
  };
  /** The call's id when it was placed here and the simulator is up; else answers and returns undefined. */
  const known = (id: string, reply: FastifyReply): string | undefined => {
    if (!calls.has(id)) {
      void send(reply, { status: 404, body: phoneError("SB_SIM_UNKNOWN_SESSION", `sessionId: "${id}" was not placed from this dev phone`, "sessionId") });
      return undefined;
    }
    if (simulatorUrl === undefined) {
      void send(reply, unreachable("it is not started yet"));
      return undefined;
    }
    return id;
  };

  const setup = (fastify: FastifyInstance) => {
    const { read, change } = fastify.switchboardDashboard.access;

    fastify.get("/api/phone", { onRequest: [...read] }, async (_request, reply) => {
      reply.header("cache-control", "no-store");
      return { numbers: options.numbers(), from };
    });

    fastify.post("/api/phone/calls", { onRequest: [...change] }, async (request, reply) => {
      const body = bodyOf(request.body);
      for (const field of ["to", "from"] as const) {
        if (body[field] !== undefined && typeof body[field] !== "string") {
          return send(reply, { status: 400, body: phoneError("SB_SERVER_INVALID_FIELD", `${field}: ${JSON.stringify(body[field])} is invalid; expected an E.164 number such as +6560000001`, field) });
        }
      }
      if (simulatorUrl === undefined) return send(reply, unreachable("it is not started yet"));
      const to = (body.to as string | undefined) ?? options.numbers()[0]?.msisdn;
      const answer = await upstreamJson(simulatorUrl, "POST", "/_sim/calls", { to, from: (body.from as string | undefined) ?? from, interactive: true });
      if (answer.status !== 201) return send(reply, answer);
      const { sessionId } = answer.body as { sessionId: string };
      remember(sessionId);
      return reply.code(201).send({ sessionId });
    });

    fastify.post("/api/phone/calls/:sessionId/keys", { onRequest: [...change] }, async (request, reply) => {
      const id = known((request.params as { sessionId: string }).sessionId, reply);
      if (id === undefined) return reply;
      const { keys } = bodyOf(request.body);
      return send(reply, await upstreamJson(simulatorUrl!, "POST", `/_sim/sessions/${encodeURIComponent(id)}/keys`, keys === undefined ? {} : { keys }));
    });

    fastify.post("/api/phone/calls/:sessionId/hangup", { onRequest: [...change] }, async (request, reply) => {
      const id = known((request.params as { sessionId: string }).sessionId, reply);
      if (id === undefined) return reply;
      return send(reply, await upstreamJson(simulatorUrl!, "POST", `/_sim/sessions/${encodeURIComponent(id)}/hangup`));
    });

    fastify.get("/api/phone/calls/:sessionId/events", { onRequest: [...read] }, async (request, reply) => {
      const id = known((request.params as { sessionId: string }).sessionId, reply);
      if (id === undefined) return reply;
      const controller = new AbortController();
      const upstream = await upstreamEvents(simulatorUrl!, id, controller);
      if (!(upstream instanceof Response)) return send(reply, upstream);
      reply.hijack();
      const response = reply.raw;
      streams.set(response, { controller, over: passThrough(upstream, response, controller).finally(() => streams.delete(response)) });
      return reply;
    });
  };

  return {
    setup,
    connect(url) {
      simulatorUrl = url;
    },
    async close() {
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise((resolve) => (timer = setTimeout(resolve, CLOSE_GRACE_MS)));
      await Promise.race([Promise.allSettled([...streams.values()].map((open) => open.over)), grace]);
      clearTimeout(timer);
      for (const [response, open] of streams) {
        open.controller.abort();
        response.end();
      }
      streams.clear();
    },
  };
}

/** Resolves when `response` drains or closes, leaving no listener behind (a slow reader waits many times). */
function drainedOrClosed(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      response.off("drain", done).off("close", done);
      resolve();
    };
    response.once("drain", done).once("close", done);
  });
}

/** Writes the upstream event stream to `response` as it comes, until either side ends; resolves then. */
async function passThrough(upstream: Response, response: ServerResponse, controller: AbortController): Promise<void> {
  response.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", "x-accel-buffering": "no" });
  response.socket?.setNoDelay(true);
  response.once("close", () => controller.abort());
  try {
    for await (const chunk of upstream.body as unknown as AsyncIterable<Uint8Array>) {
      if (response.destroyed) break;
      // A reader that does not keep up holds the upstream back, bounded by its socket's buffer.
      if (!response.write(chunk)) await drainedOrClosed(response);
    }
  } catch {
    // The reader left or the simulator closed: either way the stream is over.
  }
  if (!response.writableEnded) response.end();
}
