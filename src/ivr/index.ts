/**
 * `ivr/`: the IVR engine. The flow file format and its JSON Schema, compiling a flow into an
 * `IvrApp`, loading flows and handler modules, the callflow builder for code handlers, static
 * analysis (`validateFlow`) and the Mermaid graph. docs/flows.md and docs/handlers.md teach it.
 *
 * @example
 * import { loadIvr, toCallActionEvent } from "switchboard-ivr";
 * const app = await loadIvr("examples/restaurant.yaml");
 * const reply = await app.answer(toCallActionEvent(body), { sessionId, vars, logger, signal });
 */
export type { CallActionEvent, Handler, HandlerContext, IvrApp, Logger, MenuStep, SessionVariables } from "./types.js";
export * from "./flow-schema.js";
export * from "./flow-json-schema.js";
export * from "./diagnostics.js";
export * from "./builder.js";
export * from "./define.js";
export * from "./template.js";
export { compileFlow, type CompileOptions, type FlowApp } from "./compile.js";
export { loadFlowFile, loadIvr, importModule, FLOW_EXTENSIONS, MODULE_EXTENSIONS, type LoadOptions } from "./load.js";
export { validateFlow, type FlowValidation, type ValidateFlowOptions } from "./validate-flow.js";
export { toCallActionEvent } from "./event.js";
export { outboundCallflow, type OutboundOptions } from "./outbound.js";
export { flowToMermaid } from "./graph.js";
export { flowGraph, type FlowGraph, type FlowGraphEdge, type FlowGraphNode } from "./flow-graph.js";
export { BOOKMARK_VERSION, type Bookmark } from "./bookmark.js";
export { effectiveCapture, DEFAULT_ON_INVALID, DEFAULT_ON_NO_INPUT, DEFAULT_REPEAT_KEY } from "./settings.js";
