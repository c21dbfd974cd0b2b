/**
 * The flow page's counts: loading them (`GET /api/flows/edges` for the shown flow over the chosen
 * range, again when calls end) and listing them in two tables, where each menu's hang-ups,
 * timeouts and invalid input and (behind a disclosure, as it is long) each way through the flow
 * are text a screen reader or a keyboard reaches (the graph above draws the same numbers).
 */
import { useEffect, useState } from "preact/hooks";
import { flowEdgeCounts } from "../api.js";
import type { FlowGraph, FlowGraphEdge, ListedFlow } from "../api-types.js";
import { countsOnGraph, type GraphCounts } from "../flow-counts.js";
import { inRange, rangeLabel, sinceOf, useCallsEnded, type Range } from "../stats-range.js";

/** The counts of `flow` over `range` on its graph: null while the first load runs; reloaded when calls end. */
export function useFlowCounts(flow: ListedFlow | undefined, range: Range): { counts: GraphCounts | null; error: string | null } {
  const [counts, setCounts] = useState<GraphCounts | null>(null);
  const [error, setError] = useState<string | null>(null);
  const ended = useCallsEnded();
  const graph = flow?.graph ?? null;
  const fingerprint = flow?.fingerprint ?? null;
  useEffect(() => {
    if (graph === null || fingerprint === null) return;
    const abort = new AbortController();
    flowEdgeCounts(fingerprint, sinceOf(range), abort.signal)
      .then((answer) => {
        setCounts(countsOnGraph(graph, answer));
        setError(null);
      })
      .catch((failure: Error) => {
        if (failure.name !== "AbortError") setError(failure.message);
      });
    return () => abort.abort();
  }, [graph, fingerprint, range, ended]);
  // A new range or flow shows "loading" rather than the old numbers.
  useEffect(() => setCounts(null), [fingerprint, range]);
  return { counts, error };
}

function inputOf(edge: FlowGraphEdge): string {
  if (edge.kind === "option") return edge.keys === "any" ? "any key" : `key ${edge.label}`;
  if (edge.kind === "invalid") return "invalid input";
  if (edge.kind === "no-input") return "no input";
  return "—";
}

/** The counts as tables: every way through the flow, then every menu. */
export function FlowCountTables({ graph, counts, range }: { graph: FlowGraph; counts: GraphCounts | null; range: Range }) {
  if (counts === null) return <p aria-busy="true">Counting calls…</p>;
  const labelOf = (id: string) => {
    const node = graph.nodes.find((candidate) => candidate.id === id);
    return node === undefined ? id : node.kind === "start" ? "Call starts" : node.label;
  };
  const menus = graph.nodes.filter((node) => node.kind === "menu");
  return (
    <div class="flow-counts">
      <p class="counts-summary" role="status">
        {counts.calls === 1 ? "1 call" : `${counts.calls} calls`} reached this flow {inRange(range)}.
        {counts.unplaced > 0 && ` ${counts.unplaced} answers matched no edge of this graph (the back key, or a key this version of the flow does not have).`}
      </p>
      <div class="table-wrap">
        <table class="counts" id="menu-counts">
          <caption>At each menu, {rangeLabel(range)}</caption>
          <thead>
            <tr>
              <th scope="col">Menu</th>
              <th scope="col" class="number">Hung up</th>
              <th scope="col" class="number">Timed out</th>
              <th scope="col" class="number">Invalid input</th>
            </tr>
          </thead>
          <tbody>
            {menus.map((node) => {
              const menu = counts.menus.get(node.id) ?? { hungUp: 0, timedOut: 0, invalid: 0 };
              return (
                <tr data-menu={node.menu}>
                  <th scope="row" data-label="Menu">
                    {node.label}
                  </th>
                  <td data-label="Hung up" class="number">
                    {menu.hungUp}
                  </td>
                  <td data-label="Timed out" class="number">
                    {menu.timedOut}
                  </td>
                  <td data-label="Invalid input" class="number">
                    {menu.invalid}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <details class="edge-counts">
        <summary>Every way through the flow, with how many calls took it</summary>
        <div class="table-wrap">
          <table class="counts" id="edge-counts">
            <caption>Where callers went, {rangeLabel(range)}</caption>
            <thead>
              <tr>
                <th scope="col">From</th>
                <th scope="col">Input</th>
                <th scope="col">To</th>
                <th scope="col" class="number">Calls</th>
              </tr>
            </thead>
            <tbody>
              {graph.edges.map((edge) => (
                <tr data-edge={edge.id}>
                  <td data-label="From">{labelOf(edge.from)}</td>
                  <td data-label="Input">{inputOf(edge)}</td>
                  <td data-label="To">{labelOf(edge.to)}</td>
                  <td data-label="Calls" class="number">
                    {counts.edges.get(edge.id) ?? 0}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
      <p class="hint">
        Hung up: calls that ended while this menu's prompt was the last thing they heard. Timed out: answers from this menu that carried no key. Invalid input: keys that are none of
        this menu's options. Counts are of the stored calls first seen in the range, for this flow's fingerprint.
      </p>
    </div>
  );
}
