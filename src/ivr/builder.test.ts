/** The callflow builder: what code handlers rely on to produce answers 8x8 accepts. */
import { describe, expect, it } from "vitest";
import { validateCallflow } from "../voice/index.js";
import { answer, capture, hangup, play, say, transfer } from "./index.js";

describe("the callflow builder", () => {
  it("builds an answer 8x8 accepts from every action, bookmark included", () => {
    const reply = answer(
      say("Hello."),
      play("https://example.com/a.mp3", { repetition: 2 }),
      capture("Press 1.", { maxDigits: 1 }),
      { clientActionId: "menu" },
    );
    expect(reply.clientActionId).toBe("menu");
    expect(validateCallflow(reply.callflow, { mode: "answer" })).toEqual({ ok: true });
    expect(validateCallflow(answer(transfer("+6561115777", { callerId: "+6568888888" })).callflow, { mode: "answer" })).toEqual({ ok: true });
    expect(validateCallflow(answer(say("Bye."), hangup()).callflow, { mode: "answer" })).toEqual({ ok: true });
  });

  it("defaults the voice to en-US-BenjaminRUS", () => {
    expect(say("Hi").params.voiceProfile).toBe("en-US-BenjaminRUS");
  });

  it.each([
    [{ minDigits: 4 }],
    [{ completeOnHash: false }],
    [{ digitTimeout: 40_000 }],
  ])("adds the partner setting 8x8 requires for %j", (options) => {
    expect(validateCallflow([capture("Enter it.", options)], { mode: "answer" })).toEqual({ ok: true });
  });
});
