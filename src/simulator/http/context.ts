/**
 * What every route needs: the platform state, the engine, the clock and the id source. Routes
 * receive it instead of importing singletons, so two simulators in one process never share state.
 */
import type { Clock } from "../clock.js";
import type { Engine } from "../engine.js";
import type { CallRateLimiter } from "../limits.js";
import type { Platform } from "../platform.js";

export interface RouteContext {
  platform: Platform;
  engine: Engine;
  clock: Clock;
  newId: () => string;
  voiceProfiles?: ReadonlySet<string>;
  /** Send Callflow's calls-per-second limit, when one is configured. */
  rateLimiter?: CallRateLimiter;
}

/** Marks a request body that arrived but was not JSON, so routes can answer in 8x8's words. */
export const INVALID_JSON = Symbol("invalid JSON");
