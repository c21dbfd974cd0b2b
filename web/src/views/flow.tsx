/**
 * The flow page: the flow new calls get, drawn as a graph (and any other flow the server holds,
 * by its fingerprint), with a list of every menu and where each key leads, which says the same for
 * a screen reader or a narrow screen. Over a time range, the graph carries how many calls took
 * each edge and, per menu, how many callers hung up, timed out or gave invalid input there
 * (`GET /api/flows/edges` for the flow's fingerprint), listed again in tables beneath; the counts
 * reload when calls end.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { listFlows } from "../api.js";
import type { FlowGraph, ListedFlow } from "../api-types.js";
import { useRange } from "../stats-range.js";
import { FlowCountTables, useFlowCounts } from "./flow-counts.js";
import { FlowGraphView } from "./flow-graph.js";
import { RangeSelect } from "./flow-range.js";

/** The flow page; `fingerprint` picks a flow other than the current one. */
export function FlowView({ fingerprint }: { fingerprint: string | null }) {
  const [flows, setFlows] = useState<ListedFlow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    listFlows(true)
      .then(setFlows)
      .catch((failure: Error) => setError(failure.message));
  }, []);
  useEffect(() => {
    if (flows !== null) heading.current?.focus();
  }, [flows !== null]);

  const [range, setRange] = useRange();
  const shownFlow = flows?.find((flow) => (fingerprint === null ? flow.current : flow.fingerprint === fingerprint)) ?? flows?.[0];
  const counted = useFlowCounts(shownFlow?.graph ? shownFlow : undefined, range);

  if (error !== null) {
    return (
      <p class="error" role="alert">
        Could not load the flows: {error}
      </p>
    );
  }
  if (flows === null) return <p aria-busy="true">Loading…</p>;
  const shown = shownFlow;
  return (
    <section aria-labelledby="flow-title">
      <h1 id="flow-title" ref={heading} tabIndex={-1}>
        Flow{shown ? `: ${shown.name}` : ""}
      </h1>
      {flows.length > 1 && (
        <nav class="flows" aria-label="Flows the server holds">
          {flows.map((flow) => (
            <a href={`#/flow/${flow.fingerprint ?? ""}`} aria-current={flow === shown ? "page" : undefined}>
              {flow.name} <code>{flow.fingerprint ?? "no fingerprint"}</code>
              {flow.current ? " (new calls)" : ""}
            </a>
          ))}
        </nav>
      )}
      {shown?.graph ? (
        <>
          <p class="hint">
            Fingerprint <code>{shown.fingerprint}</code>. Solid arrows are keys; dashed ones are where invalid or missing input leads once the menu's replays are
            used up.
          </p>
          <RangeSelect id="flow-range" range={range} onChange={setRange} />
          {counted.error !== null && (
            <p class="error" role="alert">
              Could not load the counts: {counted.error}
            </p>
          )}
          <FlowGraphView graph={shown.graph} label={`The menus of ${shown.name} and where each key leads, with how many calls took each`} counts={counted.counts} />
          <FlowCountTables graph={shown.graph} counts={counted.counts} range={range} />
          <MenuList graph={shown.graph} />
        </>
      ) : (
        <p>This server answers with code handlers: there are no menus to draw.</p>
      )}
    </section>
  );
}

function MenuList({ graph }: { graph: FlowGraph }) {
  const labelOf = (id: string) => graph.nodes.find((node) => node.id === id)?.label ?? id;
  return (
    <details class="menu-list">
      <summary>Every menu as text</summary>
      <dl>
        {graph.nodes
          .filter((node) => node.kind === "menu")
          .map((node) => (
            <div>
              <dt>
                {node.label}
                {node.menu === graph.entry ? " (entry)" : ""}
              </dt>
              <dd>
                <p>{node.prompt}</p>
                <ul>
                  {graph.edges
                    .filter((edge) => edge.from === node.id)
                    .map((edge) => (
                      <li>
                        {edge.kind === "option" ? `key ${edge.label}` : edge.label} → {labelOf(edge.to)}
                      </li>
                    ))}
                </ul>
              </dd>
            </div>
          ))}
      </dl>
    </details>
  );
}
