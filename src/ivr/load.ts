/**
 * Loading IVRs from disk: a flow file (`.yaml`, `.yml`, `.json`), which may name a handlers
 * module, or a handlers module (`.ts`, `.mts`, `.js`, `.mjs`) loaded at runtime (TypeScript
 * through tsx's `tsImport`, so no build step is needed). See define.ts for the module shape.
 *
 * @example
 * const app = await loadIvr("examples/restaurant.yaml");
 * const reply = await app.answer(event, ctx);
 */
import { readFile } from "node:fs/promises";
import { basename, dirname, extname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { compileFlow, type CompileOptions, type FlowApp } from "./compile.js";
import type { HandlerMap, IvrDefinition } from "./define.js";
import { SwitchboardError } from "../util/index.js";
import { FlowError, hasErrors } from "./diagnostics.js";
import type { Flow } from "./flow-schema.js";
import type { Handler, IvrApp } from "./types.js";
import { validateFlow } from "./validate-flow.js";

/** The file endings `loadIvr` reads as a flow file. */
export const FLOW_EXTENSIONS = [".yaml", ".yml", ".json"] as const;
/** The file endings `loadIvr` imports as a handlers module (TypeScript through tsx, no build step). */
export const MODULE_EXTENSIONS = [".ts", ".mts", ".cts", ".js", ".mjs", ".cjs"] as const;

/** What `loadIvr` takes beside the path: `name`, `fallback` and the bookmark `secret`, as `compileFlow` does. */
export type LoadOptions = Pick<CompileOptions, "secret" | "fallback" | "name">;

/**
 * Reads, parses and checks a flow file. Throws `FlowError` (with file:line:column diagnostics)
 * when it has errors, and `SB_IVR_FILE_UNREADABLE` when it cannot be read; warnings are ignored
 * here (`switchboard validate` shows them).
 * @example const flow = await loadFlowFile("examples/restaurant.yaml");
 */
export async function loadFlowFile(path: string, options: { handlerNames?: ReadonlySet<string> } = {}): Promise<Flow> {
  let source: string;
  try {
    source = await readFile(path, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new SwitchboardError("SB_IVR_FILE_UNREADABLE", `${path}: cannot read the flow file (${reason}); check the path`, { cause: error });
  }
  const { flow, diagnostics } = validateFlow(source, path, options);
  if (!flow || hasErrors(diagnostics)) throw new FlowError(diagnostics);
  return flow;
}

/** Imports a module by path: TypeScript through tsx, JavaScript natively. */
export async function importModule(path: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(resolve(path)).href;
  if ([".ts", ".mts", ".cts"].includes(extname(path))) {
    const { tsImport } = await import("tsx/esm/api");
    return (await tsImport(url, import.meta.url)) as Record<string, unknown>;
  }
  return (await import(url)) as Record<string, unknown>;
}

/** `importModule` for the loaders: a module that throws or does not compile gets a code and its path. */
async function importHandlersModule(path: string): Promise<Record<string, unknown>> {
  try {
    return await importModule(path);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SwitchboardError("SB_IVR_MODULE_IMPORT_FAILED", `${path}: cannot import the handlers module: ${reason}`, { cause: error });
  }
}

type ModuleExport = { kind: "handler"; handler: Handler } | { kind: "definition"; definition: IvrDefinition };

function isHandlerMap(value: unknown): value is HandlerMap {
  return typeof value === "object" && value !== null && Object.values(value).length > 0 && Object.values(value).every((v) => typeof v === "function");
}

/** The module's default export, read as a Handler or an IvrDefinition. */
function readExport(module: Record<string, unknown>, path: string): ModuleExport {
  // tsx may wrap a CommonJS-style default once more.
  let value = module.default;
  if (typeof value === "object" && value !== null && "default" in value && Object.keys(value).length === 1) value = (value as { default: unknown }).default;
  if (typeof value === "function") return { kind: "handler", handler: value as Handler };
  if (typeof value === "object" && value !== null && ("handlers" in value || "flow" in value)) {
    return { kind: "definition", definition: value as IvrDefinition };
  }
  if (isHandlerMap(value)) return { kind: "definition", definition: { handlers: value } };
  if (isHandlerMap(module.handlers)) return { kind: "definition", definition: { handlers: module.handlers } };
  throw new SwitchboardError(
    "SB_IVR_BAD_MODULE_EXPORT",
    `${path}: the default export is ${value === undefined ? "missing" : typeof value}; expected defineIvr({ handlers, flow? }) or a handler function (event, ctx) => answer`,
  );
}

/** Handlers a flow file names with `handlers:`, resolved relative to the flow file. */
async function handlersFor(flow: Flow, flowPath: string): Promise<HandlerMap> {
  if (flow.handlers === undefined) return {};
  const modulePath = resolve(dirname(flowPath), flow.handlers);
  const exported = readExport(await importHandlersModule(modulePath), modulePath);
  if (exported.kind === "handler") {
    throw new SwitchboardError("SB_IVR_BAD_MODULE_EXPORT", `${modulePath}: a flow's handlers module must export defineIvr({ handlers }), not a single handler`);
  }
  return exported.definition.handlers ?? {};
}

async function loadFlowApp(path: string, options: LoadOptions): Promise<FlowApp> {
  const flow = await loadFlowFile(path);
  const handlers = await handlersFor(flow, path);
  return compileFlow(flow, { ...options, handlers, file: path });
}

async function loadModuleApp(path: string, options: LoadOptions): Promise<IvrApp> {
  const exported = readExport(await importHandlersModule(path), path);
  const name = options.name ?? basename(path, extname(path));
  if (exported.kind === "handler") {
    const { handler } = exported;
    const app: IvrApp = { name, answer: async (event, ctx) => handler(event, ctx) };
    return options.fallback ? { ...app, fallback: options.fallback } : app;
  }
  const { definition } = exported;
  if (definition.flow === undefined) {
    throw new SwitchboardError("SB_IVR_NO_FLOW", `${path}: defineIvr() has handlers but no flow; add flow: "./your-flow.yaml", or load the flow file instead`);
  }
  const handlers = definition.handlers ?? {};
  const compile = (flow: Flow, file: string) =>
    compileFlow(flow, { ...options, name: options.name ?? definition.name, fallback: options.fallback ?? definition.fallback, handlers, file });
  if (typeof definition.flow === "string") {
    const flowPath = resolve(dirname(path), definition.flow);
    return compile(await loadFlowFile(flowPath, { handlerNames: new Set(Object.keys(handlers)) }), flowPath);
  }
  return compile(definition.flow, path);
}

/**
 * Loads an IVR from a flow file or a handlers module, ready for `app.answer(event, ctx)`.
 * Throws FlowError for an invalid flow, and a SwitchboardError with an `SB_IVR_*` code naming
 * the file for anything else (unreadable, an unknown file type, a module that fails to import or
 * exports the wrong thing).
 * @example const app = await loadIvr("examples/booking.yaml");
 */
export async function loadIvr(path: string, options: LoadOptions = {}): Promise<IvrApp> {
  const extension = extname(path).toLowerCase();
  if ((FLOW_EXTENSIONS as readonly string[]).includes(extension)) return loadFlowApp(path, options);
  if ((MODULE_EXTENSIONS as readonly string[]).includes(extension)) return loadModuleApp(path, options);
  throw new SwitchboardError("SB_IVR_UNKNOWN_FILE_TYPE", `${path}: unknown IVR file type ${JSON.stringify(extension)}; expected a flow (${FLOW_EXTENSIONS.join(", ")}) or a handlers module (${MODULE_EXTENSIONS.join(", ")})`);
}
