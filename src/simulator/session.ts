/**
 * A simulated session and its legs (callA, callB, ...), plus the transcript they write. The
 * runner changes them; the event builders and the summary derivation only read them.
 *
 * @example
 * const leg = openLeg(session, { direction: "INBOUND", source: "+6591234567", destination: "+6560000001", ... });
 * note(session, { kind: "answered", leg: leg.key });
 */
import type { CallDirection, ErrorDetails, LastAction, LegStatus, VssEvent } from "../voice/index.js";
import type { SessionClock } from "./clock.js";
import type { TranscriptEntry, TranscriptInput } from "./transcript.js";

export interface Leg {
  /** The leg's key in the VSS `details`: callA, callB, ... */
  key: string;
  callId: string;
  direction: CallDirection;
  source: string;
  destination: string;
  sourceRefId: string | null;
  destinationRefId: string | null;
  initiatedAt: number;
  connectedAt?: number;
  disconnectedAt?: number;
  /** Final status, set when the leg ends. */
  status?: LegStatus;
  sipCode: number;
}

export type EndedBy = "caller" | "callee" | "app" | "platform";

/** The controls of an interactive caller (live-caller.ts), as the control API reaches them. */
export interface LiveControls {
  /** Whether the call is still up for the caller: not hung up, not ended by anyone. */
  readonly open: boolean;
  /** Keys pressed now (0-9, * and #): buffered for a capture that listens, else noted and ignored. */
  press(keys: string): void;
  /** The caller hangs up now. */
  hangUp(): void;
}

/** Hears every transcript entry as it is written. */
export type TranscriptWatcher = (entry: TranscriptEntry) => void;

export interface Session {
  id: string;
  subAccountId: string;
  /** How the session began: an inbound call to a virtual number, or a Send Callflow's outbound call. */
  direction: CallDirection;
  /** The first call's caller and callee (+E.164). */
  from: string;
  to: string;
  clock: SessionClock;
  startedAt: number;
  endedAt?: number;
  legs: Leg[];
  transcript: TranscriptEntry[];
  /** The last action the platform ran, as the VSS names it. */
  lastAction?: LastAction;
  clientRequestId?: string;
  /** The bookmark the next VCA echoes. */
  clientActionId?: string;
  error?: ErrorDetails;
  endedBy?: EndedBy;
  state: "running" | "ended";
  vss?: VssEvent;
  /** An interactive call's caller, whose keys and hang-up arrive while it runs; absent for a scripted call. */
  live?: LiveControls;
  /** Who hears entries as they are written (the control API's event streams). */
  watchers: Set<TranscriptWatcher>;
  /** Settles when the session has ended and its VSS deliveries are over. */
  done: Promise<void>;
  markDone: () => void;
}

export interface NewSession {
  id: string;
  subAccountId: string;
  direction: CallDirection;
  from: string;
  to: string;
  clock: SessionClock;
  clientRequestId?: string;
  clientActionId?: string;
}

/** A running session with no legs yet. */
export function createSession(init: NewSession): Session {
  let markDone = () => {};
  const done = new Promise<void>((resolve) => (markDone = resolve));
  return {
    ...init,
    startedAt: init.clock.now(),
    legs: [],
    transcript: [],
    watchers: new Set(),
    state: "running",
    done,
    markDone,
  };
}

/** Appends a transcript entry stamped with the session's simulated time. */
export function note(session: Session, entry: TranscriptInput): void {
  const now = session.clock.now();
  const written = {
    at: new Date(now).toISOString(),
    t: Math.max(0, Math.round(now - session.startedAt)),
    ...entry,
  } as TranscriptEntry;
  session.transcript.push(written);
  for (const watcher of session.watchers) {
    try {
      watcher(written);
    } catch {
      // A watcher's mistake (a closed stream) must not stop the call.
    }
  }
}

export type NewLeg = Omit<Leg, "key" | "initiatedAt" | "sipCode">;

/** Opens the next leg (callA first) at the current simulated time. */
export function openLeg(session: Session, init: NewLeg): Leg {
  const key = `call${String.fromCharCode(65 + session.legs.length)}`;
  const leg: Leg = { ...init, key, initiatedAt: session.clock.now(), sipCode: 100 };
  session.legs.push(leg);
  return leg;
}

/** Whether the leg was answered and has not hung up yet. */
export function isUp(leg: Leg | undefined): leg is Leg {
  return leg !== undefined && leg.connectedAt !== undefined && leg.disconnectedAt === undefined;
}

/** Ends a leg; an answered leg ends COMPLETED unless told otherwise. */
export function closeLeg(session: Session, leg: Leg, status?: LegStatus): void {
  if (leg.disconnectedAt !== undefined) return;
  leg.disconnectedAt = session.clock.now();
  leg.status = status ?? (leg.connectedAt !== undefined ? "COMPLETED" : "CANCELED");
}

/** Whole seconds a leg was connected (0 when never answered). */
export function connectedSeconds(leg: Leg, now: number): number {
  if (leg.connectedAt === undefined) return 0;
  return Math.max(0, Math.round(((leg.disconnectedAt ?? now) - leg.connectedAt) / 1000));
}
