/**
 * The dashboard's outbound views in a real browser (Debian's chromium, headless, through
 * playwright-core) against a real server with the followup module (its control API and
 * dispatcher), a read secret of its own, a SQLite file and the simulator (instant clock) with
 * scripted callees (issue 12's outbound views): a single call to a callee busy then answering
 * shows, on its session's page, its request, both attempts and the retry between them with its
 * reason; the Campaigns page shows a finished campaign's state and counts and one not started,
 * and a campaign's contacts link to their sessions. The new read routes refuse a wrong or absent
 * secret (401), and neither the read secret nor the signed-in browser can change a campaign.
 * Screenshots go to test-artifacts/; with SWITCHBOARD_UPDATE_SCREENSHOTS=1 the README's go to
 * docs/images/ as well.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_NUMBER } from "../../src/server/index.js";
import { openSqliteStore } from "../../src/store/index.js";
import { startCampaignPlatform, type CampaignPlatform } from "../e2e/campaign-platform.js";
import { chromiumAvailable, launchChromium } from "./chromium.js";
import { assertDashboardBuilt, SHOWN, shoot, signIn } from "./dashboard-pages.js";

/** The campaign platform's secrets: its webhook secret is also its read secret (createServer's default). */
const READ = "webhook-secret-0123456789";
const CONTROL = "control-secret-0123456789";
const NOW_RETRY = { backoff: ["0s"], jitter: 0 };

/** The callee of the single call: busy, then answers and confirms. */
const CALLEE = "+6580000001";
/** Five contacts, one of each kind (as test/e2e/campaign.test.ts scripts them). */
const CONTACTS = [
  { id: "c1", phone: "+6581000001", behavior: "answer", press: "1" },
  { id: "c2", phone: "+6581000002", behavior: ["busy", "answer"], press: "2" },
  { id: "c3", phone: "+6581000003", behavior: "no-answer" },
  { id: "c4", phone: "+6581000004", behavior: { error: -2004 } },
  { id: "c5", phone: "+6581000005", behavior: ["no-answer", "busy", "answer"], press: "1" },
] as const;
const csvOf = (contacts: readonly { id: string; phone: string }[]) => `id,phone,name\n${contacts.map((c) => `${c.id},${c.phone},Guest ${c.id}`).join("\n")}\n`;

const run = chromiumAvailable();

describe.skipIf(!run)("the outbound views in chromium", () => {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-outbound-browser-"));
  let platform: CampaignPlatform;
  let browser: Browser;
  let page: Page;
  let requestId: string;

  async function api(method: "GET" | "POST", path: string, authorization: string | undefined, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(platform.url + path, {
      method,
      headers: { ...(authorization === undefined ? {} : { authorization }), ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(15_000),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  /** Polls (bounded: 600 polls of 50 ms) until `done` holds for what `read` answers. */
  async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    let value: T | undefined;
    for (let poll = 0; poll < 600; poll += 1) {
      value = await read();
      if (done(value)) return value;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`never got there: ${JSON.stringify(value)}`);
  }

  beforeAll(async () => {
    assertDashboardBuilt();
    platform = await startCampaignPlatform(await openSqliteStore({ path: join(dir, "outbound.db") }), { maxCallRate: 50 });
    const sim = platform.simulator;
    sim.setCallee({ number: CALLEE, behavior: ["busy", "answer"], press: "1" });
    for (const { phone, behavior, ...rest } of CONTACTS) sim.setCallee({ number: phone, behavior, ...("press" in rest ? { press: rest.press } : {}) } as Parameters<typeof sim.setCallee>[0]);

    const placed = await api("POST", "/api/calls", CONTROL, { to: CALLEE, from: SANDBOX_NUMBER, vars: { name: "Ada" }, retry: NOW_RETRY });
    expect(placed.status).toBe(201);
    requestId = placed.body.requestId as string;
    await until(() => api("GET", `/api/calls/${requestId}`, CONTROL), (r) => (r.body.request as { state: string }).state === "completed");

    const spring = { name: "spring", from: SANDBOX_NUMBER, csv: csvOf(CONTACTS), rate: 20, concurrency: 5, retry: { maxAttempts: 3, ...NOW_RETRY } };
    expect((await api("POST", "/api/campaigns", CONTROL, spring)).status).toBe(201);
    expect((await api("POST", "/api/campaigns/spring/start", CONTROL)).status).toBe(200);
    await until(() => api("GET", "/api/campaigns/spring", CONTROL), (r) => r.body.state === "COMPLETE");
    // One more, created and never started: the page shows it waiting.
    const later = CONTACTS.slice(0, 3).map((c, i) => ({ id: `d${i + 1}`, phone: c.phone.replace("+65810", "+65820") }));
    expect((await api("POST", "/api/campaigns", CONTROL, { name: "autumn", from: SANDBOX_NUMBER, csv: csvOf(later), window: "09:00-20:00", timezone: "Asia/Singapore" })).status).toBe(201);

    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1100, height: 760 }, colorScheme: "light", timezoneId: "UTC" });
    page = await context.newPage();
    await signIn(page, `${platform.url}/`, READ);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("shows an outbound session's request, both attempts and the retry between them, with its reason", async () => {
    const { body } = await api("GET", `/api/calls/${requestId}`, CONTROL);
    const attempts = body.attempts as { sessionId: string; clientRequestId: string }[];
    expect(attempts).toHaveLength(2);
    await page.goto(`${platform.url}/#/sessions/${encodeURIComponent(attempts[1]!.sessionId)}`);
    const outbound = page.getByRole("region", { name: "Outbound call" });
    await outbound.waitFor(SHOWN);
    expect(await outbound.locator("dd").allTextContents()).toEqual(expect.arrayContaining([requestId, CALLEE, SANDBOX_NUMBER, "reminder", "— (a single call)", "completed", "completed after 2 attempts", "name = Ada"]));

    const steps = outbound.getByRole("list", { name: /attempts and retries/ }).locator(":scope > li");
    expect(await steps.evaluateAll((items) => items.map((item) => item.getAttribute("data-kind")))).toEqual(["attempt", "retry", "attempt"]);
    const first = steps.nth(0);
    expect(await first.textContent()).toContain(attempts[0]!.clientRequestId);
    expect(await first.locator(".attempt-result").textContent()).toBe("busy (unreachable)");
    // The first attempt's session is another page; the second is this one.
    expect(await first.getByRole("link").getAttribute("href")).toBe(`#/sessions/${encodeURIComponent(attempts[0]!.sessionId)}`);
    expect(await steps.nth(1).textContent()).toMatch(/^Retry scheduled after attempt 1 at .+: reason BUSY · next attempt opened .+$/);
    expect(await steps.nth(2).textContent()).toContain("this session");
    expect(await steps.nth(2).locator(".attempt-result").textContent()).toBe("completed");
    await shoot(page, "session-outbound");

    // The first attempt's session: busy, with the same attempts, the other one marked.
    await first.getByRole("link").click();
    await page.getByText("this session").waitFor(SHOWN);
    expect(await page.locator("li.attempt.current").getAttribute("data-attempt")).toBe("1");
  });

  it("shows no outbound part for an inbound session", async () => {
    const call = await fetch(`${platform.simulator.url}/_sim/calls`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ to: SANDBOX_NUMBER, press: ["1"] }), signal: AbortSignal.timeout(10_000) });
    const { sessionId } = (await call.json()) as { sessionId: string };
    await platform.simulator.waitForSession(sessionId, 10_000);
    await page.goto(`${platform.url}/#/sessions/${encodeURIComponent(sessionId)}`);
    await page.getByRole("heading", { name: "Timeline" }).waitFor(SHOWN);
    expect(await page.getByRole("region", { name: "Outbound call" }).count()).toBe(0);
  });

  it("lists the campaigns with their state, settings, progress and counts, read-only", async () => {
    await page.goto(`${platform.url}/#/`);
    await page.getByRole("link", { name: "Campaigns" }).click();
    await page.getByRole("heading", { name: "Campaigns", level: 1 }).waitFor(SHOWN);
    const spring = page.getByRole("article", { name: "spring" });
    await spring.waitFor(SHOWN);
    expect(await spring.locator(".badge").textContent()).toBe("complete");
    expect(await spring.getByRole("progressbar").getAttribute("value")).toBe("5");
    expect(await spring.locator(".campaign-progress label").textContent()).toBe("5 of 5 done (100 %)");
    const counts = Object.fromEntries(
      await spring.locator(".counts-line > div").evaluateAll((items) => items.map((item) => [item.querySelector("dt")!.textContent, Number(item.querySelector("dd")!.textContent)])),
    );
    // 1 + 2 + 3 + 1 + 3 calls; c1, c2 and c5 answered, c3 never did, c4's -2004 is never retried.
    expect(counts).toEqual({ Placed: 10, "In progress": 0, Completed: 3, Unreachable: 1, Failed: 0, Error: 1, Canceled: 0, Retrying: 0, Left: 0 });
    const settings = await spring.locator(".campaign-settings dd").allTextContents();
    expect(settings.slice(0, 6)).toEqual(["reminder", SANDBOX_NUMBER, "20 calls/s", "5 at once", "any time", "up to 3"]);

    const autumn = page.getByRole("article", { name: "autumn" });
    expect(await autumn.locator(".badge").textContent()).toBe("created");
    expect(await autumn.locator(".campaign-settings dd").nth(4).textContent()).toBe("09:00-20:00 Asia/Singapore");
    expect(await autumn.locator('[data-count="left"] dd').textContent()).toBe("3");
    expect(await page.getByRole("button").filter({ hasText: /start|pause|resume|cancel/i }).count()).toBe(0);
    expect(await page.locator(".read-only").textContent()).toContain("switchboard campaign start|pause|resume|cancel <name>");
    await shoot(page, "campaigns", true);
  });

  it("opens a campaign: each contact's outcome, with a link to its last session", async () => {
    await page.getByRole("link", { name: "spring" }).click();
    await page.getByRole("heading", { name: "Campaign spring" }).waitFor(SHOWN);
    const rows = page.locator("table.contacts tbody tr");
    await rows.first().waitFor(SHOWN);
    const table = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].slice(0, 7).map((td) => td.textContent)));
    expect(table.map((cells) => [cells[0], cells[2], cells[3], cells[4]])).toEqual([
      ["c1", "completed", "1", "COMPLETED"],
      ["c2", "completed", "2", "COMPLETED"],
      ["c3", "unreachable", "3", "NO_ANSWER"],
      ["c4", "error", "1", "ERROR -2004"],
      ["c5", "completed", "3", "COMPLETED"],
    ]);
    expect(table[1]![6]).toBe("2");
    await page.getByRole("link", { name: "The last session of contact c2" }).click();
    const outbound = page.getByRole("region", { name: "Outbound call" });
    await outbound.waitFor(SHOWN);
    expect(await outbound.getByRole("link", { name: "spring" }).count()).toBe(1);
    expect(await outbound.locator("li[data-kind=retry]").textContent()).toContain("reason BUSY");
  });

  it("follows a campaign as it runs, without reloading the page", async () => {
    await page.goto(`${platform.url}/#/campaigns`);
    await page.getByRole("article", { name: "spring" }).waitFor(SHOWN);
    const marker = await page.evaluate(() => ((globalThis as unknown as { stayed: number }).stayed = Math.random()));
    const summer = [{ id: "e1", phone: "+6583000001" }, { id: "e2", phone: "+6583000002" }];
    for (const contact of summer) platform.simulator.setCallee({ number: contact.phone, behavior: ["busy", "answer"], press: "1" });
    expect((await api("POST", "/api/campaigns", CONTROL, { name: "summer", from: SANDBOX_NUMBER, csv: csvOf(summer), retry: NOW_RETRY })).status).toBe(201);
    expect((await api("POST", "/api/campaigns/summer/start", CONTROL)).status).toBe(200);
    // The calls' events (and the poll while it runs) bring it in, then carry it to its end.
    const card = page.getByRole("article", { name: "summer" });
    await card.locator(".badge", { hasText: "complete" }).waitFor(SHOWN);
    expect(await card.locator('[data-count="completed"] dd').textContent()).toBe("2");
    expect(await card.locator('[data-count="placed"] dd').textContent()).toBe("4");
    expect(await page.evaluate(() => (globalThis as unknown as { stayed: number }).stayed)).toBe(marker);
  });

  it("fits a phone-sized screen: the campaigns, a campaign's contacts and an outbound session, with no sideways scrolling", async () => {
    const phone = await page.context().newPage();
    await phone.setViewportSize({ width: 390, height: 800 });
    const { body } = await api("GET", `/api/calls/${requestId}`, CONTROL);
    const session = (body.attempts as { sessionId: string }[])[1]!.sessionId;
    const views: [string, string][] = [
      ["#/campaigns", "article[data-campaign=spring]"],
      ["#/campaigns/spring", "table.contacts tbody tr"],
      [`#/sessions/${encodeURIComponent(session)}`, "li.attempt.current"],
    ];
    for (const [view, shown] of views) {
      await phone.goto(`${platform.url}/${view}`);
      await phone.locator(shown).first().waitFor(SHOWN);
      expect(await phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), view).toBe(true);
    }
    await phone.goto(`${platform.url}/#/campaigns`);
    await phone.locator("article[data-campaign=spring]").waitFor(SHOWN);
    await shoot(phone, "campaigns-phone");
    await phone.close();
  });

  it("refuses the read routes without the read secret (401), and changes to campaigns with it or with the browser's session", async () => {
    for (const authorization of [undefined, "wrong", CONTROL.slice(1)]) {
      for (const path of ["/api/campaigns", "/api/campaigns/spring", "/api/campaigns/spring/export?format=json&limit=5"]) {
        expect((await api("GET", path, authorization)).status, `${path} ${authorization}`).toBe(401);
      }
    }
    expect((await api("GET", "/api/campaigns/spring", READ)).body).toMatchObject({ state: "COMPLETE" });
    expect((await api("POST", "/api/campaigns/autumn/start", READ)).status).toBe(401);
    expect((await api("POST", "/api/campaigns/autumn/cancel", READ)).status).toBe(401);
    expect((await api("POST", "/api/campaigns", READ, { name: "winter", from: SANDBOX_NUMBER, csv: csvOf(CONTACTS) })).status).toBe(401);
    // The signed-in page, with its cookie and its CSRF token, cannot either.
    const fromPage = await page.evaluate(async () => {
      const session = (await (await fetch("api/session")).json()) as { csrfToken: string };
      const response = await fetch("api/campaigns/autumn/start", { method: "POST", headers: { "x-switchboard-csrf": session.csrfToken } });
      return response.status;
    });
    expect(fromPage).toBe(401);
    expect((await api("GET", "/api/campaigns/autumn", CONTROL)).body).toMatchObject({ state: "CREATED" });
  });
});
