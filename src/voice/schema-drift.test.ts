/**
 * The published JSON Schemas and validateCallflow must agree (jambonz's lesson: verb specs and
 * schemas drifted apart). Ajv compiles what users' editors see; the corpus holds callflows that
 * only break rules JSON Schema can express (shape, types, lengths, ranges, patterns), so any
 * disagreement is drift. Rules beyond JSON Schema (-1003, -1005, -1006, -1008, -1010 … -1016)
 * are checked apart, below: the schema must accept those callflows.
 */
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { describe, expect, it } from "vitest";
import * as docs from "../../test/documented-callflows.js";
import { publishedSchema } from "./json-schemas.js";
import { validateCallflow } from "./validate-callflow.js";

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ strict: true }));
const schemaValid = ajv.compile(publishedSchema("callflow"));
const requestValid = ajv.compile(publishedSchema("send-callflow-request"));

const call = { action: "makeCall", params: { source: "+6560000001", destination: "+6590000000" } };
const say = (params: Record<string, unknown> = {}) => ({ action: "say", params: { text: "Hello", voiceProfile: "en-GB-Emma", ...params } });
const capture = (params: Record<string, unknown>) => ({ action: "sayAndCapture", params: { promptMessage: "Press 1", voiceProfile: "en-GB-Emma", ...params } });

const valid: [string, unknown][] = [
  ["makeCall with recording", [{ action: "makeCall", params: { ...call.params, callRecording: true } }]],
  ["say with every option", [say({ repetition: 3, speed: 0.5 })]],
  ["capture with every option", [capture({ speed: 2, repetition: 1, minDigits: 1, maxDigits: 25, digitTimeout: 1, overallTimeout: 2, completeOnHash: false, noOfTries: 1, successMessage: "ok", failureMessage: "no" })]],
  ["capture with null settings", [capture({ minDigits: null, successMessage: null, completeOnHash: null })]],
  ["playFile", [{ action: "playFile", params: { fileUrl: "HTTPS://x.example.com/a.wav", repetition: 2 } }]],
  ["hangup without params", [say(), { action: "hangup" }]],
  ["hangup with empty params", [say(), { action: "hangup", params: {} }]],
  ["text of exactly 3000 characters", [say({ text: "a".repeat(3000) })]],
  ["numbers without +", [{ action: "makeCall", params: { source: "6561115777", destination: "6512345678" } }]],
  ...Object.entries(docs.advancedIvrAnswers),
  ["simple IVR guide", docs.simpleIvrGuide],
  ["voice messaging TTS", docs.voiceMessagingTts],
  ["voice messaging audio", docs.voiceMessagingAudio],
];

const invalid: [string, unknown][] = [
  ["not an array", { action: "hangup" }],
  ["empty", []],
  ["entry not an object", ["say"]],
  ["missing action", [{ params: {} }]],
  ["unknown action", [{ action: "dial", params: {} }]],
  ["extra key beside action", [{ ...say(), note: "x" }]],
  ["missing params", [{ action: "say" }]],
  ["missing text", [{ action: "say", params: { voiceProfile: "en-GB-Emma" } }]],
  ["text null", [say({ text: null })]],
  ["empty text", [say({ text: "" })]],
  ["text too long", [say({ text: "a".repeat(3001) })]],
  ["repetition 0", [say({ repetition: 0 })]],
  ["repetition not integer", [say({ repetition: 1.5 })]],
  ["speed too slow", [say({ speed: 0.4 })]],
  ["speed as string", [say({ speed: "1" })]],
  ["bad voice profile", [say({ voiceProfile: "english" })]],
  ["unknown say param", [say({ volume: 1 })]],
  ["minDigits 0", [capture({ minDigits: 0, maxDigits: 1 })]],
  ["maxDigits 26", [capture({ maxDigits: 26 })]],
  ["completeOnHash as string", [capture({ completeOnHash: "no" })]],
  ["noOfTries 0", [capture({ noOfTries: 0 })]],
  ["playFile ftp", [{ action: "playFile", params: { fileUrl: "ftp://x/a.mp3" } }]],
  ["hangup with params", [{ action: "hangup", params: { now: true } }]],
  ["bad destination", [{ action: "makeCall", params: { source: "+6560000001", destination: "12" } }]],
  ["bad source", [{ action: "makeCall", params: { source: "ACME", destination: "+6590000000" } }]],
  ["callRecording as string", [{ action: "makeCall", params: { ...call.params, callRecording: "yes" } }]],
];

describe("published JSON Schema agrees with validateCallflow", () => {
  for (const [name, callflow] of valid) {
    it(`both accept: ${name}`, () => {
      expect(validateCallflow(callflow, { mode: "answer" })).toEqual({ ok: true });
      expect(schemaValid(callflow)).toBe(true);
    });
  }
  for (const [name, callflow] of invalid) {
    it(`both refuse: ${name}`, () => {
      expect(validateCallflow(callflow, { mode: "answer" }).ok).toBe(false);
      expect(schemaValid(callflow)).toBe(false);
    });
  }

  it("leaves the cross-field and sequence rules to validateCallflow: the schema accepts those callflows", () => {
    const beyondSchema = [
      [capture({ minDigits: 2 })], // -1003
      [capture({ digitTimeout: 5 })], // -1005
      [capture({ completeOnHash: false })], // -1008
      [call, call], // -1010 in an answer
      [say(), { action: "hangup" }, say()], // -1012
      [say({ text: "bell\u0007" })], // -1016
    ];
    for (const callflow of beyondSchema) {
      expect(schemaValid(callflow)).toBe(true);
      expect(validateCallflow(callflow, { mode: "answer" }).ok).toBe(false);
    }
  });

  it("validates the OpenAPI file's Send Callflow request example against send-callflow-request", () => {
    expect(requestValid(docs.openApiDefault)).toBe(true);
    expect(requestValid({ ...docs.openApiDefault, validUntil: "not a date" })).toBe(false);
    expect(requestValid({ callflow: docs.openApiExample2Tts, clientRequestId: "r-1", clientActionId: "a-1" })).toBe(true);
  });
});
