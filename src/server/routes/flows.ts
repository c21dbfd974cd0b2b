/**
 * `GET /api/flows`: the flows the server answers with, each as a graph the dashboard draws
 * (menus, options, exits; see `flowGraph`), with the read API's auth. The current flow (what new
 * calls get) comes first, then those it still holds: the ones it replaced (dev --watch) and
 * outbound flows, so a session's `flowFingerprint` finds the flow it took. An app made of code
 * handlers has no menus to draw: its `graph` is null.
 */
import type { FastifyPluginCallback } from "fastify";
import { flowGraph, type Flow, type FlowGraph, type IvrApp } from "../../ivr/index.js";
import type { Guard } from "../guards.js";
import type { IvrApps } from "../ivr-apps.js";

export interface FlowRouteDeps {
  apps: IvrApps;
  guards: { onRequest: Guard[] };
}

/** One flow as `GET /api/flows` lists it. */
export interface ListedFlow {
  /** The app's fingerprint (sessions record it); null for an app without one. */
  fingerprint: string | null;
  name: string;
  /** Whether new calls get it. */
  current: boolean;
  graph: FlowGraph | null;
}

/** The flow a compiled app carries, if any. */
function flowOf(app: IvrApp): Flow | undefined {
  const flow = (app as { flow?: unknown }).flow;
  return typeof flow === "object" && flow !== null && "menus" in flow ? (flow as Flow) : undefined;
}

/** `GET /api/flows` as an encapsulated plugin. */
export const flowRoutes: FastifyPluginCallback<FlowRouteDeps> = function flowRoutes(server, deps, done) {
  // A flow never changes once loaded (a reload is another app): its graph is made once.
  const graphs = new WeakMap<IvrApp, FlowGraph | null>();
  const graphOf = (app: IvrApp): FlowGraph | null => {
    let graph = graphs.get(app);
    if (graph === undefined) {
      const flow = flowOf(app);
      graph = flow === undefined ? null : flowGraph(flow);
      graphs.set(app, graph);
    }
    return graph;
  };

  server.get("/api/flows", { onRequest: deps.guards.onRequest }, async () => {
    const current = deps.apps.current;
    const flows: ListedFlow[] = deps.apps.all.map((app) => ({ fingerprint: app.fingerprint ?? null, name: app.name, current: app === current, graph: graphOf(app) }));
    return { flows };
  });

  done();
};
