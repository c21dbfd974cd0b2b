/**
 * A small Prometheus client: counters and histograms with labels, in a Registry that renders the
 * text exposition format. It exists because the webhook hot path counts on every request, and a
 * general client (prom-client) sorts and hashes the label object on every inc/observe.
 *
 * Here a series is found by walking one Map per declared label (in labelNames order), keyed by the
 * label's value: no sorting, no key building, and a series once created is a plain object whose
 * number is bumped in place. A caller that always uses the same labels can bind them once with
 * `child()` and skip even the lookup.
 */
import { checkNames, family, labelPairs, PROMETHEUS_CONTENT_TYPE, sampleLine } from "./prometheus-text.js";

/** Label values by label name; a missing label is left out of the exposition. */
export type LabelValues<L extends string> = Partial<Record<L, string | number>>;

export interface MetricConfig<L extends string> {
  name: string;
  help: string;
  labelNames: readonly L[];
}

export interface HistogramConfig<L extends string> extends MetricConfig<L> {
  /** Upper bounds of the buckets, strictly increasing; `+Inf` is always added. */
  buckets: readonly number[];
}

/** What `Counter.get()` returns: the same shape as prom-client's, for code written against it. */
export interface CounterSnapshot<L extends string> {
  name: string;
  help: string;
  type: "counter";
  values: { labels: LabelValues<L>; value: number }[];
}

interface Exposable {
  render(): string;
}

type Key = string | undefined;
interface Series {
  /** The label values as given (numbers turned into strings), for `get()`. */
  labels: Record<string, string>;
  /** The rendered `name="value"` pairs, escaped once at creation. */
  pairs: string;
}

/**
 * Finds (or creates) the series for a set of label values. One nested Map level per label, keyed
 * by that label's value, so a lookup is one `Map.get` per label and allocates nothing once the
 * series exists. Series are also kept in creation order for the exposition.
 */
class SeriesIndex<S extends Series> {
  readonly all: S[] = [];
  readonly #root = new Map<Key, unknown>();
  readonly #labelNames: readonly string[];
  readonly #create: (labels: Record<string, string>, pairs: string) => S;

  constructor(labelNames: readonly string[], create: (labels: Record<string, string>, pairs: string) => S) {
    this.#labelNames = labelNames;
    this.#create = create;
  }

  find(labels: Readonly<Record<string, string | number | undefined>>): S {
    const names = this.#labelNames;
    let node = this.#root;
    const last = names.length - 1;
    for (let i = 0; i < last; i++) {
      const key = keyOf(labels[names[i] as string]);
      let next = node.get(key) as Map<Key, unknown> | undefined;
      if (next === undefined) {
        next = new Map();
        node.set(key, next);
      }
      node = next;
    }
    const key = last < 0 ? undefined : keyOf(labels[names[last] as string]);
    const found = node.get(key) as S | undefined;
    if (found !== undefined) return found;
    const series = this.#add(labels);
    node.set(key, series);
    return series;
  }

  #add(labels: Readonly<Record<string, string | number | undefined>>): S {
    const values = this.#labelNames.map((name) => keyOf(labels[name]));
    const copy: Record<string, string> = {};
    this.#labelNames.forEach((name, i) => {
      const value = values[i];
      if (value !== undefined) copy[name] = value;
    });
    const series = this.#create(copy, labelPairs(this.#labelNames, values));
    this.all.push(series);
    return series;
  }
}

function keyOf(value: string | number | undefined): Key {
  return typeof value === "number" ? String(value) : value;
}

function checkIncrement(name: string, value: number): void {
  if (!(value >= 0)) throw new RangeError(`counter ${name} cannot be increased by ${value}: it only counts up`);
}

interface CounterSeries extends Series {
  value: number;
}

/**
 * A monotonic counter with labels. Make one with `registry.counter(...)`.
 *
 * @example
 * const answers = registry.counter({ name: "answers_total", help: "Answers sent", labelNames: ["source"] });
 * answers.inc({ source: "app" });
 * const fromApp = answers.child({ source: "app" }); // bound once, then
 * fromApp.inc();                                     // no lookup at all
 */
export class Counter<L extends string> implements Exposable {
  readonly name: string;
  readonly help: string;
  readonly #index: SeriesIndex<CounterSeries>;

  constructor(config: MetricConfig<L>) {
    checkNames(config.name, config.labelNames);
    this.name = config.name;
    this.help = config.help;
    this.#index = new SeriesIndex(config.labelNames, (labels, pairs) => ({ labels, pairs, value: 0 }));
  }

  /** Adds `value` (default 1, never negative) to the series with these label values. */
  inc(labels: LabelValues<L> = {}, value = 1): void {
    checkIncrement(this.name, value);
    this.#index.find(labels).value += value;
  }

  /**
   * The series for these label values, bound: its `inc()` skips the lookup. The series exists
   * (at 0) from this call on, so it shows in the exposition before its first count.
   */
  child(labels: LabelValues<L>): { inc(value?: number): void } {
    const series = this.#index.find(labels);
    const name = this.name;
    return {
      inc(value = 1) {
        checkIncrement(name, value);
        series.value += value;
      },
    };
  }

  /** The sum over all series: how many in total, whatever the labels. */
  total(): number {
    let sum = 0;
    for (const series of this.#index.all) sum += series.value;
    return sum;
  }

  /** Every series with its labels and value, in prom-client's `get()` shape. */
  async get(): Promise<CounterSnapshot<L>> {
    const values = this.#index.all.map((s) => ({ labels: { ...s.labels } as LabelValues<L>, value: s.value }));
    return { name: this.name, help: this.help, type: "counter", values };
  }

  /** This counter's family in the text exposition format. */
  render(): string {
    return family(this.name, this.help, "counter", this.#index.all.map((s) => sampleLine(this.name, s.pairs, s.value)));
  }
}

interface HistogramSeries extends Series {
  /** Observations per bucket (not cumulative); the last slot is `+Inf`. */
  counts: number[];
  sum: number;
  count: number;
}

/**
 * A histogram with labels: observations counted into fixed buckets, plus their sum and count.
 * Make one with `registry.histogram(...)`.
 *
 * @example
 * const latency = registry.histogram({ name: "duration_seconds", help: "Latency", labelNames: ["route"], buckets: [0.01, 0.1, 1] });
 * latency.observe({ route: "/webhooks/vca" }, 0.004);
 */
export class Histogram<L extends string> implements Exposable {
  readonly name: string;
  readonly help: string;
  readonly #bounds: readonly number[];
  readonly #index: SeriesIndex<HistogramSeries>;

  constructor(config: HistogramConfig<L>) {
    checkNames(config.name, config.labelNames);
    if (config.labelNames.includes("le" as L)) throw new Error(`histogram ${config.name} cannot have a label named le`);
    const bounds = [...config.buckets];
    bounds.forEach((bound, i) => {
      if (!Number.isFinite(bound) || (i > 0 && bound <= (bounds[i - 1] as number))) {
        throw new Error(`histogram ${config.name}: buckets must be finite and strictly increasing`);
      }
    });
    this.name = config.name;
    this.help = config.help;
    this.#bounds = bounds;
    const slots = bounds.length + 1;
    this.#index = new SeriesIndex(config.labelNames, (labels, pairs) => ({ labels, pairs, counts: new Array<number>(slots).fill(0), sum: 0, count: 0 }));
  }

  /** Records one observation (e.g. seconds) in the series with these label values. */
  observe(labels: LabelValues<L>, value: number): void {
    record(this.#index.find(labels), this.#bounds, value);
  }

  /** The series for these label values, bound: its `observe()` skips the lookup. */
  child(labels: LabelValues<L>): { observe(value: number): void } {
    const series = this.#index.find(labels);
    const bounds = this.#bounds;
    return { observe: (value: number) => record(series, bounds, value) };
  }

  /** This histogram's family: cumulative `_bucket` samples up to `le="+Inf"`, then `_sum` and `_count`. */
  render(): string {
    const samples: string[] = [];
    const les = [...this.#bounds.map(String), "+Inf"];
    for (const series of this.#index.all) {
      let cumulative = 0;
      series.counts.forEach((n, i) => {
        cumulative += n;
        // le comes first, as prom-client printed it; Prometheus does not mind the order.
        const pairs = series.pairs === "" ? `le="${les[i]}"` : `le="${les[i]}",${series.pairs}`;
        samples.push(sampleLine(`${this.name}_bucket`, pairs, cumulative));
      });
      samples.push(sampleLine(`${this.name}_sum`, series.pairs, series.sum));
      samples.push(sampleLine(`${this.name}_count`, series.pairs, series.count));
    }
    return family(this.name, this.help, "histogram", samples);
  }
}

/** The first bucket whose bound is >= value; NaN and values above the last bound land in +Inf. */
function record(series: HistogramSeries, bounds: readonly number[], value: number): void {
  let i = 0;
  for (const bound of bounds) {
    if (value <= bound) break;
    i++;
  }
  series.counts[i] = (series.counts[i] as number) + 1;
  series.sum += value;
  series.count++;
}

/**
 * A set of metrics rendered together. Each registry is independent: two servers in one process
 * (tests, an app embedding Switchboard) never share a count.
 *
 * @example
 * const registry = new Registry();
 * const hits = registry.counter({ name: "hits_total", help: "Hits", labelNames: ["page"] });
 * hits.inc({ page: "/" });
 * reply.header("content-type", registry.contentType).send(await registry.metrics());
 */
export class Registry {
  readonly contentType = PROMETHEUS_CONTENT_TYPE;
  readonly #metrics: Exposable[] = [];
  readonly #names = new Set<string>();

  /** A new counter in this registry. */
  counter<L extends string>(config: MetricConfig<L>): Counter<L> {
    return this.#register(config.name, new Counter(config));
  }

  /** A new histogram in this registry. */
  histogram<L extends string>(config: HistogramConfig<L>): Histogram<L> {
    return this.#register(config.name, new Histogram(config));
  }

  /** All metrics in the text exposition format 0.0.4, in the order they were made. */
  text(): string {
    return this.#metrics.map((m) => m.render()).join("\n");
  }

  /** `text()` as a promise, the shape prom-client's `Registry.metrics()` had. */
  async metrics(): Promise<string> {
    return this.text();
  }

  #register<M extends Exposable>(name: string, metric: M): M {
    if (this.#names.has(name)) throw new Error(`a metric named ${name} is already registered`);
    this.#names.add(name);
    this.#metrics.push(metric);
    return metric;
  }
}
