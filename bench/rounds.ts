/**
 * Alternating rounds: several servers measured in one run, taking turns (the order rotating from
 * round to round), so a burst of other load on this shared machine, whose speed
 * drifts by a factor of two within seconds, falls on all of them alike. Ratios are taken round by
 * round (each target against the other in the same round) and their median is the figure to
 * quote; the pooled figures (all answers over all time) move with where the slow spells fall.
 */
import type { ChildProcess } from "node:child_process";
import { childCpu, childStats, median, ownCpuMicros, percentile } from "./harness.js";

export interface Endpoint {
  child: ChildProcess;
  port: number;
}

/** What one round against one server gives. */
export interface RoundLoad {
  requests: number;
  seconds: number;
  latenciesMs: number[];
  errors: number;
  /** The latencies again by kind of request (VCA, VSS), pooled over the rounds. */
  byKind?: Record<string, number[]>;
}

/** One target's rounds, pooled and round by round. */
export interface TargetRounds {
  requests: number;
  seconds: number;
  errors: number;
  latenciesMs: number[];
  byKind: Record<string, number[]>;
  /** CPU time over the rounds: the server process (all threads, and its main thread) and the load generator. */
  serverCpuMicros: number;
  serverMainThreadMicros: number;
  loadCpuMicros: number;
  /** Requests per second, p50 and p99 of each round, in round order. */
  rates: number[];
  p50s: number[];
  p99s: number[];
  /** The server's own measurements of each round (bench/server-stats.ts), when it keeps them. */
  stats: unknown[];
}

/** The order of round `round`: rotated by the round's number, so each target takes each place in turn. */
function order<N>(names: N[], round: number): N[] {
  const shift = round % names.length;
  return [...names.slice(shift), ...names.slice(0, shift)];
}

/** Runs `rounds` rounds of `load` against every endpoint in turn; see the module comment. */
export async function alternate<N extends string>(endpoints: Record<N, Endpoint>, rounds: number, load: (endpoint: Endpoint, name: N) => Promise<RoundLoad>): Promise<Record<N, TargetRounds>> {
  const names = Object.keys(endpoints) as N[];
  const totals = Object.fromEntries(
    names.map((name) => [name, { requests: 0, seconds: 0, errors: 0, latenciesMs: [], byKind: {}, serverCpuMicros: 0, serverMainThreadMicros: 0, loadCpuMicros: 0, rates: [], p50s: [], p99s: [], stats: [] }]),
  ) as unknown as Record<N, TargetRounds>;
  for (let round = 0; round < rounds; round++) {
    for (const name of order(names, round)) {
      const endpoint = endpoints[name];
      await childStats(endpoint.child); // starts the server's measurements over
      const cpuBefore = await childCpu(endpoint.child);
      const loadBefore = ownCpuMicros();
      const run = await load(endpoint, name);
      const loadCpu = ownCpuMicros() - loadBefore;
      const cpuAfter = await childCpu(endpoint.child);
      const stats = await childStats(endpoint.child);
      const total = totals[name];
      total.serverCpuMicros += cpuAfter.cpuMicros - cpuBefore.cpuMicros;
      total.serverMainThreadMicros += cpuAfter.mainThreadMicros - cpuBefore.mainThreadMicros;
      total.loadCpuMicros += loadCpu;
      total.requests += run.requests;
      total.seconds += run.seconds;
      total.errors += run.errors;
      for (const ms of run.latenciesMs) total.latenciesMs.push(ms);
      for (const [kind, list] of Object.entries(run.byKind ?? {})) for (const ms of list) (total.byKind[kind] ??= []).push(ms);
      const sorted = [...run.latenciesMs].sort((a, b) => a - b);
      total.rates.push(run.requests / run.seconds);
      total.p50s.push(percentile(sorted, 50));
      total.p99s.push(percentile(sorted, 99));
      if (stats !== null) total.stats.push(stats);
    }
  }
  return totals;
}

/** A target's pooled figures: requests per second, p50/p99 (ms) and CPU per request (µs). */
export interface TargetFigures {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  serverCpuPerRequest: number;
  serverMainThreadPerRequest: number;
  loadCpuPerRequest: number;
  /** p50 and p99 by kind of request (ms). */
  byKind: Record<string, { count: number; p50: number; p99: number }>;
}

export function figures(rounds: TargetRounds): TargetFigures {
  const sorted = [...rounds.latenciesMs].sort((a, b) => a - b);
  return {
    rps: rounds.requests / rounds.seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    requests: rounds.requests,
    errors: rounds.errors,
    serverCpuPerRequest: rounds.serverCpuMicros / rounds.requests,
    serverMainThreadPerRequest: rounds.serverMainThreadMicros / rounds.requests,
    loadCpuPerRequest: rounds.loadCpuMicros / rounds.requests,
    byKind: Object.fromEntries(
      Object.entries(rounds.byKind).map(([kind, list]) => {
        const ordered = [...list].sort((a, b) => a - b);
        return [kind, { count: ordered.length, p50: percentile(ordered, 50), p99: percentile(ordered, 99) }];
      }),
    ),
  };
}

/** The median of the round-by-round ratios a[i] / b[i], with their range. */
export interface Ratio {
  median: number;
  min: number;
  max: number;
}

export function roundRatio(a: number[], b: number[]): Ratio {
  const ratios = a.map((value, i) => value / (b[i] ?? Number.NaN)).sort((x, y) => x - y);
  return { median: median(ratios), min: ratios[0] ?? Number.NaN, max: ratios.at(-1) ?? Number.NaN };
}

/** Each number in a list of like-shaped objects replaced by its median across the list (for per-round server stats). */
export function medianShape(list: unknown[]): unknown {
  const first = list[0];
  if (typeof first === "number") return median((list as number[]).filter((n) => !Number.isNaN(n)).sort((a, b) => a - b));
  if (Array.isArray(first)) return first.map((_, i) => medianShape(list.map((item) => (item as unknown[])[i] ?? 0)));
  if (first === null || typeof first !== "object") return first;
  const keys = new Set(list.flatMap((item) => Object.keys(item as object)));
  return Object.fromEntries([...keys].map((key) => [key, medianShape(list.map((item) => (item as Record<string, unknown>)[key]).filter((v) => v !== undefined))]));
}
