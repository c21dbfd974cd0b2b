/**
 * The dev phone in a real browser (Debian's chromium, headless, through playwright-core) against
 * the real `switchboard dev` (run in process: simulator, IVR server and the /api/phone proxy on
 * the dashboard's origin): sign in, open the phone, call, see and hear the welcome prompt, press
 * 1 with a click and 1 on the keyboard, see each next prompt, hang up, see the summary; a second
 * tab on the sessions table sees the call appear without a reload, and the call's page draws its
 * path on the flow's graph. Also: the mute is remembered, every change sends the CSRF header,
 * nothing is fetched from another origin, a phone-sized screen without speech synthesis works,
 * and `serve` shows no phone. Screenshots go to test-artifacts/; with
 * SWITCHBOARD_UPDATE_SCREENSHOTS=1 docs/images/dashboard-phone.png as well.
 */
import type { Browser, BrowserContext, Page, Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSecret, startIvrServer } from "../../src/server/index.js";
import { chromiumAvailable, launchChromium } from "./chromium.js";
import { assertDashboardBuilt, RESTAURANT_FLOW, SHOWN, shoot, signIn, startDev, type DevStack } from "./dashboard-pages.js";

/** A prompt plays in real time on an interactive call (the welcome takes about 8.5 s) before the next one comes. */
const HEARD = { timeout: 40_000 };
const WELCOME = /^Welcome to ABC Restaurant, to book a table press 1/;
const RESERVATIONS = /^Press 1 to make a new reservation/;
const BOOKING = /^Reserving a Table, Press 1 to reserve a table for today/;

/** Records what the page asks speech synthesis to say, in `window.spoken`, and says it as the browser would. */
const RECORD_SPEECH = `
  window.spoken = [];
  if (window.speechSynthesis) {
    const speak = window.speechSynthesis.speak.bind(window.speechSynthesis);
    window.speechSynthesis.speak = (utterance) => { window.spoken.push(utterance.text); speak(utterance); };
  }`;
/** A browser without speech synthesis, as some are. */
const NO_SPEECH = `delete Window.prototype.speechSynthesis; delete window.speechSynthesis; delete window.SpeechSynthesisUtterance;`;

const run = chromiumAvailable();

describe.skipIf(!run)("the dev phone in chromium, on switchboard dev", () => {
  let dev: DevStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const requests: Request[] = [];
  const pageErrors: string[] = [];

  const prompt = (target: Page) => target.locator(".phone-prompt");
  const keypad = (target: Page) => target.getByRole("group", { name: "Keypad" });

  beforeAll(async () => {
    assertDashboardBuilt();
    dev = await startDev();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1100, height: 760 }, colorScheme: "light", timezoneId: "UTC" });
    await context.addInitScript(RECORD_SPEECH);
    context.on("request", (request) => requests.push(request));
    page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await dev?.cli.stop();
  });

  it("signs in and offers the phone in the menu", async () => {
    await signIn(page, `${dev.base}/`, dev.readToken);
    await page.getByRole("navigation", { name: "Views" }).getByRole("link", { name: "Phone" }).click();
    await page.getByRole("heading", { name: "Dev phone" }).waitFor(SHOWN);
    expect(page.url()).toBe(`${dev.base}/#/phone`);
    expect(await page.getByLabel("Number to call").inputValue()).toBe("+6560000001");
    expect(await page.getByLabel("Calling from").inputValue()).toMatch(/^\+\d+$/);
    // No call yet: the keypad waits for one.
    expect(await keypad(page).getByRole("button", { name: "1", exact: true }).isDisabled()).toBe(true);
    await page.getByRole("status").filter({ hasText: "Ready to call" }).waitFor(SHOWN);
  });

  let sessionId = "";
  let table: Page;
  it("calls the IVR, shows and speaks the prompts, sends keys clicked and typed, hangs up and shows the summary", async () => {
    // A second tab on the sessions table, to see the call arrive there without a reload.
    table = await context.newPage();
    await table.goto(`${dev.base}/`);
    await table.getByRole("status").filter({ hasText: "Live" }).waitFor(SHOWN);
    await table.evaluate("window.notReloaded = true");

    await page.getByRole("button", { name: "Call", exact: true }).click();
    await prompt(page).getByText(WELCOME).waitFor(HEARD);
    await page.getByRole("status").filter({ hasText: "On a call with +6560000001" }).waitFor(SHOWN);
    expect(await page.evaluate("window.spoken")).toEqual([expect.stringMatching(WELCOME)]);

    // 1 clicked on the keypad (the simulator keeps it until the prompt ends, as a phone's type-ahead).
    await keypad(page).getByRole("button", { name: "1", exact: true }).click();
    await prompt(page).getByText(RESERVATIONS).waitFor(HEARD);
    // Away to the sessions table and back: the call goes on, and the phone shows it as it is.
    const views = page.getByRole("navigation", { name: "Views" });
    await views.getByRole("link", { name: "Sessions" }).click();
    await page.locator("tr[data-session-id]").first().waitFor(SHOWN);
    await views.getByRole("link", { name: "Phone" }).click();
    await prompt(page).getByText(RESERVATIONS).waitFor(SHOWN);
    await page.getByRole("status").filter({ hasText: "On a call with +6560000001" }).waitFor(SHOWN);
    expect(await page.locator("output.phone-keys").textContent()).toBe("1");
    // 1 typed on the keyboard, with the focus away from the keypad: on the transcript's checkbox,
    // which shows each webhook delivery too.
    const webhooks = page.getByLabel("Show webhooks");
    await webhooks.check();
    await page.keyboard.press("1");
    await prompt(page).getByText(BOOKING).waitFor(HEARD);
    expect(await page.getByRole("list", { name: "The call so far" }).textContent()).toContain("Webhook VCA ACTION_COMPLETED → HTTP 200");
    await webhooks.uncheck();
    expect(await page.getByRole("status").filter({ hasText: /On a call/ }).count()).toBe(1);
    expect(await page.locator("output.phone-keys").textContent()).toBe("11");
    const transcript = page.getByRole("list", { name: "The call so far" });
    expect(await transcript.getByText("You pressed 1").count()).toBe(2);
    expect(await transcript.getByText("The IVR got 1").count()).toBe(2);
    expect(await page.evaluate("window.spoken")).toEqual([expect.stringMatching(WELCOME), expect.stringMatching(RESERVATIONS), expect.stringMatching(BOOKING)]);
    await shoot(page, "phone", true);

    // While the call goes on, the table in the other tab shows it, live.
    const href = await page.evaluate("location.href");
    const ringing = table.locator("tr[data-session-id]").first();
    await ringing.waitFor(SHOWN);
    expect(await table.evaluate("window.notReloaded")).toBe(true);
    expect(page.url()).toBe(href);

    await page.getByRole("button", { name: "Hang up" }).click();
    await page.getByRole("status").filter({ hasText: "Call ended: COMPLETED" }).waitFor(HEARD);
    await page.getByRole("heading", { name: "Summary" }).waitFor(SHOWN);
    const summary = await page.locator(".phone-summary").textContent();
    expect(summary).toContain("Statuscompleted");
    expect(summary).toContain("Last actionhangup");
    expect(summary).toContain("Keys pressed11");
    await transcript.getByText("Hung up by the caller").waitFor(SHOWN);
    expect(await transcript.textContent()).toContain("Session ended: COMPLETED");
    const link = page.getByRole("link", { name: "Open this session" });
    sessionId = decodeURIComponent((await link.getAttribute("href"))!.replace("#/sessions/", ""));
    expect(sessionId).not.toBe("");
    // The keypad rests until the next call.
    expect(await keypad(page).getByRole("button", { name: "1", exact: true }).isDisabled()).toBe(true);
    await shoot(page, "phone-ended");

    // The other tab: the call's row, completed, never reloaded.
    const row = table.locator(`tr[data-session-id="${sessionId}"]`);
    await row.locator('td[data-label="Status"]').getByText("completed").waitFor(SHOWN);
    expect(await table.evaluate("window.notReloaded")).toBe(true);
  });

  it("finds the call in the sessions table and draws its path on the flow's graph", async () => {
    await page.evaluate("window.notReloaded = true");
    await page.getByRole("navigation", { name: "Views" }).getByRole("link", { name: "Sessions" }).click();
    const row = page.locator(`tr[data-session-id="${sessionId}"]`);
    await row.waitFor(SHOWN);
    await row.locator("a").first().click();
    await page.getByRole("heading", { name: /Call from/ }).waitFor(SHOWN);
    const graph = page.getByRole("img", { name: /The path of this call through abc-restaurant/ });
    await graph.waitFor(SHOWN);
    expect(await graph.locator("g.edge.taken .edge-label").allTextContents()).toEqual(["1", "1"]);
    const taken = await graph.locator("g.node.taken").evaluateAll((nodes) => nodes.map((node) => node.getAttribute("data-node")));
    expect(taken).toEqual(["start", "menu:main_menu", "menu:reservations", "menu:book_table"]);
    expect(await page.evaluate("window.notReloaded")).toBe(true);
    await shoot(page, "phone-session");
  });

  it("remembers the mute, and says nothing while muted", async () => {
    await page.goto(`${dev.base}/#/phone`);
    const mute = page.getByRole("button", { name: "Mute speech" });
    await mute.waitFor(SHOWN);
    expect(await mute.getAttribute("aria-pressed")).toBe("false");
    await mute.click();
    expect(await mute.getAttribute("aria-pressed")).toBe("true");
    await page.reload();
    await page.getByRole("button", { name: "Mute speech" }).waitFor(SHOWN);
    expect(await page.getByRole("button", { name: "Mute speech" }).getAttribute("aria-pressed")).toBe("true");

    // A call while muted: the prompt is shown (and read out to a screen reader), not spoken.
    await page.getByRole("button", { name: "Call", exact: true }).click();
    await prompt(page).getByText(WELCOME).waitFor(HEARD);
    expect(await prompt(page).getAttribute("aria-live")).toBe("polite");
    expect(await page.evaluate("window.spoken")).toEqual([]);
    await page.getByRole("button", { name: "Hang up" }).click();
    await page.getByRole("status").filter({ hasText: "Call ended" }).waitFor(HEARD);
    await page.getByRole("button", { name: "Mute speech" }).click();
  });

  it("sends the CSRF header with every change, and fetches nothing from elsewhere", () => {
    const changes = requests.filter((request) => request.method() !== "GET" && request.url().includes("/api/phone/"));
    expect(changes.map((request) => new URL(request.url()).pathname)).toEqual(
      expect.arrayContaining(["/api/phone/calls", `/api/phone/calls/${encodeURIComponent(sessionId)}/keys`, `/api/phone/calls/${encodeURIComponent(sessionId)}/hangup`]),
    );
    for (const request of changes) expect(request.headers()["x-switchboard-csrf"], request.url()).toMatch(/.+/);
    const elsewhere = requests.map((request) => request.url()).filter((url) => !url.startsWith(`${dev.base}/`) && !url.startsWith("data:"));
    expect(elsewhere).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it("works on a phone-sized screen in a browser that cannot speak", async () => {
    const small = await browser.newContext({ viewport: { width: 390, height: 844 }, colorScheme: "dark", timezoneId: "UTC", hasTouch: true, isMobile: true });
    await small.addInitScript(NO_SPEECH);
    const phone = await small.newPage();
    const errors: string[] = [];
    phone.on("pageerror", (error) => errors.push(error.message));
    await phone.goto(`${dev.base}/#/phone`);
    await phone.getByLabel("Read secret").fill(dev.readToken);
    await phone.getByRole("button", { name: "Sign in" }).click();
    await phone.getByRole("heading", { name: "Dev phone" }).waitFor(SHOWN);
    await phone.getByText("This browser cannot speak").first().waitFor(SHOWN);
    await phone.getByRole("button", { name: "Call", exact: true }).tap();
    await prompt(phone).getByText(WELCOME).waitFor(HEARD);
    await keypad(phone).getByRole("button", { name: "3", exact: true }).tap();
    await phone.getByRole("list", { name: "The call so far" }).getByText("You pressed 3").waitFor(HEARD);
    expect(await phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")).toBe(true);
    await shoot(phone, "phone-small");
    await phone.getByRole("status").filter({ hasText: "Call ended: COMPLETED" }).waitFor(HEARD);
    expect(errors).toEqual([]);
    await small.close();
  });
});

describe.skipIf(!run)("the dashboard on switchboard serve", () => {
  it("has no phone: GET /api/phone is not found, the menu has no Phone, #/phone says where to find it", async () => {
    const secret = generateSecret();
    const ivr = await startIvrServer({ flow: RESTAURANT_FLOW, authHeader: generateSecret(), readAuthHeader: secret });
    const browser = await launchChromium();
    try {
      expect((await fetch(`${ivr.url}/api/phone`, { headers: { authorization: secret } })).status).toBe(404);
      const page = await browser.newPage();
      await page.goto(`${ivr.url}/#/phone`);
      await page.getByLabel("Read secret").fill(secret);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByText("only when the dashboard is served by switchboard dev").waitFor(SHOWN);
      expect(await page.getByRole("navigation", { name: "Views" }).getByRole("link").allTextContents()).not.toContain("Phone");
    } finally {
      await browser.close();
      await ivr.close();
    }
  });
});
