/**
 * Shared frozen answers: the contract between the flow engine and the server, in one place.
 *
 * An IVR sends the same few answers over and over: a menu's prompt with the caller's bookmark.
 * Building, serialising and validating such an answer on every VCA costs more than the rest of
 * the VCA's work, so the two sides agree on this:
 *
 * - **The engine** (`ivr/`) builds the actions of a template-free prompt once, deep-freezes them,
 *   and hands out the SAME answer object for them each time the same bookmark goes with them
 *   (`SharedAnswers`, one per callflow and bookmark, bounded). A shared answer is never
 *   changed afterwards; freezing makes that a fact rather than a promise. Anything rendered per
 *   call (a templated prompt, a handler's answer) is a new object each time.
 * - **The server** (`server/answer-checker.ts`) serialises and validates an answer once, and
 *   remembers the text it sent by the answer's identity (`RememberedByIdentity`), so the same
 *   object is never serialised again. It trusts identity only for deeply frozen plain data
 *   (`isFrozenPlainData`): an answer frozen on top only, or holding getters, `toJSON` or class
 *   instances, could serialise differently next time, so it is serialised and checked every time.
 *   An answer it refused is never remembered.
 *
 * Neither side needs the other to hold up its end for correctness: an unshared answer is only
 * slower, and the server never trusts an object that could change.
 *
 * @example
 * const shared = new SharedAnswers<{ action: string }>();
 * const callflow = deepFreeze([{ action: "hangup" }]);
 * shared.answer(callflow, "sb1.main.-.Xq3v_9aB") === shared.answer(callflow, "sb1.main.-.Xq3v_9aB"); // true
 * isFrozenPlainData(shared.answer(callflow, null)); // true: the server may recognise it by identity
 */

/** Freezes `value` and everything reachable from it; returns it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * True when `value` is JSON-like data that can never change: primitives, and frozen arrays and
 * plain objects whose own properties are all data properties holding such values.
 */
export function isFrozenPlainData(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return typeof value !== "function" && typeof value !== "symbol" && typeof value !== "bigint";
  if (!Object.isFrozen(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  if (Array.isArray(value) ? prototype !== Array.prototype : prototype !== Object.prototype && prototype !== null) return false;
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key === "symbol" || key === "toJSON") return false;
    const descriptor = Object.getOwnPropertyDescriptor(value, key)!;
    if (!("value" in descriptor) || !isFrozenPlainData(descriptor.value)) return false;
  }
  return true;
}

/** The envelope of a VCA answer, generic in its actions: util knows nothing of the wire model. */
export interface AnswerEnvelope<A> {
  clientActionId?: string;
  callflow: A[];
}

/** Shared answers kept per callflow: one per bookmark seen (a deep flow has many). */
const ANSWERS_PER_CALLFLOW = 256;

/**
 * The engine's half of the contract: the answer for a callflow and a bookmark. When the callflow
 * array is frozen, the same frozen answer object comes back for the same bookmark; when it is
 * not, a new answer each time (it may change, so it cannot be shared). The answer wraps the
 * callflow array itself, never a copy. A frozen callflow whose actions are deeply frozen gives an
 * answer the server recognises by identity; one frozen only on top (a handler's own) is still
 * shared, and the server serialises it each time.
 *
 * @example
 * const answers = new SharedAnswers<Action>();
 * answers.answer(promptActions, codec.encode(bookmark)); // the same object for the same bookmark
 */
export class SharedAnswers<A> {
  // Keyed by the callflow's identity: it lives as long as the prompt that built it.
  private readonly byCallflow = new WeakMap<A[], Map<string | null, AnswerEnvelope<A>>>();

  constructor(private readonly perCallflow = ANSWERS_PER_CALLFLOW) {}

  /** The answer of `callflow` with `clientActionId` (no clientActionId when null). */
  answer(callflow: A[], clientActionId: string | null): AnswerEnvelope<A> {
    if (!Object.isFrozen(callflow)) return envelope(clientActionId, callflow);
    let byBookmark = this.byCallflow.get(callflow);
    if (byBookmark === undefined) this.byCallflow.set(callflow, (byBookmark = new Map()));
    let answer = byBookmark.get(clientActionId);
    if (answer === undefined) {
      // Bounded by starting over: a flow's bookmarks are few, and the busy ones come back at once.
      if (byBookmark.size >= this.perCallflow) byBookmark.clear();
      byBookmark.set(clientActionId, (answer = Object.freeze(envelope(clientActionId, callflow))));
    }
    return answer;
  }
}

function envelope<A>(clientActionId: string | null, callflow: A[]): AnswerEnvelope<A> {
  return clientActionId === null ? { callflow } : { clientActionId, callflow };
}

/**
 * The server's half of the contract: remembers a value (the checked text of an answer) by the
 * identity of an object that is deeply frozen plain data, and only of such an object, since
 * nothing else is sure to serialise the same way next time.
 *
 * @example
 * const texts = new RememberedByIdentity<string>();
 * texts.remember(answer, JSON.stringify(answer)); // ignored unless isFrozenPlainData(answer)
 * texts.get(answer); // the text, without serialising again
 */
export class RememberedByIdentity<V> {
  private readonly byIdentity = new WeakMap<object, V>();

  /** What was remembered for this very object; undefined for anything else, without walking it. */
  get(candidate: unknown): V | undefined {
    return typeof candidate === "object" && candidate !== null && Object.isFrozen(candidate) ? this.byIdentity.get(candidate) : undefined;
  }

  /** Remembers `value` for `candidate` when it is deeply frozen plain data; otherwise does nothing. */
  remember(candidate: unknown, value: V): void {
    if (typeof candidate === "object" && candidate !== null && isFrozenPlainData(candidate)) this.byIdentity.set(candidate, value);
  }
}
