import { describe, expect, it } from "vitest";
import type { CallActionEvent, HandlerContext, IvrApp } from "../ivr/index.js";
import { AnswerChecker } from "./answer-checker.js";
import { Deadlines } from "./deadlines.js";
import { answerWithBudget } from "./fallback.js";

describe("answerWithBudget", () => {
  const event = { sessionId: "s", eventId: "e" } as CallActionEvent;
  const logger = { debug() {}, info() {}, warn() {}, error() {} };
  const appAnswering = (answer: () => unknown): IvrApp => ({ name: "t", answer: async () => answer() as never });

  it("falls back (invalid) when reading the app's answer throws, and never leaves the call waiting", async () => {
    const sneaky = { get callflow(): unknown { throw new Error("getter exploded"); } };
    const outcome = await answerWithBudget(appAnswering(() => sneaky), event, { sessionId: "s", vars: {}, logger }, new Deadlines(1000), new AnswerChecker());
    expect(outcome).toMatchObject({ answer: null, fallbackReason: "invalid" });
  });

  it("falls back (timeout) when the app outlives its budget, and (error) when it throws", async () => {
    const slow: IvrApp = { name: "slow", answer: () => new Promise(() => {}) };
    expect(await answerWithBudget(slow, event, { sessionId: "s", vars: {}, logger }, new Deadlines(20), new AnswerChecker())).toMatchObject({ fallbackReason: "timeout" });
    const broken: IvrApp = { name: "broken", answer: () => { throw new Error("bug"); } };
    expect(await answerWithBudget(broken, event, { sessionId: "s", vars: {}, logger }, new Deadlines(1000), new AnswerChecker())).toMatchObject({ fallbackReason: "error" });
  });

  it("hands the app a ctx.signal that aborts when the budget runs out, even if first read afterwards", async () => {
    const signals: AbortSignal[] = [];
    let spread: Record<string, unknown> = {};
    const watching: IvrApp = {
      name: "watching",
      answer: (_event, ctx) => {
        spread = { ...ctx };
        signals.push(ctx.signal);
        return new Promise((resolve) => ctx.signal.addEventListener("abort", () => setTimeout(() => resolve(late(ctx)), 5)));
      },
    };
    const late = (ctx: HandlerContext) => {
      signals.push(ctx.signal);
      return { callflow: [{ action: "hangup" }] } as never;
    };
    const outcome = await answerWithBudget(watching, event, { sessionId: "s", vars: { a: 1 }, logger }, new Deadlines(20), new AnswerChecker());
    expect(outcome).toMatchObject({ fallbackReason: "timeout" });
    expect(signals[0]!.aborted).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(signals[1]).toBe(signals[0]);
    // A handler that spreads its ctx copies the documented fields and nothing of the engine's own state.
    expect(Object.keys(spread).filter((key) => key !== "signal").sort()).toEqual(["logger", "sessionId", "vars"]);
    expect(spread.vars).toEqual({ a: 1 });
  });

  it("gives a handler that answers in time a signal that never aborts", async () => {
    let signal: AbortSignal | undefined;
    const quick: IvrApp = { name: "quick", answer: async (_event, ctx) => ((signal = ctx.signal), { callflow: [{ action: "hangup" }] }) };
    expect(await answerWithBudget(quick, event, { sessionId: "s", vars: {}, logger }, new Deadlines(20), new AnswerChecker())).toMatchObject({ fallbackReason: null });
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(signal!.aborted).toBe(false);
  });
});
