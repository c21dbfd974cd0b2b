/**
 * The flow page's counts and the stats page in a real browser (Debian's chromium, headless,
 * through playwright-core) against a real server with a read secret and the simulator (issue 12,
 * points 3 and 4): calls with known key presses through the restaurant flow, then the graph's
 * edges carry how many calls took them, the main menu and reservations show their hang-ups,
 * timeouts and invalid input (in the drawing and in the tables beneath), a call that ends while
 * the page is open updates the counts without a reload, and the stats page shows the completion
 * rate beside a chart with one line per outcome and one point per minute of the last hour.
 * Screenshots go to test-artifacts/; with SWITCHBOARD_UPDATE_SCREENSHOTS=1 the README's go to
 * docs/images/ as well.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSecret, registerServerWebhooks, SANDBOX_NUMBER, startIvrServer, type IvrServer } from "../../src/server/index.js";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";
import { chromiumAvailable, launchChromium } from "./chromium.js";
import { assertDashboardBuilt, RESTAURANT_FLOW, SHOWN, shoot, signIn } from "./dashboard-pages.js";

const READ_SECRET = generateSecret();

/**
 * The calls placed, one press entry per capture prompt; a caller with no entry left hangs up.
 * The restaurant flow ends the call on invalid or missing input, and its captures allow two tries.
 */
const CALLS: string[][] = [
  ["1"], // main menu → reservations, then hangs up there
  ["1", "1", "2"], // reservations → book a table → tomorrow
  ["9"], // invalid input at the main menu
  ["-", "-"], // no key at either try: timed out at the main menu
  ["-"], // silent once, then hangs up at the main menu's second try
  ["3"], // the opening hours
  ["2", "2", "3"], // a representative, back to the main menu, the opening hours
];

const edge = (...ids: string[]) => `g.edge[data-edge="${ids.join(" ")}"] .edge-count`;
const MAIN_TO_RESERVATIONS = edge("menu:main_menu>menu:reservations:option:1");
const MAIN_HOURS = edge("menu:main_menu>end:1:option:3");
const MAIN_WRONG_OR_NONE = edge("menu:main_menu>end:2:invalid", "menu:main_menu>end:2:no-input");
const CALL_STARTS = edge("start>menu:main_menu:start");

const run = chromiumAvailable();

describe.skipIf(!run)("the flow's counts and the stats page in chromium", () => {
  let ivr: IvrServer;
  let sim: Simulator;
  let browser: Browser;
  let page: Page;

  async function placeCall(press: string[]): Promise<string> {
    const response = await fetch(`${sim.url}/_sim/calls`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ to: SANDBOX_NUMBER, press }),
      signal: AbortSignal.timeout(10_000),
    });
    expect(response.status).toBe(201);
    const { sessionId } = (await response.json()) as { sessionId: string };
    await sim.waitForSession(sessionId, 10_000);
    return sessionId;
  }

  /** The text of a count drawn on the graph, once it is there. */
  async function drawn(selector: string): Promise<string | null> {
    const count = page.locator(selector);
    await count.waitFor(SHOWN);
    return count.getAttribute("data-count");
  }

  beforeAll(async () => {
    assertDashboardBuilt();
    const webhookSecret = generateSecret();
    ivr = await startIvrServer({ flow: RESTAURANT_FLOW, authHeader: webhookSecret, readAuthHeader: READ_SECRET });
    sim = await startSimulator({ clock: "instant" });
    await registerServerWebhooks({ platformUrl: sim.url, serverUrl: ivr.url, authHeader: webhookSecret });
    sim.setCallee({ number: "+6561115777", behavior: "busy" });
    for (const press of CALLS) await placeCall(press);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1100, height: 720 }, colorScheme: "light", timezoneId: "UTC" });
    page = await context.newPage();
    await signIn(page, `${ivr.url}/`, READ_SECRET);
  });

  afterAll(async () => {
    await browser?.close();
    await sim?.close();
    await ivr?.close();
  });

  it("draws how many calls took each edge, and where callers hung up, timed out or pressed a wrong key", async () => {
    await page.getByRole("link", { name: "Flow" }).click();
    await page.getByRole("heading", { name: "Flow: abc-restaurant" }).waitFor(SHOWN);
    await page.getByLabel("Time range").selectOption("1h");
    expect(await drawn(CALL_STARTS)).toBe("7");
    expect(await drawn(MAIN_TO_RESERVATIONS)).toBe("2");
    expect(await drawn(MAIN_HOURS)).toBe("2");
    // 9, and a call with no key at either try: the main menu's invalid and no-input exits, drawn as one.
    expect(await drawn(MAIN_WRONG_OR_NONE)).toBe("2");
    expect(await drawn(edge("menu:reservations>menu:book_table:option:1"))).toBe("1");
    expect(await drawn(edge("menu:reschedule_table>end:6:option:1"))).toBe("0");

    const mainMenu = page.locator('g[data-node="menu:main_menu"] .menu-counts');
    expect(await mainMenu.textContent()).toBe("1 hung up · 1 timed out · 1 invalid");
    expect(await page.locator('g[data-node="menu:reservations"] .menu-counts').textContent()).toBe("1 hung up · 0 timed out · 0 invalid");

    // The same numbers as text, for a screen reader or a keyboard.
    const menus = page.getByRole("table", { name: /At each menu/ });
    expect(await menus.getByRole("row", { name: /^main_menu/ }).getByRole("cell").allTextContents()).toEqual(["1", "1", "1"]);
    expect(await menus.getByRole("row", { name: /^reservations/ }).getByRole("cell").allTextContents()).toEqual(["1", "0", "0"]);
    await page.getByText("Every way through the flow, with how many calls took it").click();
    const ways = page.getByRole("table", { name: /Where callers went/ });
    expect(await ways.locator('tr[data-edge="menu:main_menu>menu:reservations:option:1"] td').allTextContents()).toEqual(["main_menu", "key 1", "reservations", "2"]);
    expect(await page.getByRole("status").filter({ hasText: "reached this flow" }).textContent()).toContain("7 calls reached this flow in the last hour");
    await page.getByText("Every way through the flow, with how many calls took it").click();
    await shoot(page, "flow-counts", true);
  });

  it("counts a call that ends while the page is open, without reloading", async () => {
    const before = page.url();
    await placeCall(["3"]);
    await page.locator(`${MAIN_HOURS}[data-count="3"]`).waitFor(SHOWN);
    expect(await drawn(CALL_STARTS)).toBe("8");
    expect(page.url()).toBe(before);
  });

  it("shows the completion rate and a chart with a line per outcome and a point per minute of the last hour", async () => {
    await page.getByRole("link", { name: "Stats" }).click();
    await page.getByRole("heading", { name: "Stats" }).waitFor(SHOWN);
    // The range chosen on the flow page holds here too.
    expect(await page.getByLabel("Time range").inputValue()).toBe("1h");
    expect(await page.locator('[data-stat="sessions"]').textContent()).toBe("8");
    // Inbound calls the IVR answered are completed, whatever the caller pressed.
    expect(await page.locator('[data-stat="completion-rate"]').textContent()).toBe("100 %");
    expect(await page.locator('[data-stat="average-mos"]').textContent()).toMatch(/^\d\.\d$/);

    const chart = page.getByRole("img", { name: /A line per outcome: 8 calls over 61 intervals/ });
    await chart.waitFor(SHOWN);
    await chart.locator("canvas").waitFor(SHOWN);
    expect(await chart.getAttribute("data-series")).toBe("5");
    expect(await chart.getAttribute("data-points")).toBe("61");
    // uPlot's legend: the time, then completed, unreachable, failed, error and no outcome yet.
    expect(await chart.locator(".u-legend .u-series").count()).toBe(6);
    expect(await page.getByRole("table", { name: "Fallbacks by reason" }).locator("td").allTextContents()).toEqual(["0", "0", "0", "0"]);

    // The chart as a table: every call in the minute buckets that hold any.
    await page.getByText(/The chart as a table/).click();
    const rows = await page.locator(".chart-table tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => Number(td.textContent))));
    expect(rows.flat().reduce((sum, n) => sum + n, 0)).toBe(8);
    expect(rows.reduce((sum, row) => sum + (row[0] ?? 0), 0)).toBe(8);
    await page.getByText(/The chart as a table/).click();
    await shoot(page, "stats", true);
  });

  it("fits a phone-sized screen: the graph scrolls in its box, the page never sideways", async () => {
    const phone = await page.context().newPage();
    await phone.setViewportSize({ width: 390, height: 800 });
    for (const [view, heading] of [["#/stats", "Stats"], ["#/flow", "Flow: abc-restaurant"]] as const) {
      await phone.goto(`${ivr.url}/${view}`);
      await phone.getByRole("heading", { name: heading }).waitFor(SHOWN);
      await phone.locator(view === "#/stats" ? ".chart canvas" : CALL_STARTS).waitFor(SHOWN);
      expect(await phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), view).toBe(true);
    }
    await shoot(phone, "flow-counts-phone");
    await phone.close();
  });
});
