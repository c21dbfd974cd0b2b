/**
 * "Never leave a caller in silence": runs the app's answer under a time budget, checks what it
 * returns the way 8x8 would (`validateCallflow`, answer mode), and says which fallback reason
 * applies when it cannot be sent. When the store cannot load the session, `answerFromBookmark`
 * does the same with the app's `answerWithoutStore`, for the steps that need no stored variables.
 *
 * @example
 * const outcome = await answerWithBudget(app, event, ctx, new Deadlines(2000), new AnswerChecker());
 * if (outcome.fallbackReason) reply.send(fallback);
 */
import type { CallActionEvent, HandlerContext, IvrApp, Logger, SessionVariables } from "../ivr/index.js";
import type { VcaAnswer } from "../voice/index.js";
import type { FallbackReason } from "../store/index.js";
import type { Deadlines } from "./deadlines.js";
import { SwitchboardError } from "../util/index.js";
import { ServerConfigError } from "./errors.js";
import { answerProblem, type AnswerChecker } from "./answer-checker.js";

/** What the caller hears when no better answer exists: a short apology, then hangup. */
export const DEFAULT_FALLBACK: VcaAnswer = {
  callflow: [
    { action: "say", params: { text: "Sorry, we cannot take your call right now. Please call again later. Goodbye.", voiceProfile: "en-US-BenjaminRUS" } },
    { action: "hangup" },
  ],
};

export type AnswerOutcome =
  | { answer: VcaAnswer; text: string; fallbackReason: null }
  | { answer: null; fallbackReason: FallbackReason; error: unknown };

/** Logged with the fallback it caused, so the log line carries a code to look up. */
class HandlerTimeout extends SwitchboardError<"SB_SERVER_HANDLER_TIMEOUT"> {
  override readonly name = "HandlerTimeout";
  constructor(readonly budgetMs: number) {
    super("SB_SERVER_HANDLER_TIMEOUT", `the app did not answer within its ${budgetMs} ms budget`);
  }
}

/** Throws SB_SERVER_BAD_FALLBACK at startup rather than discovering a broken fallback mid-call. */
export function checkFallback(answer: VcaAnswer, origin: string): VcaAnswer {
  const problem = answerProblem(answer);
  if (problem) throw new ServerConfigError("SB_SERVER_BAD_FALLBACK", `${origin} fallback is not a valid VCA answer: ${problem}`);
  return answer;
}

/**
 * The context a handler gets. Most handlers never look at `signal`, and an AbortController costs
 * more than the rest of a VCA's bookkeeping: it is made when first read, already aborted if the
 * budget ran out by then. A class, not an object literal with a getter: V8 builds such a literal
 * (spread plus accessor) at about 40 times the cost of an instance.
 */
class BudgetedContext implements HandlerContext {
  // Private to the engine (#): a handler that spreads its ctx copies only the documented fields.
  #controller: AbortController | undefined;
  #timedOut = false;

  constructor(
    public sessionId: string,
    public vars: SessionVariables,
    public logger: Logger,
  ) {}

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#timedOut) this.#controller.abort();
    }
    return this.#controller.signal;
  }

  /** The budget ran out: the signal (now or when first read) is aborted. */
  expire(): void {
    this.#timedOut = true;
    this.#controller?.abort();
  }
}

/** Rejects the storeless answer of a step that needs the session's variables (never seen outside). */
const NEEDS_STORE = new Error("this step needs the session's stored variables");

/**
 * The store could not load the session: the app's answer from the bookmark alone, under the same
 * budget and checks as `answerWithBudget`, or null when the app cannot answer this step without
 * the session's variables (or has no `answerWithoutStore`). Never rejects.
 */
export async function answerFromBookmark(
  app: IvrApp,
  event: CallActionEvent,
  context: Omit<HandlerContext, "signal" | "vars">,
  deadlines: Deadlines,
  checker: AnswerChecker,
): Promise<AnswerOutcome | null> {
  const withoutStore = app.answerWithoutStore;
  if (withoutStore === undefined) return null;
  const storeless: IvrApp = {
    name: app.name,
    answer: async (e, ctx) => (await withoutStore.call(app, e, ctx)) ?? Promise.reject(NEEDS_STORE),
  };
  // No variables were loaded, and none are kept: the app never reads these (it says null instead).
  const outcome = await answerWithBudget(storeless, event, { ...context, vars: {} }, deadlines, checker);
  return outcome.fallbackReason === "error" && outcome.error === NEEDS_STORE ? null : outcome;
}

/**
 * Asks the app for its answer under the time budget `deadlines` measures, and checks it. Resolves
 * with the answer and its text, or with the reason the fallback must be sent; never rejects.
 */
export function answerWithBudget(
  app: IvrApp,
  event: CallActionEvent,
  context: Omit<HandlerContext, "signal">,
  deadlines: Deadlines,
  checker: AnswerChecker,
): Promise<AnswerOutcome> {
  const handlerContext = new BudgetedContext(context.sessionId, context.vars, context.logger);
  return new Promise<AnswerOutcome>((resolve) => {
    const budget = deadlines.start(() => {
      handlerContext.expire();
      resolve({ answer: null, fallbackReason: "timeout", error: new HandlerTimeout(deadlines.budgetMs) });
    });
    const failed = (error: unknown) => {
      if (budget.finish()) resolve({ answer: null, fallbackReason: "error", error });
    };
    const answered = (answer: unknown) => {
      if (!budget.finish()) return;
      try {
        const checked = checker.check(answer);
        if ("problem" in checked) resolve({ answer: null, fallbackReason: "invalid", error: new SwitchboardError("SB_SERVER_INVALID_ANSWER", `invalid answer: ${checked.problem}`) });
        else resolve({ answer: checked.answer, text: checked.text, fallbackReason: null });
      } catch (error) {
        // An answer whose getters or toJSON throw: the caller still gets the fallback.
        resolve({ answer: null, fallbackReason: "invalid", error });
      }
    };
    try {
      Promise.resolve(app.answer(event, handlerContext)).then(answered, failed);
    } catch (error) {
      failed(error);
    }
  });
}
