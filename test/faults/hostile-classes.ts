/**
 * The named classes of hostile requests, each built from a valid delivery of every webhook route:
 * wrong types, huge strings (just under, at and over the body limit), deep nesting, NUL and lone
 * surrogates in every field and key, wrong content types, truncated bodies, invalid UTF-8 bytes,
 * empty bodies, duplicate and prototype keys. Deterministic: the same pools give the same list.
 *
 * @example
 * for (const hostile of hostileClasses("vss", base, 65_536)) await rawRequest(port, hostile.request);
 */
import { SECRET } from "../fixtures/webhooks.js";
import { webhookPath, type Webhook } from "./deliveries.js";
import type { RawRequest } from "./raw-http.js";

/** One hostile request, named by its class and what it does, for failure messages. */
export interface Hostile {
  cls: string;
  name: string;
  request: RawRequest;
}

export const JSON_HEADERS: Readonly<Record<string, string>> = { authorization: SECRET, "content-type": "application/json" };

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

/** Every path in `value` (objects and arrays too), the root excluded. */
export function pathsOf(value: Json, at: Path = []): Path[] {
  if (value === null || typeof value !== "object") return [];
  const entries: [string | number, Json][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  return entries.flatMap(([key, child]) => [[...at, key], ...pathsOf(child, [...at, key])]);
}

/** A copy of `value` with the node at `path` replaced by `replacement`. */
export function replaceAt(value: Json, path: Path, replacement: Json): Json {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as Record<string, Json>) }) as Record<string | number, Json>;
  copy[head as string] = replaceAt(copy[head as string] as Json, rest, replacement);
  return copy as Json;
}

/** The node at `path`. */
export function valueAt(value: Json, path: Path): Json {
  return path.reduce<Json>((node, key) => (node as Record<string | number, Json>)[key as string] as Json, value);
}

/** A copy of `value` with the key at `path` renamed. */
function renameKeyAt(value: Json, path: Path, name: string): Json {
  const parent = valueAt(value, path.slice(0, -1));
  if (parent === null || typeof parent !== "object" || Array.isArray(parent)) return value;
  const last = path[path.length - 1] as string;
  const renamed = Object.fromEntries(Object.entries(parent).map(([key, child]) => [key === last ? name : key, child]));
  return replaceAt(value, path.slice(0, -1), renamed);
}

const label = (path: Path) => path.join(".");

/** A POST of `body` (text or bytes) to the webhook, with the secret and JSON content type unless `headers` says otherwise. */
export function post(webhook: Webhook, body: string | Buffer | undefined, headers: Record<string, string> = JSON_HEADERS): RawRequest {
  return { method: "POST", path: webhookPath(webhook), headers, ...(body === undefined ? {} : { body }) };
}

const WRONG_VALUES: Json[] = [null, 0, -1, 1.5, 1e308, true, "", "x", [], {}, [1, "a"], { a: { b: null } }];

function wrongTypes(webhook: Webhook, base: Json): Hostile[] {
  const out: Hostile[] = [];
  for (const path of pathsOf(base)) {
    const original = valueAt(base, path);
    for (const wrong of WRONG_VALUES) {
      if (JSON.stringify(wrong) === JSON.stringify(original)) continue;
      out.push({ cls: "wrong types", name: `${label(path)} = ${JSON.stringify(wrong)}`, request: post(webhook, JSON.stringify(replaceAt(base, path, wrong))) });
    }
  }
  for (const root of [[], [base], "body", 42, null, true] as Json[]) {
    out.push({ cls: "wrong types", name: `body = ${JSON.stringify(root).slice(0, 30)}`, request: post(webhook, JSON.stringify(root)) });
  }
  return out;
}

/** The body with the string at `path` grown so the whole text is `size` bytes (ASCII or 2-byte characters). */
function bodyOfSize(base: Json, path: Path, size: number, char: "x" | "é"): string | null {
  const probe = JSON.stringify(replaceAt(base, path, ""));
  const room = size - Buffer.byteLength(probe);
  const width = Buffer.byteLength(char);
  if (room < 0 || room % width !== 0) return null;
  return JSON.stringify(replaceAt(base, path, char.repeat(room / width)));
}

function hugeStrings(webhook: Webhook, base: Json, bodyLimit: number): Hostile[] {
  const out: Hostile[] = [];
  const strings = pathsOf(base).filter((path) => typeof valueAt(base, path) === "string");
  for (const path of strings) {
    for (const [what, size] of [["just under", bodyLimit - 2], ["at", bodyLimit], ["just over", bodyLimit + 2]] as const) {
      for (const char of ["x", "é"] as const) {
        const body = bodyOfSize(base, path, size, char);
        if (body !== null) out.push({ cls: "huge strings", name: `${label(path)} ${char === "x" ? "ASCII" : "2-byte"}, body ${what} the limit (${size} B)`, request: post(webhook, body) });
      }
    }
  }
  out.push({ cls: "huge strings", name: "a 1 MB body", request: post(webhook, JSON.stringify(replaceAt(base, ["payload", "filler"], "y".repeat(1 << 20)))) });
  return out;
}

/** `depth` levels of arrays (or alternating objects), closed or not. */
function nested(depth: number, kind: "array" | "mixed", closed: boolean): string {
  let open = "";
  let close = "";
  for (let i = 0; i < depth; i++) {
    const asObject = kind === "mixed" && i % 2 === 1;
    open += asObject ? '{"k":' : "[";
    close = (asObject ? "}" : "]") + close;
  }
  return open + "0" + (closed ? close : "");
}

function deepNesting(webhook: Webhook, base: Json): Hostile[] {
  const text = JSON.stringify(base);
  const at = (field: string, value: string) => text.replace(`"${field}":`, `"${field}":${value},"${field}Was":`);
  const out: Hostile[] = [];
  for (const depth of [62, 63, 64, 65, 100, 5_000]) {
    for (const kind of ["array", "mixed"] as const) {
      out.push({ cls: "deep nesting", name: `${kind} ${depth} deep in payload.sessionId`, request: post(webhook, at("sessionId", nested(depth, kind, true))) });
      out.push({ cls: "deep nesting", name: `${kind} ${depth} deep as a new field`, request: post(webhook, text.replace('"payload":{', `"payload":{"deep":${nested(depth, kind, true)},`)) });
    }
    out.push({ cls: "deep nesting", name: `${depth} levels as the whole body`, request: post(webhook, nested(depth, "mixed", true)) });
  }
  out.push({ cls: "deep nesting", name: "30,000 unclosed brackets", request: post(webhook, nested(30_000, "array", false)) });
  out.push({ cls: "deep nesting", name: "brackets inside a string", request: post(webhook, at("sessionId", JSON.stringify("[".repeat(5_000)))) });
  return out;
}

/** What goes into every field and key: NUL, lone surrogates and other characters stores and logs trip on. */
export const NASTY_CHARACTERS = ["\u0000", "\ud800", "\udfff", "\udc00\ud800", "\u0001", "\u001f", "\u007f", "\u2028", "\ufffe", "\uffff"] as const;

function nasty(webhook: Webhook, base: Json): Hostile[] {
  const out: Hostile[] = [];
  for (const path of pathsOf(base)) {
    const original = valueAt(base, path);
    for (const char of NASTY_CHARACTERS) {
      const code = JSON.stringify(char);
      if (typeof original === "string") {
        for (const [where, value] of [["alone", char], ["inside", `${original.slice(0, 3)}${char}${original.slice(3)}`]] as const) {
          out.push({ cls: "NUL and surrogates", name: `${label(path)} ${where} ${code}`, request: post(webhook, JSON.stringify(replaceAt(base, path, value))) });
        }
      }
      const key = path[path.length - 1];
      if (typeof key === "string") {
        out.push({ cls: "NUL and surrogates", name: `key ${label(path)} + ${code}`, request: post(webhook, JSON.stringify(renameKeyAt(base, path, `${key}${char}`))) });
      }
    }
  }
  // A raw control character in a JSON string is not JSON: the parser must refuse it, not the store.
  out.push({ cls: "NUL and surrogates", name: "raw NUL byte in a string", request: post(webhook, JSON.stringify(base).replace('"payload":{"', '"payload":{"\u0000')) });
  return out;
}

const CONTENT_TYPES = [
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/xml",
  "application/jsonx",
  "application/json-patch+json",
  "APPLICATION/JSON",
  "application/json; charset=latin1",
  "application/json; charset=utf-16",
  "application/json;;;",
  "json",
  "*/*",
  "",
];

function contentTypes(webhook: Webhook, base: Json): Hostile[] {
  const body = JSON.stringify(base);
  const out: Hostile[] = CONTENT_TYPES.map((type) => ({ cls: "wrong content types", name: JSON.stringify(type), request: post(webhook, body, { authorization: SECRET, "content-type": type }) }));
  out.push({ cls: "wrong content types", name: "no content type", request: post(webhook, body, { authorization: SECRET }) });
  out.push({ cls: "wrong content types", name: "UTF-16 bytes declared as JSON", request: post(webhook, Buffer.from(body, "utf16le")) });
  return out;
}

function truncated(webhook: Webhook, base: Json): Hostile[] {
  const text = JSON.stringify(base);
  const cuts = [1, 2, 10, ...[1, 2, 3, 4, 5, 6, 7].map((eighth) => Math.floor((text.length * eighth) / 8)), text.length - 1];
  const out: Hostile[] = [];
  for (const cut of cuts) {
    out.push({ cls: "truncated bodies", name: `JSON cut at ${cut}/${text.length}`, request: post(webhook, text.slice(0, cut)) });
  }
  return out;
}

/**
 * Requests a well-behaved client cannot send, which Node's HTTP parser sees before any route: the
 * connection ends before the declared length, the length lies, the request line or a header is
 * malformed or too large.
 */
function httpFraming(webhook: Webhook, base: Json): Hostile[] {
  const text = JSON.stringify(base);
  const path = webhookPath(webhook);
  const out: Hostile[] = [];
  const add = (name: string, request: RawRequest) => out.push({ cls: "HTTP framing", name, request });
  for (const cut of [0, 1, Math.floor(text.length / 2), text.length - 1]) {
    add(`half-close after ${cut} of ${text.length} declared bytes`, { ...post(webhook, text), sendBytes: cut });
  }
  add("Content-Length shorter than the body", { ...post(webhook, text), contentLength: Math.floor(text.length / 2) });
  add("Content-Length not a number", { ...post(webhook, text, { ...JSON_HEADERS, "content-length": "12abc" }), contentLength: null });
  add("Content-Length and Transfer-Encoding both", { ...post(webhook, text, { ...JSON_HEADERS, "transfer-encoding": "chunked" }) });
  add("a chunk size that is not hex", { ...post(webhook, `zz\r\n${text}\r\n0\r\n\r\n`, { ...JSON_HEADERS, "transfer-encoding": "chunked" }), contentLength: null });
  add("a space in the path", { ...post(webhook, text), path: `${path}?status=a b` });
  add("a control character in a header name", post(webhook, text, { ...JSON_HEADERS, "x-\u0001": "1" }));
  add("20 KB of headers", post(webhook, text, { ...JSON_HEADERS, "x-filler": "f".repeat(20_000) }));
  add("a query string of 6,000 parameters", { ...post(webhook, text), path: `${path}?${Array.from({ length: 6_000 }, (_, i) => `p${i}=1`).join("&")}` });
  return out;
}

const INVALID_UTF8: readonly (readonly number[])[] = [[0xff], [0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xfe, 0xff], [0xf4, 0x90, 0x80, 0x80]];

function invalidUtf8(webhook: Webhook, base: Json): Hostile[] {
  const text = JSON.stringify(base);
  const spots: [string, number][] = [
    ["in sessionId", text.indexOf('"sessionId":"') + 13],
    ["in a key", text.indexOf('"payload":') + 2],
    ["between tokens", text.indexOf('"payload":') + 10],
    ["at the end", text.length],
  ];
  const out: Hostile[] = [];
  for (const bytes of INVALID_UTF8) {
    for (const [where, at] of spots) {
      const body = Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from(bytes), Buffer.from(text.slice(at))]);
      out.push({ cls: "invalid UTF-8", name: `${Buffer.from(bytes).toString("hex")} ${where}`, request: post(webhook, body) });
    }
  }
  out.push({ cls: "invalid UTF-8", name: "a UTF-8 byte order mark first", request: post(webhook, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])) });
  return out;
}

function empty(webhook: Webhook): Hostile[] {
  const bodies = ["", " ", "\n\t ", "null", "{}", "[]", '""', "0", '{"payload":{}}', '{"payload":null}'];
  const out: Hostile[] = bodies.map((body) => ({ cls: "empty bodies", name: JSON.stringify(body), request: post(webhook, body) }));
  out.push({ cls: "empty bodies", name: "no body, no content type", request: post(webhook, undefined, { authorization: SECRET }) });
  out.push({ cls: "empty bodies", name: "no body, JSON content type", request: post(webhook, undefined) });
  return out;
}

function duplicateKeys(webhook: Webhook, base: Json): Hostile[] {
  const text = JSON.stringify(base);
  const payload = JSON.stringify((base as Record<string, Json>).payload);
  const out: Hostile[] = [
    ["payload twice, the second null", text.replace(/}$/, ',"payload":null}')],
    ["payload twice, the second a string", text.replace(/}$/, ',"payload":"x"}')],
    ["payload twice, both valid", text.replace(/}$/, `,"payload":${payload}}`)],
    ["sessionId twice, the second a number", text.replace('"sessionId":', '"sessionId":7,"sessionId":')],
    ["sessionId twice, the first a number", text.replace(/("sessionId":"[^"]*")/, '$1,"sessionId":7')],
    ["sessionId twice, the second with NUL", text.replace(/("sessionId":"[^"]*")/, '$1,"sessionId":"a\\u0000b"')],
    ["SessionId and sessionId (two cases of one key)", text.replace(/("sessionId":"[^"]*")/, '$1,"SessionId":"other"')],
    ["__proto__ key", text.replace('"payload":{', '"payload":{"__proto__":{"polluted":true},')],
    ["constructor.prototype key", text.replace('"payload":{', '"payload":{"constructor":{"prototype":{"polluted":true}},')],
    ["__proto__ at the root", text.replace(/^{/, '{"__proto__":{"sessionId":"x"},')],
  ].map(([name, body]) => ({ cls: "duplicate keys", name: name as string, request: post(webhook, body as string) }));
  return out;
}

/** Every named class for one webhook route, from its valid body `base`. */
export function hostileClasses(webhook: Webhook, base: Record<string, unknown>, bodyLimit: number): Hostile[] {
  const json = base as Json;
  return [
    ...wrongTypes(webhook, json),
    ...hugeStrings(webhook, json, bodyLimit),
    ...deepNesting(webhook, json),
    ...nasty(webhook, json),
    ...contentTypes(webhook, json),
    ...truncated(webhook, json),
    ...invalidUtf8(webhook, json),
    ...empty(webhook),
    ...duplicateKeys(webhook, json),
  ];
}

/** Malformed HTTP (their own class: Node's HTTP parser, not our routes, meets them first). */
export function httpFramingClass(webhook: Webhook, base: Record<string, unknown>): Hostile[] {
  return httpFraming(webhook, base as Json);
}
