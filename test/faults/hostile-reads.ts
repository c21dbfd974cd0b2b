/**
 * Hostile requests to the routes that are not webhooks, in three classes: the read API's queries
 * (cursors, limits and statuses no client of ours would send, bodies on GETs), its session ids
 * (NUL, surrogates, invalid percent-encoding, overlong), and other routes, methods and the guards
 * themselves (a missing, wrong or huge Authorization header).
 *
 * @example
 * for (const hostile of hostileReads()) await rawRequest(port, hostile.request);
 */
import { SECRET } from "../fixtures/webhooks.js";
import { JSON_HEADERS, NASTY_CHARACTERS, type Hostile } from "./hostile-classes.js";
import { WEBHOOKS } from "./deliveries.js";

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value), "utf8").toString("base64url");

const CURSORS = [
  "garbage",
  "%00",
  "",
  cursorOf(["2026-03-01T10:00:00.000Z"]),
  cursorOf(["2026-03-01T10:00:00.000Z", "s1", "extra"]),
  cursorOf([1, 2]),
  cursorOf({ createdAt: "2026-03-01T10:00:00.000Z", sessionId: "s1" }),
  cursorOf(["not a time", "s1"]),
  cursorOf(["99999-12-31T23:59:59.999Z", "s1"]),
  cursorOf(["-271821-04-20T00:00:00.000Z", "s1"]),
  cursorOf(["2026-03-01T10:00:00.000Z", "s\u00001"]),
  cursorOf(["2026-03-01T10:00:00.000Z\u0000", "s1"]),
  cursorOf(["2026-03-01T10:00:00.000Z", "\ud800"]),
  cursorOf(["", ""]),
  cursorOf(["2026-03-01T10:00:00.000Z", "x".repeat(10_000)]),
];

const LIMITS = ["-1", "0", "501", "1.5", "1e3", "abc", "", "99999999999999999999", "%00", "1&limit=2"];
const STATUSES = ["completed", "%00", "A".repeat(41), "COMPLETED&status=ERROR", encodeURIComponent("'; DROP TABLE sessions; --"), "%E2%80%AE"];

/** `value` percent-encoded as UTF-8, lone surrogates as the (invalid) bytes they would take. */
function encodeAny(value: string): string {
  let out = "";
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) out += `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`;
    else out += encodeURIComponent(char);
  }
  return out;
}

const get = (path: string, headers: Record<string, string> = { authorization: SECRET }): Hostile["request"] => ({ method: "GET", path, headers });

/** The hostile read-side requests, deterministic. */
export function hostileReads(): Hostile[] {
  const out: Hostile[] = [];
  let cls = "read API queries";
  const read = (name: string, request: Hostile["request"]) => out.push({ cls, name, request });
  for (const cursor of CURSORS) read(`cursor ${cursor.slice(0, 40)}`, get(`/api/sessions?cursor=${encodeURIComponent(cursor)}`));
  read("cursor twice", get("/api/sessions?cursor=a&cursor=b"));
  for (const limit of LIMITS) read(`limit ${limit}`, get(`/api/sessions?limit=${limit}`));
  for (const status of STATUSES) read(`status ${status.slice(0, 20)}`, get(`/api/sessions?status=${status}`));
  read("status as an array", get("/api/sessions?status[]=A&status[]=B"));
  read("a GET with a JSON body that is not JSON", { ...get("/api/sessions", JSON_HEADERS), body: "{{{" });
  cls = "read API session ids";
  for (const char of NASTY_CHARACTERS) {
    read(`session id ${JSON.stringify(char)}`, get(`/api/sessions/${encodeAny(`s${char}1`)}`));
  }
  for (const id of ["%ZZ", "%", "%E0%A4%A", "x".repeat(3_000), "..%2F..%2Fetc%2Fpasswd", "%2e%2e", "a%2Fb", "%C0%AF"]) read(`session id ${id.slice(0, 30)}`, get(`/api/sessions/${id}`));
  read("a GET with a deep body", { ...get("/api/sessions/s1", JSON_HEADERS), body: "[".repeat(10_000) });
  cls = "other routes, methods and guards";
  read("a path of 8,000 bytes", get(`/api/${"x/".repeat(4_000)}`));
  for (const path of ["/healthz", "/metrics"]) {
    read(`${path} with a body`, { ...get(path, { "content-type": "application/json" }), body: "\u0000" });
    read(`POST ${path}`, { method: "POST", path, headers: JSON_HEADERS, body: "{}" });
  }
  for (const webhook of WEBHOOKS) {
    for (const method of ["GET", "PUT", "DELETE", "PATCH", "OPTIONS"]) read(`${method} /webhooks/${webhook}`, { method, path: `/webhooks/${webhook}`, headers: JSON_HEADERS, body: "{}" });
    read(`/webhooks/${webhook} without the secret`, { method: "POST", path: `/webhooks/${webhook}`, headers: { "content-type": "application/json" }, body: "{}" });
    read(`/webhooks/${webhook} with the wrong secret`, { method: "POST", path: `/webhooks/${webhook}`, headers: { authorization: `${SECRET}x`, "content-type": "application/json" }, body: "{}" });
    read(`/webhooks/${webhook} with a 7 KB secret`, { method: "POST", path: `/webhooks/${webhook}`, headers: { authorization: "s".repeat(7_000), "content-type": "application/json" }, body: "{}" });
    read(`/webhooks/${webhook} with latin-1 bytes in the secret`, { method: "POST", path: `/webhooks/${webhook}`, headers: { authorization: `${SECRET}\u00e9\u00ff`, "content-type": "application/json" }, body: "{}" });
    read(`/webhooks/${webhook}?query with a secret`, { method: "POST", path: `/webhooks/${webhook}?authorization=${SECRET}`, headers: { "content-type": "application/json" }, body: "{}" });
  }
  read("/api/sessions without the secret", get("/api/sessions", {}));
  return out;
}
