/**
 * The server's metrics and the small Prometheus client under them: what `/metrics` prints, byte
 * for byte where a scraper would notice.
 */
import { describe, expect, it } from "vitest";
import { metricValue } from "../../test/echo-app.js";
import { actionLabel, callStatusLabel, createMetrics, sessionStatusLabel } from "./metrics.js";
import { Registry } from "./prometheus.js";

const NAMES = [
  "switchboard_http_requests_total",
  "switchboard_http_request_duration_seconds",
  "switchboard_vca_answers_total",
  "switchboard_vca_answer_actions_total",
  "switchboard_vca_fallbacks_total",
  "switchboard_vca_unrecorded_total",
  "switchboard_vss_received_total",
  "switchboard_vcs_received_total",
  "switchboard_store_errors_total",
];

describe("counters", () => {
  it("prints HELP, TYPE and one sample per label set, labels in the declared order", async () => {
    const registry = new Registry();
    const requests = registry.counter({ name: "requests_total", help: "Requests", labelNames: ["route", "method", "status_code"] });
    requests.inc({ status_code: "200", method: "POST", route: "/a" });
    requests.inc({ route: "/a", method: "POST", status_code: "200" }, 2);
    requests.inc({ route: "/a", method: "GET", status_code: 404 });
    expect(await registry.metrics()).toBe(
      [
        "# HELP requests_total Requests",
        "# TYPE requests_total counter",
        'requests_total{route="/a",method="POST",status_code="200"} 3',
        'requests_total{route="/a",method="GET",status_code="404"} 1',
        "",
      ].join("\n"),
    );
  });

  it("prints HELP and TYPE for a counter that has counted nothing yet", () => {
    const registry = new Registry();
    registry.counter({ name: "idle_total", help: "Never counted", labelNames: ["reason"] });
    expect(registry.text()).toBe("# HELP idle_total Never counted\n# TYPE idle_total counter\n");
  });

  it("separates metric families with a blank line, as prom-client did", () => {
    const registry = new Registry();
    registry.counter({ name: "a_total", help: "A", labelNames: [] }).inc();
    registry.counter({ name: "b_total", help: "B", labelNames: [] });
    expect(registry.text()).toBe("# HELP a_total A\n# TYPE a_total counter\na_total 1\n\n# HELP b_total B\n# TYPE b_total counter\n");
  });

  it("escapes backslash, double quote and newline in label values, and backslash and newline in HELP", () => {
    const registry = new Registry();
    const c = registry.counter({ name: "odd_total", help: 'say "hi"\\ then\nbye', labelNames: ["v"] });
    c.inc({ v: 'a"b\\c\nd' });
    expect(registry.text()).toBe(['# HELP odd_total say "hi"\\\\ then\\nbye', "# TYPE odd_total counter", 'odd_total{v="a\\"b\\\\c\\nd"} 1', ""].join("\n"));
  });

  it("keeps apart label values that a joined key would confuse", () => {
    const registry = new Registry();
    const c = registry.counter({ name: "pairs_total", help: "Pairs", labelNames: ["x", "y"] });
    c.inc({ x: "a,b", y: "c" });
    c.inc({ x: "a", y: "b,c" });
    const text = registry.text();
    expect(metricValue(text, 'pairs_total{x="a,b",y="c"}')).toBe(1);
    expect(metricValue(text, 'pairs_total{x="a",y="b,c"}')).toBe(1);
  });

  it("counts through a bound child into the same series, which shows at 0 before its first count", () => {
    const registry = new Registry();
    const answers = registry.counter({ name: "answers_total", help: "Answers", labelNames: ["source"] });
    const fromApp = answers.child({ source: "app" });
    expect(metricValue(registry.text(), 'answers_total{source="app"}')).toBe(0);
    expect(registry.text()).toContain('answers_total{source="app"} 0\n');
    fromApp.inc();
    answers.inc({ source: "app" });
    fromApp.inc(3);
    expect(metricValue(registry.text(), 'answers_total{source="app"}')).toBe(5);
  });

  it("sums every series in total() and lists them in get()", async () => {
    const registry = new Registry();
    const fallbacks = registry.counter({ name: "fallbacks_total", help: "Fallbacks", labelNames: ["reason"] });
    fallbacks.inc({ reason: "timeout" });
    fallbacks.inc({ reason: "error" }, 2);
    expect(fallbacks.total()).toBe(3);
    const snapshot = await fallbacks.get();
    expect(snapshot.values.reduce((sum, v) => sum + v.value, 0)).toBe(3);
    expect(snapshot.values).toEqual([
      { labels: { reason: "timeout" }, value: 1 },
      { labels: { reason: "error" }, value: 2 },
    ]);
  });

  it("refuses to count down", () => {
    const c = new Registry().counter({ name: "up_total", help: "Up", labelNames: ["k"] });
    expect(() => c.inc({ k: "a" }, -1)).toThrow(RangeError);
    expect(() => c.child({ k: "a" }).inc(Number.NaN)).toThrow(RangeError);
  });

  it("refuses a second metric with the same name and invalid names", () => {
    const registry = new Registry();
    registry.counter({ name: "x_total", help: "X", labelNames: [] });
    expect(() => registry.counter({ name: "x_total", help: "X", labelNames: [] })).toThrow(/already registered/);
    expect(() => registry.counter({ name: "bad-name", help: "X", labelNames: [] })).toThrow(/invalid metric name/);
    expect(() => registry.counter({ name: "y_total", help: "Y", labelNames: ["bad-label"] })).toThrow(/invalid label name/);
  });
});

describe("histograms", () => {
  it("prints cumulative buckets up to +Inf, then sum and count, per label set", () => {
    const registry = new Registry();
    const latency = registry.histogram({ name: "latency_seconds", help: "Latency", labelNames: ["route"], buckets: [0.01, 0.1, 1] });
    latency.observe({ route: "/a" }, 0.005);
    latency.observe({ route: "/a" }, 0.01); // on a bound: counts in that bucket (le is <=)
    latency.observe({ route: "/a" }, 0.5);
    latency.observe({ route: "/a" }, 7); // above every bound: only in +Inf
    latency.child({ route: "/b" }).observe(0.05);
    expect(registry.text()).toBe(
      [
        "# HELP latency_seconds Latency",
        "# TYPE latency_seconds histogram",
        'latency_seconds_bucket{le="0.01",route="/a"} 2',
        'latency_seconds_bucket{le="0.1",route="/a"} 2',
        'latency_seconds_bucket{le="1",route="/a"} 3',
        'latency_seconds_bucket{le="+Inf",route="/a"} 4',
        'latency_seconds_sum{route="/a"} 7.515',
        'latency_seconds_count{route="/a"} 4',
        'latency_seconds_bucket{le="0.01",route="/b"} 0',
        'latency_seconds_bucket{le="0.1",route="/b"} 1',
        'latency_seconds_bucket{le="1",route="/b"} 1',
        'latency_seconds_bucket{le="+Inf",route="/b"} 1',
        'latency_seconds_sum{route="/b"} 0.05',
        'latency_seconds_count{route="/b"} 1',
        "",
      ].join("\n"),
    );
  });

  it("prints buckets with le alone when the histogram has no labels", () => {
    const registry = new Registry();
    registry.histogram({ name: "wait_seconds", help: "Wait", labelNames: [], buckets: [1] }).observe({}, 2);
    expect(registry.text()).toContain('wait_seconds_bucket{le="1"} 0\nwait_seconds_bucket{le="+Inf"} 1\nwait_seconds_sum 2\nwait_seconds_count 1\n');
  });

  it("refuses buckets that are not strictly increasing and a label named le", () => {
    const registry = new Registry();
    expect(() => registry.histogram({ name: "h1", help: "H", labelNames: [], buckets: [1, 1] })).toThrow(/strictly increasing/);
    expect(() => registry.histogram({ name: "h2", help: "H", labelNames: [], buckets: [1, Infinity] })).toThrow(/finite/);
    expect(() => registry.histogram({ name: "h3", help: "H", labelNames: ["le"], buckets: [1] })).toThrow(/le/);
  });
});

describe("createMetrics", () => {
  it("serves the Prometheus 0.0.4 text content type", () => {
    expect(createMetrics().registry.contentType).toBe("text/plain; version=0.0.4; charset=utf-8");
  });

  it("names every metric in the exposition before anything is counted", async () => {
    const text = await createMetrics().registry.metrics();
    for (const name of NAMES) {
      expect(text).toContain(`# HELP ${name} `);
      expect(text).toContain(`# TYPE ${name} ${name.endsWith("_seconds") ? "histogram" : "counter"}\n`);
    }
  });

  it("keeps each server's counts in its own registry", async () => {
    const one = createMetrics();
    const two = createMetrics();
    one.fallbacks.inc({ reason: "timeout" });
    one.requests.inc({ route: "/webhooks/vca", method: "POST", status_code: "200" });
    one.latency.observe({ route: "/webhooks/vca" }, 0.002);
    two.fallbacks.inc({ reason: "timeout" }, 5);
    const a = await one.registry.metrics();
    const b = await two.registry.metrics();
    expect(metricValue(a, 'switchboard_vca_fallbacks_total{reason="timeout"}')).toBe(1);
    expect(metricValue(b, 'switchboard_vca_fallbacks_total{reason="timeout"}')).toBe(5);
    expect(metricValue(a, 'switchboard_http_requests_total{route="/webhooks/vca",method="POST",status_code="200"}')).toBe(1);
    expect(b).not.toContain("switchboard_http_requests_total{");
    expect(metricValue(a, 'switchboard_http_request_duration_seconds_bucket{le="0.0025",route="/webhooks/vca"}')).toBe(1);
    expect(metricValue(a, 'switchboard_http_request_duration_seconds_bucket{le="0.001",route="/webhooks/vca"}')).toBe(0);
    expect(b).not.toContain("switchboard_http_request_duration_seconds_count{");
  });

  it("folds label values from webhook bodies onto the documented ones", () => {
    expect(sessionStatusLabel("COMPLETED")).toBe("COMPLETED");
    expect(sessionStatusLabel("MADE_UP")).toBe("OTHER");
    expect(callStatusLabel("surely-not-a-status")).toBe("OTHER");
    expect(actionLabel("sayAndCapture")).toBe("sayAndCapture");
    expect(actionLabel("dance")).toBe("OTHER");
  });
});
