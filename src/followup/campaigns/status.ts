/**
 * A campaign's status as the control API reports it (`GET /api/campaigns/:name`) and `switchboard
 * campaign status` shows it: its settings, its state (SPEC 5a: CREATED, RUNNING, PAUSED, COMPLETE,
 * CANCELED) and its progress in the words of the live display: calls placed (retries included),
 * in progress (an attempt open: until its summary, or until it turns unknown), each final
 * outcome, retrying (waiting for another attempt) and left (not called yet).
 *
 * @example
 * campaignStatus(await store.outbound.getCampaign("spring"), await store.outbound.getCampaignProgress("spring"));
 * // { name: "spring", state: "RUNNING", progress: { placed: 130, inProgress: 20, completed: 80, ... } }
 */
import type { CampaignProgress, CampaignRecord, CampaignState, OutboundState } from "../../store/index.js";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "../retry-policy.js";
import type { CampaignSettings } from "./campaign-request.js";

/** Where a campaign's contacts stand. */
export interface CampaignCounts {
  /** Calls placed so far, retries included. */
  placed: number;
  /** Contacts with a call in progress. */
  inProgress: number;
  completed: number;
  unreachable: number;
  failed: number;
  /** Ended in a session error that is not retried (or no attempt was left). */
  error: number;
  /** Not called because the campaign was canceled. */
  canceled: number;
  /** Called at least once and waiting for another attempt. */
  retrying: number;
  /** Not called yet. */
  left: number;
}

/** A campaign with its settings and progress. */
export interface CampaignStatus {
  name: string;
  state: CampaignState;
  flow: string;
  from: string;
  rate: number;
  concurrency: number;
  maxAttempts: number;
  /** The calling window (`09:00-20:00`), when the campaign set one. */
  window: string | null;
  timezone: string | null;
  /** The contacts file's name, as given. */
  file: string | null;
  /** Rows of the file left out (`skipInvalid`). */
  skipped: number;
  createdAt: string;
  updatedAt: string;
  /** Contacts in the campaign. */
  total: number;
  /** Contacts whose request has ended (any final state). */
  done: number;
  progress: CampaignCounts;
}

const FINAL: readonly OutboundState[] = ["completed", "unreachable", "failed", "error", "canceled"];

/** The status of a stored campaign. */
export function campaignStatus(record: CampaignRecord, progress: CampaignProgress): CampaignStatus {
  const count = (state: OutboundState) => record.counts[state] ?? 0;
  const settings = (record.settings ?? {}) as Partial<CampaignSettings>;
  const policy = (record.policy ?? {}) as Partial<RetryPolicy>;
  return {
    name: record.name,
    state: record.state,
    flow: record.flow,
    from: record.from,
    rate: record.rate,
    concurrency: record.concurrency,
    maxAttempts: typeof policy.maxAttempts === "number" ? policy.maxAttempts : DEFAULT_RETRY_POLICY.maxAttempts,
    window: settings.window ?? null,
    timezone: settings.timezone ?? null,
    file: settings.file ?? null,
    skipped: settings.skipped ?? 0,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    total: record.total,
    done: FINAL.reduce((sum, state) => sum + count(state), 0),
    progress: {
      placed: progress.attempts,
      inProgress: count("dialing"),
      completed: count("completed"),
      unreachable: count("unreachable"),
      failed: count("failed"),
      error: count("error"),
      canceled: count("canceled"),
      retrying: progress.retrying,
      left: Math.max(0, count("scheduled") - progress.retrying),
    },
  };
}
