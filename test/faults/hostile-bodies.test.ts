/**
 * Hostile bodies to every route, against the server over SQLite and over PostgreSQL: each named
 * class (test/faults/hostile-classes.ts), the read API's hostile ids and queries, and the seeded
 * fuzzer. Whatever arrives, the answer is never a 5xx (503 means "the store is down", and it is
 * not), every refusal carries an SB_ code, every VCA answered is a valid callflow, and the server
 * answers valid deliveries afterwards. Small under `npm test`, every request under
 * `npm run test:faults` (FAULTS_SIZE=full); FAULTS_SEED replays a fuzzer run.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { vca, vcaDigits, vcs, vss } from "../fixtures/webhooks.js";
import { attack, isValidCallflow, sample, send } from "./attack.js";
import { validDelivery, WEBHOOKS, type IdPools } from "./deliveries.js";
import { startFaultServer, type FaultServer } from "./fault-server.js";
import { fuzzCorpus } from "./fuzz.js";
import { hostileClasses, httpFramingClass, type Hostile } from "./hostile-classes.js";
import { hostileReads } from "./hostile-reads.js";
import { Prng } from "./prng.js";
import { FAULT_TIMEOUTS, SEED, sized } from "./size.js";
import { faultStores, type OpenedStore } from "./stores.js";

vi.setConfig(FAULT_TIMEOUTS);

const BODY_LIMIT = 65_536;
const PER_CLASS = sized({ small: 30, full: Number.POSITIVE_INFINITY });
const FUZZED = sized({ small: 300, full: 6_000 });

/** The named classes (every webhook route's, the read side's, HTTP framing), each sampled to this run's size. */
function classesByName(pools: IdPools): Map<string, Hostile[]> {
  const random = new Prng(SEED);
  const byClass = new Map<string, Hostile[]>();
  const all: Hostile[] = [];
  for (const webhook of WEBHOOKS) {
    const base = validDelivery(webhook, random, pools);
    all.push(...hostileClasses(webhook, base, BODY_LIMIT), ...httpFramingClass(webhook, base));
  }
  for (const hostile of [...all, ...hostileReads()]) byClass.set(hostile.cls, [...(byClass.get(hostile.cls) ?? []), hostile]);
  for (const [cls, list] of byClass) byClass.set(cls, sample(list, PER_CLASS * WEBHOOKS.length, random.fork()));
  return byClass;
}

/** What a failed test shows: the problems (the first 20) and the seed to replay them. */
function report(problems: { request: string; problem: string }[], server: FaultServer): string {
  const shown = problems.slice(0, 20).map((p) => `- ${p.request}\n    ${p.problem}`);
  return `${problems.length} answer(s) broke the rules (FAULTS_SEED=${SEED}, ${FUZZED} fuzzed, ${PER_CLASS} a class and route):\n${shown.join("\n")}\nserver log (tail): ${server.log().slice(-2_000)}`;
}

const stores = await faultStores();

describe.each(stores)("hostile bodies to every route, over $name", (store) => {
  let opened: OpenedStore | undefined;
  let server: FaultServer;
  const pools: IdPools = { prefix: `hostile-${store.name}`, sessions: 20, events: 200, bookmarks: [] };

  beforeAll(async () => {
    if (store.skip) return;
    opened = await store.open();
    server = await startFaultServer(opened.url);
    // Real bookmarks from the IVR under attack, so mutated digits reach its menus.
    const first = await send(server.url, "POST", "/webhooks/vca", vca({ sessionId: `${pools.prefix}-bookmarks` }));
    const bookmark = (first.json as { clientActionId?: string }).clientActionId;
    if (bookmark) (pools.bookmarks as string[]).push(bookmark);
  });

  afterAll(async () => {
    await server?.close();
    await opened?.cleanup();
  });

  const classes = classesByName(pools);

  it.skipIf(store.skip).each([...classes.keys()])("%s: never a 5xx, every refusal with an SB_ code", async (cls) => {
    const problems = await attack(server.port, classes.get(cls)!);
    expect(problems.length, report(problems, server)).toBe(0);
    expect(server.alive()).toBe(true);
  });

  it.skipIf(store.skip)("fuzzed deliveries: never a 5xx, every refusal with an SB_ code, every VCA answer a valid callflow", async () => {
    const problems = await attack(server.port, fuzzCorpus(new Prng(SEED), FUZZED, pools));
    expect(problems.length, report(problems, server)).toBe(0);
  });

  it.skipIf(store.skip)("still answers valid deliveries afterwards, and stores them", async () => {
    const sessionId = `${pools.prefix}-after`;
    const first = await send(server.url, "POST", "/webhooks/vca", vca({ sessionId }));
    expect(first.status).toBe(200);
    expect(isValidCallflow(first.json)).toBe(true);
    const next = await send(server.url, "POST", "/webhooks/vca", vcaDigits(sessionId, (first.json as { clientActionId: string }).clientActionId, "1"));
    expect(next.status).toBe(200);
    expect(isValidCallflow(next.json)).toBe(true);
    expect((await send(server.url, "POST", "/webhooks/vcs", vcs(sessionId))).status).toBe(200);
    expect((await send(server.url, "POST", "/webhooks/vss", vss(sessionId))).json).toMatchObject({ ok: true, duplicate: false });
    const stored = await send(server.url, "GET", `/api/sessions/${sessionId}`);
    expect(stored.json).toMatchObject({ session: { status: "COMPLETED" }, summary: { sessionStatus: "COMPLETED" } });
    expect((await send(server.url, "GET", "/healthz")).status).toBe(200);
  });
});
