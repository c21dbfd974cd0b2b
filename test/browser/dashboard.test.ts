/**
 * The dashboard in a real browser (Debian's chromium, headless, through playwright-core) against
 * a real server with a read secret and the simulator: a wrong secret is refused, the right one
 * signs in, a call placed through the simulator's API appears in the table without a reload, its
 * page shows what the caller heard and pressed and its path on the flow's graph, the flow page
 * draws the graph, the status filter narrows the table, and a
 * one-time sign-in link works once and leaves the address bar. Screenshots go to test-artifacts/;
 * with SWITCHBOARD_UPDATE_SCREENSHOTS=1 the README's go to docs/images/ as well.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSecret, registerServerWebhooks, SANDBOX_NUMBER, startIvrServer, type IvrServer } from "../../src/server/index.js";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";
import { chromiumAvailable, launchChromium } from "./chromium.js";
import { assertDashboardBuilt, RESTAURANT_FLOW, SHOWN, shoot } from "./dashboard-pages.js";

const REPRESENTATIVE = "+6561115777";
const READ_SECRET = generateSecret();

const run = chromiumAvailable();

describe.skipIf(!run)("the dashboard in chromium", () => {
  let ivr: IvrServer;
  let sim: Simulator;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  /** Places a call the way the dev phone will: through the simulator's HTTP API. */
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

  beforeAll(async () => {
    assertDashboardBuilt();
    const webhookSecret = generateSecret();
    ivr = await startIvrServer({ flow: RESTAURANT_FLOW, authHeader: webhookSecret, readAuthHeader: READ_SECRET });
    sim = await startSimulator({ clock: "instant" });
    await registerServerWebhooks({ platformUrl: sim.url, serverUrl: ivr.url, authHeader: webhookSecret });
    sim.setCallee({ number: REPRESENTATIVE, behavior: "busy" });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1100, height: 720 }, colorScheme: "light", timezoneId: "UTC" });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await sim?.close();
    await ivr?.close();
  });

  it("refuses a wrong secret, saying so in the form", async () => {
    await page.goto(`${ivr.url}/`);
    await page.getByLabel("Read secret").fill("not-the-secret");
    await page.getByRole("button", { name: "Sign in" }).click();
    const alert = page.getByRole("alert");
    await alert.waitFor(SHOWN);
    expect(await alert.textContent()).toContain("wrong secret");
    await shoot(page, "sign-in-refused");
    // Still signed out: the read API refuses this browser.
    expect((await page.request.get(`${ivr.url}/api/sessions`)).status()).toBe(401);
  });

  it("signs in with the read secret and shows the sessions table, live", async () => {
    await page.getByLabel("Read secret").fill(READ_SECRET);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Sessions" }).waitFor(SHOWN);
    await page.getByRole("status").filter({ hasText: "Live" }).waitFor(SHOWN);
    // The secret is not kept anywhere the page's scripts can read: the session is an HttpOnly cookie.
    // (Expressions as strings: the tests are type-checked without the DOM library.)
    expect(await page.evaluate("document.cookie")).toBe("");
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === "switchboard_session")).toMatchObject({ httpOnly: true, sameSite: "Strict" });
  });

  let hoursCall = "";
  it("shows a call placed through the simulator without reloading the page", async () => {
    const before = page.url();
    hoursCall = await placeCall(["3"]);
    const row = page.locator(`tr[data-session-id="${hoursCall}"]`);
    await row.waitFor(SHOWN);
    expect(page.url()).toBe(before);
    await row.locator('td[data-label="Status"]').getByText("completed").waitFor(SHOWN);
    expect(await row.textContent()).toContain("+6591234567");

    // More calls, live as well, for the filter and the screenshot: a busy transfer and an invalid key.
    const busy = await placeCall(["2", "1"]);
    await placeCall(["9"]);
    await page.locator(`tr[data-session-id="${busy}"] td[data-label="Status"]`).getByText("busy").waitFor(SHOWN);
    expect(await page.locator("tbody tr").count()).toBe(3);
    await shoot(page, "sessions", true);
  });

  it("opens a session: its timeline shows the prompts, the key pressed and the summary with call quality", async () => {
    await page.locator(`tr[data-session-id="${hoursCall}"] a`).click();
    await page.getByRole("heading", { name: /Call from/ }).waitFor(SHOWN);
    const timeline = page.getByRole("list", { name: "What happened, in order" });
    await timeline.getByText("Caller pressed 3").waitFor(SHOWN);
    const text = await timeline.textContent();
    expect(text).toContain("Welcome to ABC Restaurant");
    expect(text).toContain("Our restaurant hours are between 9AM and 9PM every day of the week.");
    expect(text).toContain("Session ended: COMPLETED");
    expect(text).toMatch(/MOS \d\.\d/);
    expect(await page.getByRole("table").textContent()).toContain("callA");

    // The path it took, strong on the flow's graph: into the main menu, key 3, the hours and hang up.
    await page.getByRole("heading", { name: "Path through the flow" }).waitFor(SHOWN);
    const graph = page.getByRole("img", { name: /The path of this call through abc-restaurant/ });
    await graph.waitFor(SHOWN);
    expect(await graph.locator("g.edge.taken .edge-label").allTextContents()).toEqual(["3"]);
    const taken = await graph.locator("g.node.taken").evaluateAll((nodes) => nodes.map((node) => node.getAttribute("data-node")));
    expect(taken).toEqual(["start", "menu:main_menu", expect.stringMatching(/^end:/)]);
    expect(await graph.locator("g.node.faded").count()).toBeGreaterThan(0);
    await shoot(page, "session", true);
    await page.getByRole("link", { name: "← All sessions" }).click();
    await page.getByRole("heading", { name: "Sessions" }).waitFor(SHOWN);
  });

  it("draws the flow as a graph, with every menu also as text", async () => {
    await page.getByRole("link", { name: "Flow" }).click();
    await page.getByRole("heading", { name: "Flow: abc-restaurant" }).waitFor(SHOWN);
    const graph = page.getByRole("img", { name: /The menus of abc-restaurant/ });
    await graph.waitFor(SHOWN);
    expect(await graph.locator("g.node-menu").count()).toBe(5);
    expect(await graph.locator("g.node.taken").count()).toBe(0);
    await shoot(page, "flow", true);
    await page.getByText("Every menu as text").click();
    expect(await page.locator(".menu-list").textContent()).toContain("key 2 → connect_call");
    await page.getByRole("link", { name: "Sessions" }).click();
    await page.getByRole("heading", { name: "Sessions" }).waitFor(SHOWN);
  });

  it("filters the table by status", async () => {
    await page.getByLabel("Status").selectOption("BUSY");
    await page.waitForURL(/status=BUSY/, SHOWN);
    await page.locator(`tr[data-session-id="${hoursCall}"]`).waitFor({ state: "detached", ...SHOWN });
    // The filtered page replaces the rows: wait for its first row, not only for the old ones to go.
    await page.locator('tbody td[data-label="Status"]').first().waitFor(SHOWN);
    const statuses = await page.locator('tbody td[data-label="Status"]').allTextContents();
    expect(statuses).toEqual(["busy"]);
    await page.getByLabel("Status").selectOption("");
    await page.locator(`tr[data-session-id="${hoursCall}"]`).waitFor(SHOWN);
  });

  it("fits a phone-sized screen", async () => {
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 390, height: 800 });
    await phone.goto(`${ivr.url}/`);
    await phone.getByRole("heading", { name: "Sessions" }).waitFor(SHOWN);
    // No sideways scrolling: the table turns into cards.
    expect(await phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")).toBe(true);
    await shoot(phone, "sessions-phone");
    await phone.close();
  });

  it("signs in once from a one-time link, which leaves the address bar at once", async () => {
    const code = ivr.fastify.switchboardDashboard.signInCode();
    expect(code).not.toBeNull();
    const fresh = await browser.newContext();
    const linkPage = await fresh.newPage();
    await linkPage.goto(`${ivr.url}/?code=${code}`);
    await linkPage.getByRole("heading", { name: "Sessions" }).waitFor(SHOWN);
    expect(linkPage.url()).toBe(`${ivr.url}/`);
    await fresh.close();

    // A second use of the same link is refused and says why.
    const again = await browser.newContext();
    const againPage = await again.newPage();
    await againPage.goto(`${ivr.url}/?code=${code}`);
    await againPage.getByText("this sign-in link has expired").waitFor(SHOWN);
    expect(againPage.url()).toBe(`${ivr.url}/`);
    await again.close();
  });

  it("signs out: the cookie no longer reads the API", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("Read secret").waitFor(SHOWN);
    expect((await page.request.get(`${ivr.url}/api/sessions`)).status()).toBe(401);
  });
});
