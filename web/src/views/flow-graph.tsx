/**
 * A flow's graph drawn in SVG: menus as boxes (the entry's border doubled), exits as rounded
 * boxes, options as arrows labelled with their keys, invalid and no-input exits dashed. Given a
 * session's path, the nodes and edges it took are drawn strong and the rest faded. Given counts
 * (the flow page), each edge's label carries how many calls took it (edges nobody took faded) and
 * each menu a line of how many callers hung up, timed out or gave invalid input there; the page
 * lists the same numbers in tables, as the drawing is one image to assistive technology. The
 * layout (dagre) is loaded with the first graph, so the sessions table never waits for it.
 */
import { useEffect, useState } from "preact/hooks";
import type { FlowGraph } from "../api-types.js";
import { drawnCount, type GraphCounts } from "../flow-counts.js";
import type { FlowPath } from "../flow-path.js";
import type { Layout, PlacedEdge, PlacedNode } from "../flow-layout.js";

const LINE_HEIGHT = 16;

function route(edge: PlacedEdge): string {
  const [first, ...rest] = edge.points;
  if (first === undefined) return "";
  return `M${first.x},${first.y}${rest.map((p) => ` L${p.x},${p.y}`).join("")}`;
}

/**
 * The graph of `graph`, with `path` (a session's) highlighted when given; `label` names it for
 * assistive technology. `counts`: drawn on it when given; null while they load (room is kept for them).
 */
export function FlowGraphView({ graph, path, label, counts }: { graph: FlowGraph; path?: FlowPath; label: string; counts?: GraphCounts | null }) {
  const counting = counts !== undefined;
  const [placed, setPlaced] = useState<Layout | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    import("../flow-layout.js")
      .then(({ layout }) => live && setPlaced(layout(graph, counting)))
      .catch((failure: Error) => live && setError(failure.message));
    return () => {
      live = false;
    };
  }, [graph, counting]);

  if (error !== null) return <p class="error">Could not draw the flow: {error}</p>;
  if (placed === null) return <p aria-busy="true">Drawing the flow…</p>;
  const highlighting = path !== undefined;
  const edgeTaken = (edge: PlacedEdge["edge"]) => path !== undefined && edge.ids.some((id) => path.edges.has(id));
  // A menu's copy of an exit is taken when the way into it is; any other node when the path visited it.
  const nodeTaken = (placedNode: PlacedNode) => {
    if (path === undefined) return false;
    const { drawn } = placedNode;
    if (drawn.copyFor === undefined) return path.nodes.has(drawn.id);
    return placed.edges.some((e) => e.edge.to === drawn.id && edgeTaken(e.edge));
  };
  const nodeClass = (n: PlacedNode) =>
    ["node", `node-${n.node.kind}`, n.node.menu === graph.entry ? "entry" : "", highlighting ? (nodeTaken(n) ? "taken" : "faded") : "", path?.replayed.has(n.drawn.id) ? "replayed" : ""]
      .filter(Boolean)
      .join(" ");
  const countOf = (e: PlacedEdge) => (counts ? drawnCount(counts, e.edge.ids) : null);
  const edgeClass = (e: PlacedEdge) =>
    ["edge", `edge-${e.edge.kind}`, highlighting ? (edgeTaken(e.edge) ? "taken" : "faded") : "", countOf(e) === 0 ? "unused" : ""].filter(Boolean).join(" ");

  return (
    // A tab stop, so that a keyboard can scroll the box where it scrolls (on a phone).
    <div class="graph-wrap" tabIndex={0} role="group" aria-label="The flow's graph">
      {/* As wide as the page allows, never wider than drawn; on a phone the box scrolls instead. */}
      <svg class="flow-graph" viewBox={`0 0 ${Math.ceil(placed.width)} ${Math.ceil(placed.height)}`} style={{ maxWidth: `${Math.ceil(placed.width)}px` }} role="img" aria-label={label}>
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" class="arrow" />
          </marker>
          <marker id="arrow-taken" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" class="arrow taken" />
          </marker>
        </defs>
        {placed.edges.map((e) => (
          <g class={edgeClass(e)} data-edge={e.edge.ids.join(" ")}>
            <path d={route(e)} marker-end={edgeTaken(e.edge) ? "url(#arrow-taken)" : "url(#arrow)"} />
            {(e.edge.label !== "" || counting) && (
              <text x={e.labelX} y={e.labelY + 4} text-anchor="middle" class="edge-label">
                {e.edge.label}
                {counts && (
                  <tspan class="edge-count" data-count={countOf(e)}>
                    {e.edge.label === "" ? "" : " · "}
                    {countOf(e)}
                  </tspan>
                )}
              </text>
            )}
          </g>
        ))}
        {placed.nodes.map((n) => {
          const left = n.x - n.width / 2;
          const top = n.y - n.height / 2;
          const rounded = n.node.kind === "menu" ? 4 : n.node.kind === "start" ? n.height / 2 : 14;
          return (
            <g class={nodeClass(n)} data-node={n.drawn.id}>
              <title>{n.node.kind === "menu" ? `${n.node.label}: ${n.node.prompt ?? ""}` : n.node.label}</title>
              <rect x={left} y={top} width={n.width} height={n.height} rx={rounded} />
              {counts && n.node.kind === "menu" && n.drawn.copyFor === undefined && <MenuCountsLine x={n.x} y={top + n.height - 14} counts={counts} id={n.drawn.id} />}
              {n.lines.map((line, i) => (
                <text x={n.x} y={top + 10 + LINE_HEIGHT * (i + 1) - 4} text-anchor="middle" class={i === 0 && n.node.kind === "menu" ? "title" : undefined}>
                  {line}
                </text>
              ))}
            </g>
          );
        })}
      </svg>
    </div>
  );
}

/** A menu's line of counts: hung up, timed out, invalid input. */
function MenuCountsLine({ x, y, counts, id }: { x: number; y: number; counts: GraphCounts; id: string }) {
  const menu = counts.menus.get(id) ?? { hungUp: 0, timedOut: 0, invalid: 0 };
  return (
    <text x={x} y={y} text-anchor="middle" class="menu-counts" data-hung-up={menu.hungUp} data-timed-out={menu.timedOut} data-invalid={menu.invalid}>
      {`${menu.hungUp} hung up · ${menu.timedOut} timed out · ${menu.invalid} invalid`}
    </text>
  );
}
