/**
 * Memory stays flat under hostile input: the server (a child process of its own, over SQLite and
 * over PostgreSQL) takes one corpus of hostile requests (every named class and the fuzzer's) until
 * it is warm, then the same corpus several more times; its heap after full collections must not
 * have grown by a fifth. Repeating one corpus is what makes this a test of leaks and not of the
 * store's caches: every delivery it accepts after the first pass is a repeat (ids come from small
 * pools), so a server that keeps nothing per refused request ends where it started. Each pass also
 * brings refusals with values never seen before (paths, ids), which must leave nothing either.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { vca } from "../fixtures/webhooks.js";
import { attack, sample, send } from "./attack.js";
import { validDelivery, WEBHOOKS, type IdPools, type Webhook } from "./deliveries.js";
import { startFaultServer, type FaultServer } from "./fault-server.js";
import { fuzzCorpus } from "./fuzz.js";
import { hostileClasses, httpFramingClass, JSON_HEADERS, post, type Hostile } from "./hostile-classes.js";
import { hostileReads } from "./hostile-reads.js";
import { Prng } from "./prng.js";
import { FAULT_TIMEOUTS, SEED, sized } from "./size.js";
import { faultStores, type OpenedStore } from "./stores.js";

vi.setConfig(FAULT_TIMEOUTS);

const CORPUS = sized({ small: 300, full: 2_000 });
/** Refusals with fresh values in each pass, five requests each. */
const FRESH = sized({ small: 20, full: 200 });
const WARM_UP_PASSES = 2;
const PASSES = sized({ small: 2, full: 6 });
/** Growth allowed after full collections: a leak of even 100 bytes a request passes this within a full run. */
const HEAP_GROWTH = 0.2;

function corpusOf(pools: IdPools): Hostile[] {
  const random = new Prng(SEED);
  const named = WEBHOOKS.flatMap((webhook) => {
    const base = validDelivery(webhook, random, pools);
    return [...hostileClasses(webhook, base, 65_536), ...httpFramingClass(webhook, base)];
  });
  const half = Math.floor(CORPUS / 2);
  return [...sample([...named, ...hostileReads()], half, random.fork()), ...fuzzCorpus(random.fork(), CORPUS - half, pools)];
}

/**
 * Refusals with values never seen before (paths, session and event ids): the corpus repeats, so
 * these catch what a refused request might keep per distinct value (a label, a cache entry).
 */
function freshRefusals(random: Prng, count: number): Hostile[] {
  const out: Hostile[] = [];
  for (let i = 0; i < count; i++) {
    const id = `fresh-${random.int(2 ** 31).toString(36)}-${i}`;
    const refused = (webhook: Webhook, field: string, value: unknown) => {
      const body = validDelivery(webhook, random, { prefix: id, sessions: 1, events: 2 ** 31, bookmarks: [] });
      const payload = body.payload as Record<string, unknown>;
      payload.sessionId = id;
      payload[field] = value;
      return post(webhook, JSON.stringify(body));
    };
    const requests = [
      { method: "GET", path: `/${id}`, headers: JSON_HEADERS },
      { method: "GET", path: `/api/sessions/${id}`, headers: JSON_HEADERS },
      refused("vca", "callId", 42),
      refused("vss", "sessionStatus", ""),
      refused("vcs", "callStatus", null),
    ];
    out.push(...requests.map((request) => ({ cls: "fresh refusals", name: `${request.method} ${request.path}`, request })));
  }
  return out;
}

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

const stores = await faultStores();

describe.each(stores)("memory under hostile input, over $name", (store) => {
  let opened: OpenedStore | undefined;
  let server: FaultServer;
  const pools: IdPools = { prefix: `memory-${store.name}`, sessions: 20, events: 200, bookmarks: [] };

  beforeAll(async () => {
    if (store.skip) return;
    opened = await store.open();
    server = await startFaultServer(opened.url);
    const first = await send(server.url, "POST", "/webhooks/vca", vca({ sessionId: `${pools.prefix}-bookmarks` }));
    const bookmark = (first.json as { clientActionId?: string }).clientActionId;
    if (bookmark) (pools.bookmarks as string[]).push(bookmark);
  });

  afterAll(async () => {
    await server?.close();
    await opened?.cleanup();
  });

  it.skipIf(store.skip)(`the heap after repeated passes of hostile requests stays within ${HEAP_GROWTH * 100}% of the warm heap`, async () => {
    const corpus = corpusOf(pools);
    // Answers are judged elsewhere (hostile-bodies.test.ts); here only what they leave behind counts.
    const fresh = new Prng(SEED).fork();
    const pass = () => attack(server.port, [...corpus, ...freshRefusals(fresh, FRESH)], { allow503: true });
    for (let n = 0; n < WARM_UP_PASSES; n++) await pass();
    const warm = await server.memory();
    for (let n = 0; n < PASSES; n++) await pass();
    const after = await server.memory();
    const summary = `heap ${mb(warm.heapUsed)} -> ${mb(after.heapUsed)}, rss ${mb(warm.rss)} -> ${mb(after.rss)} after ${PASSES} passes of ${CORPUS} requests (FAULTS_SEED=${SEED})`;
    console.info(`memory over ${store.name}: ${summary}`);
    expect(after.heapUsed, summary).toBeLessThan(warm.heapUsed * (1 + HEAP_GROWTH));
    expect(server.alive()).toBe(true);
  });
});
