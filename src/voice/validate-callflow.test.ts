import { describe, expect, it } from "vitest";
import * as docs from "../../test/documented-callflows.js";
import { validateCallflow, type ValidateCallflowOptions } from "./validate-callflow.js";

const call = { action: "makeCall", params: { source: "+6560000001", destination: "+6590000000" } };
const say = (params: Record<string, unknown> = {}) => ({ action: "say", params: { text: "Hello", voiceProfile: "en-GB-Emma", ...params } });
const capture = (params: Record<string, unknown>) => ({ action: "sayAndCapture", params: { promptMessage: "Press 1", voiceProfile: "en-GB-Emma", ...params } });
const send: ValidateCallflowOptions = { mode: "send", now: new Date("2026-06-01T00:00:00Z") };
const answer: ValidateCallflowOptions = { mode: "answer" };

describe("validateCallflow: one callflow per 8x8 status code", () => {
  const cases: [number, string, unknown, ValidateCallflowOptions, string, string | RegExp][] = [
    [-1001, "a callflow that is not an array", { action: "hangup" }, answer, "$.callflow", "$.callflow: object found, array expected"],
    [-1001, "a validUntil that is not a date", [call], { ...send, validUntil: "tomorrow" }, "$.validUntil", '$.validUntil: "tomorrow" is not an ISO-8601 date-time'],
    [-1002, "a voice profile that is not a profile code", [call, say({ voiceProfile: "english" })], send, "$.callflow[1].params.voiceProfile", /^Speech profile or language parameter invalid: \$\.callflow\[1\]\.params\.voiceProfile: does not match/],
    [-1002, "a voice profile the subaccount does not have", [say({ voiceProfile: "xx-XX-Nobody" })], { ...answer, voiceProfiles: new Set(["en-GB-Emma"]) }, "$.callflow[0].params.voiceProfile", /is not an available speech profile/],
    [-1003, "minDigits without maxDigits", [capture({ minDigits: 2 })], answer, "$.callflow[0].params.maxDigits", "Valid maxDigits required when minDigits provided (at $.callflow[0].params.maxDigits)"],
    [-1005, "digitTimeout without overallTimeout", [capture({ digitTimeout: 3000 })], answer, "$.callflow[0].params.overallTimeout", "Valid overallTimeout is required when digitTimeout provided (at $.callflow[0].params.overallTimeout)"],
    [-1006, "an overallTimeout shorter than digitTimeout", [capture({ digitTimeout: 5000, overallTimeout: 4000 })], answer, "$.callflow[0].params.overallTimeout", "OverallTimeout should be greater than digitTimeout (at $.callflow[0].params.overallTimeout)"],
    [-1007, "an unknown action", [call, { action: "dial", params: {} }], send, "$.callflow[1].action", "$.callflow[1].action should be one of: say,sayAndCapture,makeCall,hangup,playFile"],
    [-1008, "completeOnHash false without maxDigits", [capture({ completeOnHash: false })], answer, "$.callflow[0].params.maxDigits", "Valid maxDigits is required when completeOnHash is false (at $.callflow[0].params.maxDigits)"],
    [-1009, "a say without text", [call, { action: "say", params: { voiceProfile: "en-GB-Emma" } }], send, "$.callflow[1].params.text", "Invalid call flow entry provided. $.callflow[1].params.text: is missing but it is required"],
    [-1009, "a text longer than 3000 characters", [say({ text: "a".repeat(3001) })], answer, "$.callflow[0].params.text", "Invalid call flow entry provided. $.callflow[0].params.text: may only be 3000 characters long"],
    [-1009, "a repetition of 4", [say({ repetition: 4 })], answer, "$.callflow[0].params.repetition", "Invalid call flow entry provided. $.callflow[0].params.repetition: must have a maximum value of 3"],
    [-1009, "a speed of 2.5", [say({ speed: 2.5 })], answer, "$.callflow[0].params.speed", "Invalid call flow entry provided. $.callflow[0].params.speed: must have a maximum value of 2"],
    [-1009, "maxDigits above 25", [capture({ maxDigits: 26 })], answer, "$.callflow[0].params.maxDigits", "Invalid call flow entry provided. $.callflow[0].params.maxDigits: must have a maximum value of 25"],
    [-1009, "a playFile URL that is not http(s)", [{ action: "playFile", params: { fileUrl: "ftp://x/a.mp3" } }], answer, "$.callflow[0].params.fileUrl", /does not match the regex pattern/],
    [-1009, "an unknown parameter", [say({ volume: 3 })], answer, "$.callflow[0].params.volume", "Invalid call flow entry provided. $.callflow[0].params.volume: is not defined in the schema and the schema does not allow additional properties"],
    [-1010, "a third makeCall in a Send Callflow", [call, call, call], send, "$.callflow[2]", /^Some actions are provided beyond the allowed count: at most 2 makeCall/],
    [-1010, "a second makeCall in a VCA answer", [call, call], answer, "$.callflow[1]", /at most 1 makeCall in a VCA answer/],
    [-1011, "two destinations in one makeCall", [{ action: "makeCall", params: { source: "+6560000001", destination: "+6590000000, +6590000001" } }], send, "$.callflow[0].params.destination", "Multiple destination phone numbers found in the request (at $.callflow[0].params.destination)"],
    [-1012, "an action after hangup", [call, { action: "hangup" }, say()], send, "$.callflow[2].action", "Incorrect use of action Hangup: no action may follow hangup (at $.callflow[2])"],
    [-1013, "a Send Callflow that does not start with makeCall", [say(), call], send, "$.callflow[0].action", "First action should be a MakeCall action (at $.callflow[0].action)"],
    [-1014, "a source that is not a number", [{ action: "makeCall", params: { source: "ACME", destination: "+6590000000" } }], send, "$.callflow[0].params.source", /^Source or caller ID is not allowed: /],
    [-1015, "a validUntil in the past", [call], { ...send, validUntil: "2026-05-31T23:59:59Z" }, "$.validUntil", "The validity period of the call flow request has expired (at $.validUntil)"],
    [-1016, "a control character in a text", [say({ text: "Hello\u0007" })], answer, "$.callflow[0].params.text", "Some special characters are invalid/unaccepted (at $.callflow[0].params.text)"],
    [-1017, "a destination that is not an E.164 number", [{ action: "makeCall", params: { source: "+6560000001", destination: "12" } }], send, "$.callflow[0].params.destination", /^Invalid MSISDN format in Destination: /],
  ];
  for (const [code, name, callflow, options, path, message] of cases) {
    it(`answers ${code} for ${name}`, () => {
      const result = validateCallflow(callflow, options);
      expect(result).toMatchObject({ ok: false, statusCode: code, path });
      if (!result.ok) {
        if (typeof message === "string") expect(result.statusMessage).toBe(message);
        else expect(result.statusMessage).toMatch(message);
      }
    });
  }

  it("covers every documented validation code (-1001 to -1017; there is no -1004)", () => {
    const covered = new Set(cases.map(([code]) => code));
    const documented = [-1001, -1002, -1003, -1005, -1006, -1007, -1008, -1009, -1010, -1011, -1012, -1013, -1014, -1015, -1016, -1017];
    expect([...covered].sort()).toEqual(documented.sort());
  });

  it("accepts hangup with empty params, as real client code sends it", () => {
    expect(validateCallflow([call, { action: "hangup", params: {} }], send)).toEqual({ ok: true });
  });

  it("accepts overallTimeout equal to digitTimeout (8x8's simple IVR guide sends 10000 for both)", () => {
    expect(validateCallflow([capture({ maxDigits: 1, digitTimeout: 10000, overallTimeout: 10000 })], answer)).toEqual({ ok: true });
  });

  it("treats null capture settings as not given (they are nullable in the OpenAPI file)", () => {
    expect(validateCallflow([capture({ minDigits: null, digitTimeout: null, successMessage: null })], answer)).toEqual({ ok: true });
    expect(validateCallflow([say({ text: null })], answer)).toMatchObject({ ok: false, statusCode: -1009 });
  });
});

describe("validateCallflow: 8x8's documented example callflows", () => {
  it("accepts the OpenAPI file's Send Callflow default example (before its validUntil)", () => {
    const { validUntil, callflow } = docs.openApiDefault;
    expect(validateCallflow(callflow, { mode: "send", validUntil, now: new Date("2024-07-03T05:00:00Z") })).toEqual({ ok: true });
  });

  it("accepts the OpenAPI file's voice message examples (TTS and audio file)", () => {
    expect(validateCallflow(docs.openApiExample2Tts, send)).toEqual({ ok: true });
    expect(validateCallflow(docs.openApiExample3AudioFile, send)).toEqual({ ok: true });
  });

  it("refuses the OpenAPI file's Example 1 with -1005: it gives digitTimeout without overallTimeout", () => {
    // A documented example that breaks SPEC's rule -1005; the rule is kept, not weakened.
    expect(validateCallflow(docs.openApiExample1DtmfCapture, send)).toMatchObject({ ok: false, statusCode: -1005, path: "$.callflow[1].params.overallTimeout" });
  });

  it("accepts the simple IVR guide's request", () => {
    expect(validateCallflow(docs.simpleIvrGuide, send)).toEqual({ ok: true });
  });

  it("accepts the voice messaging guide's TTS and audio-file requests", () => {
    expect(validateCallflow(docs.voiceMessagingTts, send)).toEqual({ ok: true });
    expect(validateCallflow(docs.voiceMessagingAudio, send)).toEqual({ ok: true });
  });

  it("accepts the advanced IVR guide's initial request and every VCA answer it publishes", () => {
    expect(validateCallflow(docs.advancedIvrInitialRequest, send)).toEqual({ ok: true });
    for (const [name, callflow] of Object.entries(docs.advancedIvrAnswers)) {
      expect({ name, result: validateCallflow(callflow, answer) }).toEqual({ name, result: { ok: true } });
    }
  });
});
