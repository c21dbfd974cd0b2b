/**
 * Who may read the campaigns (`GET /api/campaigns...`): the control API's clients with the control
 * secret (as before), and the dashboard with the read API's own access (the read secret, or a
 * signed-in browser's cookie). Only reads get this guard: a read secret never passes a route that
 * changes anything, which keeps the control guards alone.
 *
 * @example
 * const guards = readGuardsFor({ controlCheck, controlGuards, readAccess: server.switchboardDashboard?.access.read });
 * if (guards) server.register(campaignReadRoutes, { store, guards });
 */
import type { Guard } from "../../server/index.js";

/** What decides the read guards. */
export interface ReadGuardsInput {
  /** Whether the control API is served (a control secret, or `insecure`). */
  controlled: boolean;
  /** The control secret's check; null when the control API is served without one (`insecure`). */
  controlCheck: ((header: string | string[] | undefined) => boolean) | null;
  /** The control API's guards (the allowlist, then the control secret). */
  controlGuards: readonly Guard[];
  /** The read API's guards (empty: reads are open, as `insecure` without a read secret makes them); undefined when unknown. */
  readAccess: readonly Guard[] | undefined;
}

/** Runs `guards` in turn, each on the previous one's `done`; the first refusal answers. */
export function chain(guards: readonly Guard[]): Guard {
  return function chained(this: unknown, request, reply, done) {
    const step = (index: number): void => {
      const guard = guards[index];
      if (!guard) return done();
      guard.call(this as never, request, reply, (error?: Error) => (error ? done(error) : step(index + 1)));
    };
    step(0);
  };
}

/**
 * The read routes' guards, or null when nobody could pass them (no control API and no read
 * access known: the routes are not served, so the dashboard sees 404 and hides its page).
 */
export function readGuardsFor(input: ReadGuardsInput): Guard[] | null {
  const { controlled, controlCheck, controlGuards, readAccess } = input;
  // The control API without a secret (insecure) is open to read as it is to change.
  if (controlled && controlCheck === null) return [...controlGuards];
  if (readAccess === undefined) return controlled ? [...controlGuards] : null;
  if (!controlled || controlCheck === null) return [...readAccess];
  const control = chain(controlGuards);
  const read = chain(readAccess);
  return [(request, reply, done) => (controlCheck(request.headers.authorization) ? control : read).call(request.server, request, reply, done)];
}
