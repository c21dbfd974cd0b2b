/**
 * The dashboard's accessibility, measured with axe-core in a real browser (Debian's chromium,
 * headless, through playwright-core) against the real `switchboard dev` (simulator, IVR server,
 * dev phone and outbound side): with calls placed through the simulator, an outbound call that
 * retried and a finished campaign, every view (the sign-in form, refused and empty; the sessions
 * table; a session; an outbound session; the flow's graph with its counts; the stats; the
 * campaigns and a campaign's contacts; the dev phone during a call) has no WCAG 2.0/2.1 A or AA
 * violation, in the light and the dark colour scheme, on a desktop and on a phone-sized screen.
 * The keyboard alone reaches every filter of the sessions table and the dev phone's keypad, and
 * what has the focus shows an outline. Screenshots go to test-artifacts/dashboard-a11y-*.png.
 */
import { createRequire } from "node:module";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_NUMBER } from "../../src/server/index.js";
import { chromiumAvailable, launchChromium } from "./chromium.js";
import { assertDashboardBuilt, SHOWN, shoot, signIn, startDev, type DevStack } from "./dashboard-pages.js";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
/** WCAG 2.0 and 2.1, levels A and AA. */
const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
/** A prompt plays in real time on a dev phone call (the welcome takes about 8.5 s). */
const HEARD = { timeout: 40_000 };

/** The screens audited: desktop and phone-sized, each in both colour schemes (styles.css has a dark variant). */
const SCREENS = [
  { name: "light", colorScheme: "light", viewport: { width: 1100, height: 760 } },
  { name: "dark", colorScheme: "dark", viewport: { width: 1100, height: 760 } },
  { name: "phone-light", colorScheme: "light", viewport: { width: 390, height: 844 } },
  { name: "phone-dark", colorScheme: "dark", viewport: { width: 390, height: 844 } },
] as const;

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; summary: string }[];
}

/** Runs axe-core on the page as it is now; the violations, each with its failing nodes. */
async function audit(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate("typeof window.axe === 'object'"))) await page.addScriptTag({ path: AXE });
  // (Expressions as strings: the tests are type-checked without the DOM library.)
  return page.evaluate(`window.axe.run(document, { runOnly: { type: "tag", values: ${JSON.stringify(WCAG_TAGS)} } }).then((result) =>
    result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, summary: n.failureSummary })) })))`);
}

/** One line per violation and one per failing node, to act on. */
function describeViolations(violations: Violation[]): string {
  return violations
    .map((v) => [`${v.id} (${v.impact}): ${v.help}`, ...v.nodes.map((n) => `    ${JSON.stringify(n.target)}: ${n.summary.replace(/\s+/g, " ")}`)].join("\n"))
    .join("\n");
}

/** Audits the page and saves a screenshot of it: what axe-core found, as `view: violation ids`, with the details on stderr. */
async function auditView(page: Page, view: string, screen: string): Promise<string[]> {
  const violations = await audit(page);
  await shoot(page, `a11y-${view}-${screen}`);
  if (violations.length > 0) console.error(`${view} (${screen}):\n${describeViolations(violations)}`);
  return violations.map((v) => `${view}: ${v.id} (${v.nodes.length})`);
}

/**
 * What axe-core leaves for review on the flow's graph (SVG text it cannot judge): each text's fill
 * and each edge line's stroke, with the opacity it is drawn at, over what lies behind it (its
 * box, for a node's text; else the graph's background).
 */
const GRAPH_PAINT = `(() => {
  const page = getComputedStyle(document.querySelector(".graph-wrap")).backgroundColor;
  const alpha = (el) => { let a = 1; for (let at = el; at && at.tagName !== "svg"; at = at.parentElement) a *= Number(getComputedStyle(at).opacity); return a; };
  const where = (el) => el.closest("[data-node]")?.getAttribute("data-node") ?? el.closest("[data-edge]")?.getAttribute("data-edge") ?? "?";
  const painted = [];
  for (const text of document.querySelectorAll("svg.flow-graph text")) {
    const box = text.closest("g.node")?.querySelector("rect");
    painted.push({ what: "text " + JSON.stringify(text.textContent) + " at " + where(text), paint: getComputedStyle(text).fill, alpha: alpha(text),
      behind: box ? getComputedStyle(box).fill : page, behindAlpha: box ? alpha(box) : 1, page, need: 4.5 });
  }
  for (const line of document.querySelectorAll("svg.flow-graph g.edge path")) {
    painted.push({ what: "line of " + where(line), paint: getComputedStyle(line).stroke, alpha: alpha(line), behind: page, behindAlpha: 1, page, need: 3 });
  }
  return painted;
})()`;

interface Painted {
  what: string;
  paint: string;
  alpha: number;
  behind: string;
  behindAlpha: number;
  page: string;
  need: number;
}

/** The red, green and blue of a CSS rgb() colour, 0 to 255. */
const channels = (colour: string): number[] => (colour.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);

/** The rgb() of `top` at `alpha` over `under`. */
function blend(top: string, under: string, alpha: number): string {
  const below = channels(under);
  return `rgb(${channels(top).map((c, i) => c * alpha + below[i]! * (1 - alpha)).join(", ")})`;
}

/** The graph's texts under 4.5:1 and lines under 3:1 against what lies behind them, as `view: what ratio`. */
async function graphContrast(page: Page, view: string): Promise<string[]> {
  const painted = (await page.evaluate(GRAPH_PAINT)) as Painted[];
  expect(painted.length).toBeGreaterThan(0);
  return painted.flatMap((p) => {
    const behind = blend(p.behind, p.page, p.behindAlpha);
    const ratio = contrast(blend(p.paint, behind, p.alpha), behind);
    return ratio < p.need ? [`${view}: graph ${p.what} ${ratio.toFixed(2)}:1`] : [];
  });
}

/** What has the keyboard's focus: what it is, where, and the outline drawn around it against what lies behind. */
interface Focused {
  /** Its role and accessible name, as in an ARIA snapshot: 'button "2"'. */
  name: string;
  body: boolean;
  inFilters: boolean;
  inKeypad: boolean;
  outlineStyle: string;
  outlineWidth: number;
  outlineColor: string;
  behind: string;
}

const FOCUSED = `(() => {
  const el = document.activeElement;
  let behind = "rgb(255, 255, 255)";
  for (let at = el.parentElement; at; at = at.parentElement) {
    const colour = getComputedStyle(at).backgroundColor;
    if (colour !== "rgba(0, 0, 0, 0)" && colour !== "transparent") { behind = colour; break; }
  }
  const style = getComputedStyle(el);
  return { body: el === document.body, inFilters: el.closest("form.filters") !== null, inKeypad: el.closest(".keypad") !== null,
    outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth), outlineColor: style.outlineColor, behind };
})()`;

/** WCAG's contrast ratio of two CSS rgb() colours. */
function contrast(a: string, b: string): number {
  const luminance = (colour: string) => {
    const [r, g, b] = channels(colour).map((part) => {
      const c = part / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

/** Presses Tab from the top of the page (at most `presses` times, or until `until`), recording what has the focus after each. */
async function tabThrough(page: Page, until: (focused: Focused) => boolean, presses = 40): Promise<Focused[]> {
  // The body focused for a moment, so that sequential navigation starts from the document's start.
  await page.evaluate(`document.body.tabIndex = -1; document.body.focus(); document.body.removeAttribute("tabindex"); window.scrollTo(0, 0)`);
  return tabOn(page, until, presses);
}

/** Presses Tab from where the focus is, as tabThrough does. */
async function tabOn(page: Page, until: (focused: Focused) => boolean, presses: number): Promise<Focused[]> {
  const seen: Focused[] = [];
  for (let press = 0; press < presses; press += 1) {
    await page.keyboard.press("Tab");
    const focused = (await page.evaluate(FOCUSED)) as Focused;
    focused.name = focused.body ? "body" : (await page.locator(":focus").ariaSnapshot()).split("\n")[0]!.replace(/^- /, "").replace(/:$/, "");
    seen.push(focused);
    if (until(focused)) break;
  }
  return seen;
}

/** Every stop shows a solid outline at least 2 px wide, at 3:1 or more against what lies behind it. */
function expectVisibleFocus(seen: Focused[]): void {
  for (const stop of seen) {
    expect(stop.outlineStyle, stop.name).not.toBe("none");
    expect(stop.outlineWidth, stop.name).toBeGreaterThanOrEqual(2);
    expect(contrast(stop.outlineColor, stop.behind), `${stop.name}: ${stop.outlineColor} on ${stop.behind}`).toBeGreaterThanOrEqual(3);
  }
}

const run = chromiumAvailable();

describe.skipIf(!run)("the dashboard's accessibility (axe-core in chromium, on switchboard dev)", () => {
  let dev: DevStack;
  let browser: Browser;
  let completedCall = "";
  let outboundSession = "";

  async function post(url: string, authorization: string | undefined, body: unknown): Promise<Record<string, unknown>> {
    const response = await fetch(url, {
      method: "POST",
      headers: { ...(authorization === undefined ? {} : { authorization }), ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(10_000),
    });
    expect(response.status, `${url}: ${response.status}`).toBeLessThan(300);
    return (await response.json()) as Record<string, unknown>;
  }

  /** Polls (bounded: 400 polls of 50 ms) a read or control route until `done` holds. */
  async function until(path: string, authorization: string, done: (body: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
    let body: Record<string, unknown> = {};
    for (let poll = 0; poll < 400; poll += 1) {
      const response = await fetch(dev.base + path, { headers: { authorization }, signal: AbortSignal.timeout(10_000) });
      if (response.ok) {
        body = (await response.json()) as Record<string, unknown>;
        if (done(body)) return body;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`${path} never got there: ${JSON.stringify(body)}`);
  }

  /** A scripted call through the simulator (instant clock), ended: its session id. */
  async function placeCall(press: string[]): Promise<string> {
    const { sessionId } = (await post(`${dev.simulatorUrl}/_sim/calls`, undefined, { to: SANDBOX_NUMBER, press })) as { sessionId: string };
    await until(`/api/sessions/${encodeURIComponent(sessionId)}`, dev.readToken, (body) => JSON.stringify(body).includes('"status":"COMPLETED"'));
    return sessionId;
  }

  beforeAll(async () => {
    assertDashboardBuilt();
    dev = await startDev();
    // Content for every view: calls with a path (the opening hours, a reservation, a wrong key),
    // a single outbound call, and a campaign of two contacts, run to its end.
    completedCall = await placeCall(["3"]);
    await placeCall(["1", "1", "2"]);
    await placeCall(["9"]);
    const placed = await post(`${dev.base}/api/calls`, dev.controlToken, { to: "+6590000002", from: SANDBOX_NUMBER });
    const requestId = placed.requestId as string;
    const done = await until(`/api/calls/${requestId}`, dev.controlToken, (body) => ["completed", "failed"].includes((body.request as { state: string }).state));
    outboundSession = (done.attempts as { sessionId: string }[])[0]!.sessionId;
    await post(`${dev.base}/api/campaigns`, dev.controlToken, { name: "spring", from: SANDBOX_NUMBER, csv: "id,phone\nc1,+6581000001\nc2,+6581000002\n" });
    await post(`${dev.base}/api/campaigns/spring/start`, dev.controlToken, undefined);
    await until("/api/campaigns/spring", dev.controlToken, (body) => body.state === "COMPLETE");
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await dev?.cli.stop();
  });

  /** A context for `screen`; bypassCSP lets axe-core's script in (the page's CSP allows only its own). */
  async function open(screen: (typeof SCREENS)[number]): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: screen.viewport, colorScheme: screen.colorScheme, timezoneId: "UTC", bypassCSP: true });
    return { context, page: await context.newPage() };
  }

  /** Hangs up a dev phone call a failed test left running (dev would wait for it when it stops), then closes the context. */
  async function closeAfterCall(context: BrowserContext, page: Page): Promise<void> {
    const hangUp = page.getByRole("button", { name: "Hang up" });
    if (await hangUp.isVisible()) {
      await hangUp.click();
      await page.getByRole("status").filter({ hasText: "Call ended" }).waitFor(HEARD);
    }
    await context.close();
  }

  for (const screen of SCREENS) {
    it(`has no WCAG A/AA violations on any view (${screen.name})`, async () => {
      const { context, page } = await open(screen);
      const found: string[] = [];
      const expectAccessible = async (target: Page, view: string, name: string) => found.push(...(await auditView(target, view, name)));
      try {
        await page.goto(`${dev.base}/`);
        await page.getByLabel("Read secret").waitFor(SHOWN);
        await expectAccessible(page, "sign-in", screen.name);
        await page.getByLabel("Read secret").fill("not-the-secret");
        await page.getByRole("button", { name: "Sign in" }).click();
        await page.getByRole("alert").waitFor(SHOWN);
        await expectAccessible(page, "sign-in-refused", screen.name);

        await signIn(page, `${dev.base}/`, dev.readToken);
        await page.getByRole("status").filter({ hasText: "Live" }).waitFor(SHOWN);
        await page.locator(`tr[data-session-id="${completedCall}"]`).waitFor(SHOWN);
        await expectAccessible(page, "sessions", screen.name);

        await page.goto(`${dev.base}/#/sessions/${encodeURIComponent(completedCall)}`);
        await page.getByRole("img", { name: /The path of this call/ }).waitFor(SHOWN);
        await expectAccessible(page, "session", screen.name);
        found.push(...(await graphContrast(page, "session")));

        await page.goto(`${dev.base}/#/sessions/${encodeURIComponent(outboundSession)}`);
        await page.getByRole("region", { name: "Outbound call" }).waitFor(SHOWN);
        await expectAccessible(page, "session-outbound", screen.name);

        await page.goto(`${dev.base}/#/flow`);
        await page.locator("g.edge .edge-count").first().waitFor(SHOWN);
        await expectAccessible(page, "flow", screen.name);
        found.push(...(await graphContrast(page, "flow")));

        await page.goto(`${dev.base}/#/stats`);
        await page.locator(".stats-chart canvas").first().waitFor(SHOWN);
        await expectAccessible(page, "stats", screen.name);

        await page.goto(`${dev.base}/#/campaigns`);
        await page.getByRole("article", { name: "spring" }).waitFor(SHOWN);
        await expectAccessible(page, "campaigns", screen.name);

        await page.goto(`${dev.base}/#/campaigns/spring`);
        await page.locator("table.contacts tbody tr").first().waitFor(SHOWN);
        await expectAccessible(page, "campaign", screen.name);

        // The dev phone during a call: the prompt on its screen, the keypad live.
        await page.goto(`${dev.base}/#/phone`);
        await page.getByRole("button", { name: "Mute speech" }).click();
        await page.getByRole("button", { name: "Call", exact: true }).click();
        await page.locator(".phone-prompt").getByText(/^Welcome to ABC Restaurant/).waitFor(HEARD);
        await expectAccessible(page, "phone", screen.name);
        await page.getByRole("button", { name: "Hang up" }).click();
        await page.getByRole("status").filter({ hasText: "Call ended" }).waitFor(HEARD);
        await page.getByRole("heading", { name: "Summary" }).waitFor(SHOWN);
        await expectAccessible(page, "phone-ended", screen.name);
        // Every view audited before failing, so one run lists all that is wrong (details above).
        expect(found).toEqual([]);
      } finally {
        await closeAfterCall(context, page);
      }
    }, 120_000);
  }

  for (const screen of SCREENS.filter((s) => !s.name.startsWith("phone"))) {
    it(`reaches the sessions filters and the dev phone's keypad with Tab, the focus outlined (${screen.name})`, async () => {
      const { context, page } = await open(screen);
      try {
        await signIn(page, `${dev.base}/`, dev.readToken);
        await page.locator(`tr[data-session-id="${completedCall}"]`).waitFor(SHOWN);
        const toFilters = await tabThrough(page, (focused) => focused.name === 'searchbox "Number contains"');
        expect(toFilters.filter((f) => f.inFilters).map((f) => f.name)).toEqual(['combobox "Status"', 'combobox "Outcome"', 'combobox "Direction"', 'combobox "Time"', 'searchbox "Number contains"']);
        expectVisibleFocus(toFilters);

        await page.goto(`${dev.base}/#/phone`);
        await page.getByRole("button", { name: "Mute speech" }).click();
        await page.getByRole("button", { name: "Call", exact: true }).click();
        await page.locator(".phone-prompt").getByText(/^Welcome to ABC Restaurant/).waitFor(HEARD);
        const toKeypad = await tabThrough(page, (focused) => focused.inKeypad);
        expect(toKeypad.at(-1)).toMatchObject({ inKeypad: true, name: 'button "1"' });
        expectVisibleFocus(toKeypad);
        // Tab goes on through the other eleven keys, in the keypad's order, then to the call's button.
        const keys = await tabOn(page, () => false, 12);
        expect(keys.map((f) => f.name)).toEqual([..."23456789*0#"].map((key) => `button "${key}"`).concat('button "Hang up"'));
        expectVisibleFocus(keys);
        await shoot(page, `a11y-phone-focus-${screen.name}`);
        await page.getByRole("button", { name: "Hang up" }).click();
        await page.getByRole("status").filter({ hasText: "Call ended" }).waitFor(HEARD);
      } finally {
        await closeAfterCall(context, page);
      }
    }, 120_000);
  }
});
