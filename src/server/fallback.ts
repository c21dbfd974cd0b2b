/**
 * "Never leave a caller in silence": runs the app's answer under a time budget, checks what it
 * returns the way 8x8 would (`validateCallflow`, answer mode), and says which fallback reason
 * applies when it cannot be sent.
 *
 * @example
 * const outcome = await answerWithBudget(app, event, ctx, 2000);
 * if (outcome.fallbackReason) reply.send(fallback);
 */
import type { CallActionEvent, HandlerContext, IvrApp } from "../ivr/index.js";
import { validateCallflow, type VcaAnswer } from "../voice/index.js";
import type { FallbackReason } from "../store/index.js";
import { ServerConfigError } from "./errors.js";

/** What the caller hears when no better answer exists: a short apology, then hangup. */
export const DEFAULT_FALLBACK: VcaAnswer = {
  callflow: [
    { action: "say", params: { text: "Sorry, we cannot take your call right now. Please call again later. Goodbye.", voiceProfile: "en-US-BenjaminRUS" } },
    { action: "hangup" },
  ],
};

export type AnswerOutcome =
  | { answer: VcaAnswer; fallbackReason: null }
  | { answer: null; fallbackReason: FallbackReason; error: unknown };

class HandlerTimeout extends Error {
  constructor(readonly budgetMs: number) {
    super(`the app did not answer within its ${budgetMs} ms budget`);
  }
}

/** Why an answer cannot be sent as is, or null when it can. */
export function answerProblem(answer: unknown): string | null {
  if (typeof answer !== "object" || answer === null || Array.isArray(answer)) return "the answer is not an object with a callflow";
  const { clientActionId, callflow, ...extra } = answer as Record<string, unknown>;
  const extraKeys = Object.keys(extra);
  if (extraKeys.length > 0) return `$.${extraKeys[0]}: is not part of a VCA answer (only clientActionId and callflow are)`;
  if (clientActionId !== undefined && typeof clientActionId !== "string") return "$.clientActionId: must be a string";
  const result = validateCallflow(callflow, { mode: "answer" });
  return result.ok ? null : `${result.statusCode} ${result.statusMessage}`;
}

/** Throws SB_SERVER_BAD_FALLBACK at startup rather than discovering a broken fallback mid-call. */
export function checkFallback(answer: VcaAnswer, origin: string): VcaAnswer {
  const problem = answerProblem(answer);
  if (problem) throw new ServerConfigError("SB_SERVER_BAD_FALLBACK", `${origin} fallback is not a valid VCA answer: ${problem}`);
  return answer;
}

export async function answerWithBudget(
  app: IvrApp,
  event: CallActionEvent,
  context: Omit<HandlerContext, "signal">,
  budgetMs: number,
): Promise<AnswerOutcome> {
  // Most handlers never look at ctx.signal, and an AbortController costs more than the rest of
  // this function: it is made when first read, already aborted if the budget ran out by then.
  let controller: AbortController | undefined;
  let timedOut = false;
  const handlerContext: HandlerContext = {
    ...context,
    get signal() {
      if (controller === undefined) {
        controller = new AbortController();
        if (timedOut) controller.abort();
      }
      return controller.signal;
    },
  };
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      controller?.abort();
      reject(new HandlerTimeout(budgetMs));
    }, budgetMs);
  });
  try {
    // A synchronous throw inside answer() must become a rejection, hence the extra then().
    const answer = await Promise.race([Promise.resolve().then(() => app.answer(event, handlerContext)), deadline]);
    const problem = answerProblem(answer);
    if (problem) return { answer: null, fallbackReason: "invalid", error: new Error(`invalid answer: ${problem}`) };
    const { clientActionId, callflow } = answer;
    return { answer: clientActionId === undefined ? { callflow } : { clientActionId, callflow }, fallbackReason: null };
  } catch (error) {
    return { answer: null, fallbackReason: error instanceof HandlerTimeout ? "timeout" : "error", error };
  } finally {
    clearTimeout(timer);
  }
}
