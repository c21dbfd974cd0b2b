/**
 * The simulator's REST answers at 8x8's paths: auth, webhooks, Send Callflow's validation table,
 * speech profiles and numbers, each body validated against 8x8's OpenAPI response schemas.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CALLFLOW_STATUS, httpStatusForCallflowCode, validateCallflow } from "../../src/voice/index.js";
import { SPEECH_PROFILES, startSimulator, type Simulator } from "../../src/simulator/index.js";
import { hasOpenApiFile } from "../shared-files.js";
import { loadOpenApiFile, type OpenApiFile } from "./openapi-file.js";

const present = hasOpenApiFile();
const BASE = "/api/v1/subaccounts/{subAccountId}";
const KEY = { authorization: "Bearer sandbox-key" };
const V = "en-US-BenjaminRUS";
const makeCall = (destination = "+6591234567", source = "+6560000001") => ({ action: "makeCall", params: { source, destination } });

let sim: Simulator;
let spec: OpenApiFile;

beforeAll(async () => {
  sim = await startSimulator({
    clock: "instant",
    config: {
      subaccounts: [
        { id: "sandbox", apiKeys: ["sandbox-key"], numbers: [{ msisdn: "+6560000001", referenceId: "vn-sandbox-1" }] },
        { id: "locked", apiKeys: ["locked-key"], allowedSources: ["+6560000099"] },
      ],
    },
  });
  if (present) spec = loadOpenApiFile();
});
afterAll(() => sim.close());

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = KEY) {
  const response = await fetch(`${sim.url}${path}`, {
    method,
    headers: { ...headers, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Asserts the answer conforms to the OpenAPI file's schema for that response, when it has one. */
function conforms(method: string, templatePath: string, answer: { status: number; body: unknown }) {
  if (!present) return;
  const validate = spec.response(method, templatePath, answer.status);
  // The file documents a body for every 200 and 422, every callflow answer but 403, and the number 404.
  const documented = [200, 422].includes(answer.status) || (templatePath.endsWith("/callflows") && answer.status !== 403) || templatePath.endsWith("{number}");
  if (documented) expect(validate, `${method} ${templatePath} ${answer.status} has a schema`).toBeDefined();
  if (!validate) return;
  expect(validate(answer.body), `${method} ${templatePath} ${answer.status}: ${spec.errors(validate)}`).toBe(true);
}

describe.skipIf(!present)("answers valid against voice_v1_api.json", () => {
  it("creates, lists and deletes webhooks of all five types, enabled winning over active", async () => {
    for (const type of ["VCA", "VSS", "VCS", "VRU", "VNU"]) {
      const created = await call("POST", "/api/v1/subaccounts/sandbox/webhooks", { type, url: `http://127.0.0.1:9/${type}`, httpAuthHeader: "secret", enabled: true, active: false });
      expect(created.status).toBe(200);
      conforms("POST", `${BASE}/webhooks`, created);
      expect(created.body.webhooks).toEqual([{ type, url: `http://127.0.0.1:9/${type}`, enabled: true, httpAuthHeaderAvailable: true }]);
    }
    const inactive = await call("POST", "/api/v1/subaccounts/sandbox/webhooks", { type: "VCS", url: "http://127.0.0.1:9/replaced", active: false });
    expect((inactive.body.webhooks as object[])[0]).toEqual({ type: "VCS", url: "http://127.0.0.1:9/replaced", enabled: false, httpAuthHeaderAvailable: false });
    const listed = await call("GET", "/api/v1/subaccounts/sandbox/webhooks");
    conforms("GET", `${BASE}/webhooks`, listed);
    expect(listed.body).toMatchObject({ subAccountId: "sandbox", count: 5, statusCode: 0, statusMessage: "ok" });
    expect(JSON.stringify(listed.body)).not.toContain("secret");
    const deleted = await call("DELETE", "/api/v1/subaccounts/sandbox/webhooks/VRU");
    conforms("DELETE", `${BASE}/webhooks/{webhook-type}`, deleted);
    expect(deleted.body).toMatchObject({ type: "VRU", statusCode: 0, statusMessage: "deleted", httpAuthHeaderAvailable: true });
    expect((await call("DELETE", "/api/v1/subaccounts/sandbox/webhooks/VRU")).status).toBe(404);
    expect((await call("GET", "/api/v1/subaccounts/sandbox/webhooks")).body.count).toBe(4);
  });

  it.each([
    ["an unknown type", { type: "XYZ", url: "http://127.0.0.1:9/x" }],
    ["a missing url", { type: "VCA" }],
    ["a url that is not http", { type: "VCA", url: "ftp://example" }],
    ["a body that is not JSON", "{oops"],
  ])("answers 422 with 8x8's error body for %s", async (_name, body) => {
    const answer = await call("POST", "/api/v1/subaccounts/sandbox/webhooks", body);
    expect(answer.status).toBe(422);
    conforms("POST", `${BASE}/webhooks`, answer);
    expect(answer.body).toMatchObject({ statusCode: "1001", statusMessage: "Invalid JSON request body" });
    expect(answer.body.errorId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("lists a realistic set of speech profiles", async () => {
    const answer = await call("GET", "/api/v1/subaccounts/sandbox/speech-profiles");
    conforms("GET", `${BASE}/speech-profiles`, answer);
    const codes = (answer.body.speechProfiles as { speechProfileCode: string }[]).map((p) => p.speechProfileCode);
    expect(codes.length).toBeGreaterThanOrEqual(15);
    expect(codes).toEqual(expect.arrayContaining(["en-US-BenjaminRUS", "en-GB-Emma", "en-IE-EmilyNeural"]));
    expect(answer.body.speechProfiles).toEqual(SPEECH_PROFILES);
  });

  it("lists and gets virtual numbers from the config, with the country derived from the prefix", async () => {
    const list = await call("GET", "/api/v1/subaccounts/sandbox/numbers");
    conforms("GET", `${BASE}/numbers`, list);
    expect(list.body).toMatchObject({ totalNumbers: 1, numbers: [{ msisdn: "+6560000001", countryCode: "SG", referenceId: "vn-sandbox-1", operationalStatus: "Active" }] });
    const one = await call("GET", "/api/v1/subaccounts/sandbox/numbers/6560000001");
    conforms("GET", `${BASE}/numbers/{number}`, one);
    expect(one.body.payload).toEqual({ referenceId: "vn-sandbox-1", msisdn: "+6560000001", countryCode: "SG" });
    const missing = await call("GET", "/api/v1/subaccounts/sandbox/numbers/6560000002");
    expect(missing.status).toBe(404);
    conforms("GET", `${BASE}/numbers/{number}`, missing);
  });

  it.each([
    ["no Authorization header", {}, 401],
    ["an unknown key", { authorization: "Bearer nope" }, 401],
    ["a Basic header", { authorization: "Basic sandbox-key" }, 401],
    ["another subaccount's key", { authorization: "Bearer locked-key" }, 403],
  ])("refuses %s", async (_name, headers, status) => {
    for (const path of ["/api/v1/subaccounts/sandbox/webhooks", "/api/v1/subaccounts/sandbox/speech-profiles", "/api/v1/subaccounts/sandbox/numbers"]) {
      expect((await call("GET", path, undefined, headers)).status).toBe(status);
    }
    const flow = await call("POST", "/api/v1/subaccounts/sandbox/callflows", { callflow: [makeCall()] }, headers);
    expect(flow.status).toBe(status);
    conforms("POST", `${BASE}/callflows`, flow);
    expect(flow.body).toMatchObject({ sessionStatus: "NOT_CREATED", statusCode: status });
  });

  it("answers 404 with 8x8's message for an unknown subaccount", async () => {
    const hooks = await call("GET", "/api/v1/subaccounts/nobody/webhooks");
    expect(hooks).toMatchObject({ status: 404, body: { statusMessage: "SubAccount not found by Id : nobody" } });
    const flow = await call("POST", "/api/v1/subaccounts/nobody/callflows", { callflow: [makeCall()] });
    expect(flow).toMatchObject({ status: 404, body: { statusCode: 404, statusMessage: "SubAccount not found by Id : nobody" } });
    conforms("POST", `${BASE}/callflows`, flow);
  });

  it("accepts a Send Callflow with 200 CREATED, echoing validUntil", async () => {
    const validUntil = new Date(Date.now() + 60_000).toISOString();
    const answer = await call("POST", "/api/v1/subaccounts/sandbox/callflows", { validUntil, clientRequestId: "r1", clientActionId: "a1", callflow: [makeCall(), { action: "hangup", params: {} }] });
    expect(answer.status).toBe(200);
    conforms("POST", `${BASE}/callflows`, answer);
    expect(answer.body).toMatchObject({ sessionStatus: "CREATED", statusCode: 1, statusMessage: "Created", validUntil });
    await sim.waitForSession(answer.body.sessionId as string);
  });
});

describe("Send Callflow refuses like validateCallflow, code for code", () => {
  const say = (params: Record<string, unknown>) => ({ action: "say", params: { text: "Hi", voiceProfile: V, ...params } });
  const cap = (params: Record<string, unknown>) => ({ action: "sayAndCapture", params: { promptMessage: "Press", voiceProfile: V, ...params } });
  const cases: [string, number, unknown[], Record<string, unknown>?][] = [
    ["unknown speech profile", -1002, [makeCall(), say({ voiceProfile: "xx-XX-Nobody" })]],
    ["minDigits without maxDigits", -1003, [makeCall(), cap({ minDigits: 2 })]],
    ["digitTimeout without overallTimeout", -1005, [makeCall(), cap({ digitTimeout: 2000 })]],
    ["overallTimeout below digitTimeout", -1006, [makeCall(), cap({ digitTimeout: 2000, overallTimeout: 1000 })]],
    ["an unknown action", -1007, [makeCall(), { action: "dance", params: {} }]],
    ["completeOnHash false without maxDigits", -1008, [makeCall(), cap({ completeOnHash: false })]],
    ["a missing text", -1009, [makeCall(), { action: "say", params: { voiceProfile: V } }]],
    ["a third makeCall", -1010, [makeCall(), makeCall("+6591234568"), makeCall("+6591234569")]],
    ["two numbers in one destination", -1011, [makeCall("+6591234567, +6591234568")]],
    ["an action after hangup", -1012, [makeCall(), { action: "hangup" }, say({})]],
    ["a first action that is not makeCall", -1013, [say({})]],
    ["an expired validUntil", -1015, [makeCall()], { validUntil: "2001-01-01T00:00:00Z" }],
    ["control characters", -1016, [makeCall(), say({ text: "Hi\u0007" })]],
    ["a malformed destination", -1017, [makeCall("12ab")]],
  ];

  it.each(cases)("refuses %s with %i", async (_name, code, callflow, extra = {}) => {
    const expected = validateCallflow(callflow, { mode: "send", validUntil: extra.validUntil as string | undefined, voiceProfiles: new Set(SPEECH_PROFILES.map((p) => p.speechProfileCode)) });
    expect(expected.ok).toBe(false);
    if (expected.ok) return;
    expect(expected.statusCode).toBe(code);
    const answer = await call("POST", "/api/v1/subaccounts/sandbox/callflows", { ...extra, callflow });
    expect(answer.status).toBe(httpStatusForCallflowCode(expected.statusCode));
    // The same words too: a -1009 starts with 8x8's sentence on both sides (see the test below).
    expect(answer.body).toMatchObject({ sessionStatus: "NOT_CREATED", statusCode: expected.statusCode, statusMessage: expected.statusMessage });
    expect(typeof answer.body.callFlowRequestId).toBe("string");
    conforms("POST", `${BASE}/callflows`, answer);
  });

  it.each([
    ["a missing text", { callflow: [makeCall(), { action: "say", params: { voiceProfile: V } }] }, "$.callflow[1].params.text: is missing but it is required"],
    ["an unknown field beside the callflow", { colour: "red", callflow: [makeCall()] }, "$.colour: is not defined in the schema and the schema does not allow additional properties"],
  ])("words a -1009 for %s as 8x8 does: 'Invalid call flow entry provided. ' then the path", async (_name, body, detail) => {
    const answer = await call("POST", "/api/v1/subaccounts/sandbox/callflows", body);
    expect(answer).toMatchObject({ status: 400, body: { statusCode: -1009, statusMessage: `Invalid call flow entry provided. ${detail}` } });
    conforms("POST", `${BASE}/callflows`, answer);
  });

  it("refuses a body that is not JSON with -1001 and 400", async () => {
    const answer = await call("POST", "/api/v1/subaccounts/sandbox/callflows", "{not json");
    expect(answer).toMatchObject({ status: 400, body: { statusCode: CALLFLOW_STATUS.INVALID_JSON, statusMessage: "Invalid JSON request body" } });
    conforms("POST", `${BASE}/callflows`, answer);
  });

  it("refuses a caller ID the subaccount does not allow with -1014", async () => {
    const answer = await call("POST", "/api/v1/subaccounts/locked/callflows", { callflow: [makeCall("+6591234567", "+6560000001")] }, { authorization: "Bearer locked-key" });
    expect(answer).toMatchObject({ status: 422, body: { statusCode: -1014 } });
    const allowed = await call("POST", "/api/v1/subaccounts/locked/callflows", { callflow: [makeCall("+6591234567", "+6560000099"), { action: "hangup" }] }, { authorization: "Bearer locked-key" });
    expect(allowed.status).toBe(200);
    await sim.waitForSession(allowed.body.sessionId as string);
  });
});

describe("/_sim/openapi.json", () => {
  it("describes every 8x8 and /_sim/ path the simulator serves, with compilable schemas", async () => {
    const doc = (await call("GET", "/_sim/openapi.json", undefined, {})).body as { openapi: string; paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }>; requestBody?: { content: Record<string, { schema: object }> } }>> };
    expect(doc.openapi).toBe("3.1.0");
    for (const path of [`${BASE}/webhooks`, `${BASE}/webhooks/{webhook-type}`, `${BASE}/callflows`, `${BASE}/speech-profiles`, `${BASE}/numbers`, `${BASE}/numbers/{number}`, "/_sim/calls", "/_sim/callees", "/_sim/sessions/{sessionId}", "/_sim/sessions/{sessionId}/keys", "/_sim/sessions/{sessionId}/hangup", "/_sim/sessions/{sessionId}/events", "/_sim/openapi.json"]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    if (present) for (const path of Object.keys(doc.paths).filter((p) => p.startsWith("/api/"))) expect(Object.keys(spec.paths)).toContain(path);
    const { Ajv } = await import("ajv");
    const ajv = new Ajv({ strict: false, validateFormats: false });
    for (const operations of Object.values(doc.paths)) {
      for (const operation of Object.values(operations)) {
        const schemas = [...Object.values(operation.responses).flatMap((r) => Object.values(r.content ?? {}).map((c) => c.schema)), ...(operation.requestBody ? [operation.requestBody.content["application/json"]!.schema] : [])];
        for (const schema of schemas) expect(() => ajv.compile(schema)).not.toThrow();
      }
    }
  });
});

describe("the control API refuses bad bodies with 400s naming the field", () => {
  it.each([
    ["/_sim/calls", { to: "abc" }, /^to: "abc" is invalid; expected/],
    ["/_sim/calls", {}, /^to: is missing/],
    ["/_sim/calls", { to: "+6560000001", press: ["1", "x"] }, /^press\[1\]: "x" is invalid/],
    ["/_sim/calls", { to: "+6560000001", hangupAfterMs: -5 }, /^hangupAfterMs: -5 is invalid/],
    ["/_sim/calls", { to: "+6560000001", colour: "red" }, /^colour: is not a known field/],
    ["/_sim/calls", { to: "+6569999999" }, /^to: "\+6569999999" is invalid; expected a virtual number/],
    ["/_sim/callees", { number: "+6591234567", behavior: "sleepy" }, /^behavior: "sleepy" is invalid; expected answer, busy, no-answer, fail, \{ error: <session error code> \}, or a list of these/],
    ["/_sim/callees", { number: "+6591234567", behavior: ["busy", { error: -42 }] }, /^behavior\[1\]\.error: -42 is invalid; expected a session error code/],
    ["/_sim/callees", { behavior: "busy" }, /^number: is missing/],
    ["/_sim/calls", "{broken", /not valid JSON/],
  ])("POST %s %j", async (path, body, message) => {
    const answer = await call("POST", path, body, {});
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(message);
  });

  it("answers 404 for an unknown session and 400 for a bad timeoutMs", async () => {
    expect(await call("GET", "/_sim/sessions/nope", undefined, {})).toMatchObject({ status: 404, body: { code: "SB_SIM_UNKNOWN_SESSION" } });
    const placed = await call("POST", "/_sim/calls", { to: "+6560000001" }, {});
    expect(placed.status).toBe(201);
    const bad = await call("GET", `/_sim/sessions/${String(placed.body.sessionId)}?wait=true&timeoutMs=soon`, undefined, {});
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe("SB_SIM_INVALID_REQUEST");
    expect(bad.body.message).toMatch(/^timeoutMs:/);
    const waited = await call("GET", `/_sim/sessions/${String(placed.body.sessionId)}?wait=true`, undefined, {});
    expect(waited.body.state).toBe("ended");
  });
});
