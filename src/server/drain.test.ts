/**
 * Stopping a server that 8x8 is talking to (issue 11, defect 3): a real server on 127.0.0.1, a
 * SQLite file, connections held open by hand across the stop. A caller whose VCA arrives while
 * the server stops must still hear a callflow; a summary must be stored or refused with 503 (so
 * 8x8 delivers it again), never lost; and a request that never ends must not hold the stop.
 */
import { afterAll, describe, expect, it } from "vitest";
import { SECRET, vca, vss } from "../../test/fixtures/webhooks.js";
import { connect, type RawConnection } from "../../test/raw-http.js";
import { tempDir } from "../../test/server-harness.js";
import type { IvrApp } from "../ivr/index.js";
import { openSqliteStore, type Store } from "../store/index.js";
import { validateCallflow, type VcaAnswer } from "../voice/index.js";
import { createServer } from "./create-server.js";
import { DEFAULT_FALLBACK } from "./fallback.js";
import { startIvrServer, type IvrServer } from "./ivr-server.js";

const dir = tempDir("switchboard-drain-");
afterAll(() => dir.remove());
let n = 0;
const freshDb = () => `${dir.path}/drain-${++n}.db`;

const ANSWER: VcaAnswer = { callflow: [{ action: "say", params: { text: "Welcome to the drain test.", voiceProfile: "en-US-BenjaminRUS" } }, { action: "hangup" }] };
const HELD = "held-session";
const auth = { authorization: SECRET };

/** An app that answers at once, except the VCA of `HELD`, which waits until the test releases it. */
function gatedApp(): { app: IvrApp; entered: Promise<void>; release: () => void } {
  let entered!: () => void;
  let release!: () => void;
  const enteredPromise = new Promise<void>((resolve) => (entered = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  const app: IvrApp = {
    name: "gated",
    async answer(event) {
      if (event.sessionId === HELD) {
        entered();
        await released;
      }
      return ANSWER;
    },
  };
  return { app, entered: enteredPromise, release };
}

/** Starts the stop and resolves, with the stop's promise, once the server no longer listens: the drain has begun. */
async function startStop(ivr: IvrServer): Promise<{ stopped: Promise<void> }> {
  const stopped = ivr.close();
  // Bounded: the listening socket closes within a few turns of the event loop.
  for (let i = 0; i < 1000 && ivr.fastify.server.listening; i++) await new Promise((resolve) => setImmediate(resolve));
  expect(ivr.fastify.server.listening).toBe(false);
  // Wrapped: an async function returning the promise itself would wait for the whole stop.
  return { stopped };
}

/** Opens `count` connections and sends one request on each, so each is open, idle and kept alive. */
async function openIdleConnections(url: string, count: number): Promise<RawConnection[]> {
  const connections = await Promise.all(Array.from({ length: count }, () => connect(url)));
  for (const connection of connections) expect((await connection.request("GET", "/healthz")).status).toBe(200);
  return connections;
}

describe("stopping the server: the drain", () => {
  it("answers a VCA and stores a VSS that arrive on open connections while requests are in flight, each with Connection: close", async () => {
    const path = freshDb();
    const gated = gatedApp();
    const ivr = await startIvrServer({ app: gated.app, authHeader: SECRET, db: `sqlite:${path}`, server: { handlerTimeoutMs: 60_000 } });
    const [held, forVca, forVss] = await openIdleConnections(ivr.url, 3);
    const heldAnswer = held!.request("POST", "/webhooks/vca", vca({ sessionId: HELD }), auth);
    await gated.entered;

    const { stopped } = await startStop(ivr);
    const during = await forVca!.request("POST", "/webhooks/vca", vca({ sessionId: "during-drain" }), auth);
    expect(during.status).toBe(200);
    expect(during.json).toEqual(ANSWER);
    expect(validateCallflow((during.json as VcaAnswer).callflow, { mode: "answer" })).toEqual({ ok: true });
    expect(during.headers.connection).toBe("close");

    const summary = await forVss!.request("POST", "/webhooks/vss", vss("vss-during-drain"), auth);
    expect(summary.status).toBe(200);
    expect(summary.json).toEqual({ ok: true, sessionId: "vss-during-drain", duplicate: false });
    expect(summary.headers.connection).toBe("close");

    // The request in flight when the stop began is answered too, and told to close.
    gated.release();
    const first = await heldAnswer;
    expect(first.status).toBe(200);
    expect(first.json).toEqual(ANSWER);
    expect(first.headers.connection).toBe("close");
    await stopped;
    await Promise.all([held!.closed, forVca!.closed, forVss!.closed]);

    // What was acknowledged during the drain is in the file.
    const reopened = await openSqliteStore({ path });
    try {
      expect((await reopened.getSession("vss-during-drain"))?.summary?.sessionStatus).toBe("COMPLETED");
      expect((await reopened.getSession("during-drain"))?.timeline.map((t) => t.kind)).toEqual(["vca", "answer"]);
    } finally {
      await reopened.close();
    }
  });

  it("closes the store once nothing is in flight; after that a VSS gets 503 with Retry-After and a VCA the fallback callflow", async () => {
    const real = await openSqliteStore({ path: freshDb() });
    let storeClosed!: () => void;
    let finishClose!: () => void;
    const closedPromise = new Promise<void>((resolve) => (storeClosed = resolve));
    const mayFinish = new Promise<void>((resolve) => (finishClose = resolve));
    // The real store, whose close holds the stop until the test has sent its late deliveries.
    const store = new Proxy(real, {
      get(target, property) {
        if (property === "close") {
          return async () => {
            await target.close();
            storeClosed();
            await mayFinish;
          };
        }
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    }) as Store;
    const ivr = await startIvrServer({ app: gatedApp().app, authHeader: SECRET, db: store, server: { closeStore: true } });
    const [forVss, forVca] = await openIdleConnections(ivr.url, 2);

    const { stopped } = await startStop(ivr);
    await closedPromise;
    const summary = await forVss!.request("POST", "/webhooks/vss", vss("vss-after-store"), auth);
    expect(summary.status).toBe(503);
    expect(summary.headers["retry-after"]).toBe("5");
    expect((summary.json as { error: { code: string } }).error.code).toBe("SB_SERVER_STORE_UNAVAILABLE");
    expect(summary.headers.connection).toBe("close");

    const late = await forVca!.request("POST", "/webhooks/vca", vca({ sessionId: "vca-after-store" }), auth);
    expect(late.status).toBe(200);
    expect(late.json).toEqual(DEFAULT_FALLBACK);
    expect(late.headers.connection).toBe("close");

    finishClose();
    await stopped;
  });

  it("ends the stop when the drain timeout runs out, destroying a connection whose request never ends", async () => {
    let entered!: () => void;
    const enteredPromise = new Promise<void>((resolve) => (entered = resolve));
    const app: IvrApp = {
      name: "never",
      answer: () => {
        entered();
        return new Promise<VcaAnswer>(() => undefined);
      },
    };
    const ivr = await startIvrServer({ app, authHeader: SECRET, db: `sqlite:${freshDb()}`, server: { handlerTimeoutMs: 60_000, drainTimeoutMs: 200 } });
    const [stuck] = await openIdleConnections(ivr.url, 1);
    const answer = stuck!.request("POST", "/webhooks/vca", vca({ sessionId: "never-answered" }), auth).catch((error: unknown) => error);
    await enteredPromise;

    await ivr.close();
    await stuck!.closed;
    expect(await answer).toBeInstanceOf(Error);
  });

  it("refuses a drainTimeoutMs that is not a whole number of milliseconds, naming the option", async () => {
    const store = await openSqliteStore({ path: ":memory:" });
    try {
      for (const drainTimeoutMs of [-1, 1.5, Number.NaN]) {
        expect(() => createServer({ app: gatedApp().app, store, authHeader: SECRET, logger: false, drainTimeoutMs })).toThrow(/drainTimeoutMs: .* is invalid; expected a whole number of milliseconds/);
      }
    } finally {
      await store.close();
    }
  });
});
