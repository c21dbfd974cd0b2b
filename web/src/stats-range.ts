/**
 * What the flow and stats pages share: the time range selector's choices (a span the read API's
 * `since` takes, or every stored session), the choice remembered in this browser, and a reload
 * when calls end (`summary` events of the live feed), at most once per `REFRESH_MS`.
 */
import { useEffect, useState } from "preact/hooks";
import { live } from "./live.js";

/** The ranges offered, as `since` spans; `all` sends no `since`. */
export const RANGES = [
  { value: "1h", label: "Last hour" },
  { value: "24h", label: "Last 24 hours" },
  { value: "7d", label: "Last 7 days" },
  { value: "30d", label: "Last 30 days" },
  { value: "all", label: "All stored calls" },
] as const;

/** One of `RANGES`. */
export type Range = (typeof RANGES)[number]["value"];

const KEY = "switchboard.range";
const DEFAULT: Range = "7d";
/** The least time between two reloads caused by calls ending. */
export const REFRESH_MS = 2000;

/** The `since` to send for a range; undefined for `all`. */
export function sinceOf(range: Range): string | undefined {
  return range === "all" ? undefined : range;
}

/** The range's label, lower case, for sentences ("in the last 24 hours"). */
export function rangeLabel(range: Range): string {
  return RANGES.find((choice) => choice.value === range)?.label.toLowerCase() ?? range;
}

function stored(): Range {
  try {
    const value = localStorage.getItem(KEY);
    return RANGES.some((choice) => choice.value === value) ? (value as Range) : DEFAULT;
  } catch {
    return DEFAULT;
  }
}

/** The chosen range, kept in localStorage so the flow and stats pages (and a reload) share it. */
export function useRange(): [Range, (range: Range) => void] {
  const [range, setRange] = useState<Range>(stored);
  const choose = (next: Range) => {
    try {
      localStorage.setItem(KEY, next);
    } catch {
      // Private mode without storage: the choice lasts for this page only.
    }
    setRange(next);
  };
  return [range, choose];
}

/**
 * A number that goes up when a call ends (a `summary` event) or the feed reconnects, at most once
 * per `REFRESH_MS` (a burst of calls ending is one reload, made after the burst's first), for a
 * view to reload its counts with.
 */
export function useCallsEnded(): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const bump = () => {
      if (timer !== undefined) return;
      const wait = Math.max(0, last + REFRESH_MS - Date.now());
      timer = setTimeout(() => {
        timer = undefined;
        last = Date.now();
        setTick((n) => n + 1);
      }, wait);
    };
    const offEvent = live.onEvent((event) => {
      if (event.type === "summary") bump();
    });
    const offState = live.onState((_state, reconnected) => {
      if (reconnected) bump();
    });
    return () => {
      offEvent();
      offState();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, []);
  return tick;
}


/** The range as the end of a sentence: "in the last hour", "of all stored calls". */
export function inRange(range: Range): string {
  return range === "all" ? "among all stored calls" : `in the ${rangeLabel(range)}`;
}
