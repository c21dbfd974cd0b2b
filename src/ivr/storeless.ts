/**
 * Answering a VCA while the store cannot load the session: a step that needs nothing stored
 * (plain menu navigation: the bookmark says which menu, the digits which option, and the option
 * leads to a prompt, a transfer, a hangup or an audio file without templates reading `vars`) is
 * answered from the bookmark; a step that needs the session's variables cannot be.
 *
 * Which steps need them is not worked out beside the engine (a second copy of its rules that could
 * drift): the engine answers as usual with `UNLOADED_VARIABLES` as `ctx.vars`, which throws
 * `NeedsStoredVariables` on any read or write (a template reading `vars`, a menu storing the
 * digits), and a handler is never called without the store (it may read or change anything).
 *
 * @example
 * try {
 *   return await engine.answer(event, { ...ctx, vars: UNLOADED_VARIABLES });
 * } catch (error) {
 *   if (error instanceof NeedsStoredVariables) return null; // the caller gets the fallback
 *   throw error;
 * }
 */
import type { SessionVariables } from "./types.js";

/** Thrown inside the engine when a step answered without the store needs the session's variables. */
export class NeedsStoredVariables extends Error {
  override readonly name = "NeedsStoredVariables";
  constructor(what: string) {
    super(`${what} needs the session's stored variables, which could not be loaded`);
  }
}

const refuse = (): never => {
  throw new NeedsStoredVariables("this step");
};

/**
 * The variables of a step answered without the store: reading, listing, testing or writing any
 * of them throws NeedsStoredVariables. One shared object (the engine compares by identity).
 */
export const UNLOADED_VARIABLES: SessionVariables = new Proxy<SessionVariables>(
  {},
  { get: refuse, set: refuse, has: refuse, ownKeys: refuse, getOwnPropertyDescriptor: refuse, defineProperty: refuse, deleteProperty: refuse },
);
