/**
 * Builds an `OutboundStore` whose every method hands its name and arguments to one function: how
 * the SQLite stores pass the outbound port to their operations (through the worker thread, or
 * in-thread) without a hand-written forwarder per method.
 */
import type { OutboundStore } from "./outbound-types.js";

/** Every method of the port; the type makes the list complete. */
const METHODS: { readonly [K in keyof OutboundStore]: true } = {
  addOutboundRequests: true,
  getOutboundRequest: true,
  findAttempt: true,
  openDueAttempts: true,
  placeAttempt: true,
  closeAttempt: true,
  withdrawAttempt: true,
  listExpiredAttempts: true,
  countOpenAttempts: true,
  listOutboundRequests: true,
  listOutboundResults: true,
  createCampaign: true,
  getCampaign: true,
  listCampaigns: true,
  getCampaignProgress: true,
  setCampaignState: true,
  claimJobs: true,
  finishJob: true,
  deferJob: true,
  nextDueAt: true,
};

/** A method name of the outbound port. */
export type OutboundMethod = keyof OutboundStore;

/** The port, each call going to `invoke(method, args)`. */
export function delegateOutbound(invoke: (method: OutboundMethod, args: unknown[]) => Promise<unknown>): OutboundStore {
  const store: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const method of Object.keys(METHODS) as OutboundMethod[]) store[method] = (...args) => invoke(method, args);
  return store as unknown as OutboundStore;
}
