/**
 * Whether an app's answer can be sent, judged the way 8x8 would (`validateCallflow`, answer
 * mode), and the JSON text that is sent for it.
 *
 * @example
 * const checked = new AnswerChecker().check(answer);
 * if ("problem" in checked) sendFallback(); else reply.send(checked.text);
 */
import { validateCallflow, type VcaAnswer } from "../voice/index.js";
import { deepFreeze, RememberedByIdentity } from "../util/index.js";

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

const CHECKED_TEXTS_LIMIT = 2048;

type Checked = { answer: VcaAnswer; text: string };

/**
 * Turns the app's answers into the JSON text sent to 8x8, validating what that text says (so a
 * verdict depends on the bytes sent alone, never on the object's getters, `toJSON` or undefined
 * fields). An IVR sends the same few answers over and over (a menu's prompt and bookmark), so the
 * texts found valid are remembered with their parsed, frozen answer, and an identical text is
 * neither parsed nor validated again. A shared frozen answer, as the flow engine hands out for a
 * template-free prompt, is recognised by identity and not even serialised again: that is the
 * server's half of the contract in util/frozen.ts.
 */
export class AnswerChecker {
  private readonly valid = new Map<string, VcaAnswer>();
  private readonly byIdentity = new RememberedByIdentity<Checked>();

  /** The answer (as parsed back from its text) and the text, or why it cannot be sent. */
  check(candidate: unknown): Checked | { problem: string } {
    const seen = this.byIdentity.get(candidate);
    if (seen !== undefined) return seen;
    const checked = this.checkText(candidate);
    // Never a refusal: an invalid answer is judged again each time it is given.
    if ("text" in checked) this.byIdentity.remember(candidate, checked);
    return checked;
  }

  private checkText(candidate: unknown): Checked | { problem: string } {
    let text: string | undefined;
    try {
      text = JSON.stringify(candidate);
    } catch (error) {
      return { problem: `the answer cannot be written as JSON (${(error as Error).message})` };
    }
    if (text === undefined) return { problem: "the answer is not an object with a callflow" };
    const known = this.valid.get(text);
    if (known !== undefined) return { answer: known, text };
    const sent = JSON.parse(text) as unknown;
    const problem = answerProblem(sent);
    if (problem) return { problem };
    const answer = deepFreeze(sent as VcaAnswer);
    if (this.valid.size >= CHECKED_TEXTS_LIMIT) this.valid.clear();
    this.valid.set(text, answer);
    return { answer, text };
  }
}
