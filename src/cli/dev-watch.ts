/**
 * `switchboard dev --watch` (on by default): reloads the IVR when its files are saved. A change
 * is loaded and checked like a start (`loadIvr`); when it loads, the server's `IvrApps.use()` makes
 * it the one new calls get, while calls already in progress finish on the flow their bookmarks
 * name; when it does not, the findings are printed and the flow loaded before keeps answering.
 *
 * What is watched: a flow file alone, just that file; a handlers module (or a flow naming one with
 * `handlers:`), every source file under the module's folder too, since its own imports must
 * reload with it. TypeScript modules load fresh each time through tsx's `tsImport` (a new
 * namespace per load, imports included); for a module tsx runs as CommonJS (no `"type":
 * "module"`), its local files are also dropped from Node's require cache first. Plain ES modules
 * (`.js`, `.mjs`) stay as Node first loaded them: Node cannot unload them, so their edits need a
 * restart (flows using them still reload).
 *
 * @example
 * const watch = watchIvr({ file: "/app/ivr.yaml", shown: "ivr.yaml", current: app, use: (a) => apps.use(a), out });
 * await watch.close();
 */
import { createRequire } from "node:module";
import { dirname, extname, resolve, sep } from "node:path";
import type { Flow, IvrApp } from "../ivr/index.js";
import { isSwitchboardError } from "../util/index.js";
import { foldersUnder, watchFolders, type FolderWatch } from "./file-watch.js";

/** What `watchIvr` takes. */
export interface IvrWatchOptions {
  /** The flow file or handlers module, absolute. */
  file: string;
  /** The file as the user named it, for the lines printed. */
  shown: string;
  /** The app running now: its flow says which handlers module to watch as well. */
  current: IvrApp;
  /** Makes a reloaded app the one new calls get (`server.switchboardApps.use`); may throw to refuse it. */
  use(app: IvrApp): void;
  /** Prints one line for people. */
  out(line: string): void;
  /** Quiet time after the last change before reloading; default 100 ms. */
  debounceMs?: number;
}

/** A running watch: `close()` stops it and waits for a reload under way. */
export interface IvrWatch {
  /** The folders watched now. */
  readonly folders: readonly string[];
  close(): Promise<void>;
}

const SOURCE_EXTENSIONS = new Set([".yaml", ".yml", ".json", ".ts", ".mts", ".cts", ".js", ".mjs", ".cjs"]);
const MODULE_EXTENSIONS = new Set([".ts", ".mts", ".cts", ".js", ".mjs", ".cjs"]);
const JAVASCRIPT_EXTENSIONS = new Set([".js", ".mjs", ".cjs"]);

interface WatchPlan {
  folders: string[];
  accepts(file: string): boolean;
  /** Folders whose CommonJS modules are dropped from the require cache before a reload. */
  moduleRoots: string[];
  /** A handlers module in JavaScript, which Node imports once (see the module comment). */
  javascript?: string;
}

/** What to watch for `file` running `app`: the file alone, or the handlers module's folder as well. */
function planFor(file: string, app: IvrApp): WatchPlan {
  const flow = (app as { flow?: Flow }).flow;
  const module = MODULE_EXTENSIONS.has(extname(file).toLowerCase()) ? file : flow?.handlers !== undefined ? resolve(dirname(file), flow.handlers) : undefined;
  if (module === undefined) return { folders: [dirname(file)], accepts: (changed) => changed === file, moduleRoots: [] };
  const root = dirname(module);
  const folders = [...new Set([dirname(file), ...foldersUnder(root)])];
  const javascript = JAVASCRIPT_EXTENSIONS.has(extname(module).toLowerCase()) ? module : undefined;
  return {
    folders,
    accepts: (changed) => SOURCE_EXTENSIONS.has(extname(changed).toLowerCase()),
    moduleRoots: [...new Set([root, dirname(file)])],
    ...(javascript ? { javascript } : {}),
  };
}

/**
 * Drops the CommonJS modules under `roots` (not under node_modules) from Node's require cache, so
 * the next load reads them again. tsx gives each load a fresh namespace, but the local files a
 * CommonJS module requires would still come from the cache.
 */
function forgetModules(roots: readonly string[]): void {
  if (roots.length === 0) return;
  const cache = createRequire(import.meta.url).cache;
  const prefixes = roots.map((root) => (root.endsWith(sep) ? root : root + sep));
  for (const key of Object.keys(cache)) {
    const path = key.split("?")[0]!;
    if (!path.includes(`${sep}node_modules${sep}`) && prefixes.some((p) => path.startsWith(p))) delete cache[key];
  }
}

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return isSwitchboardError(error) ? `${message} [${error.code}]` : message;
}

/** Starts watching; see the module comment. */
export function watchIvr(options: IvrWatchOptions): IvrWatch {
  let current = options.current;
  let plan = planFor(options.file, current);
  let watch: FolderWatch;
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;
  const out = options.out;

  const reload = async (): Promise<void> => {
    forgetModules(plan.moduleRoots);
    const { FlowError, formatDiagnostic, loadIvr } = await import("../ivr/index.js");
    let app: IvrApp;
    try {
      app = await loadIvr(options.file);
      options.use(app);
    } catch (error) {
      const kept = current.fingerprint ? ` (fingerprint ${current.fingerprint})` : "";
      out(`not reloaded: ${options.shown} has problems; new calls still get the flow loaded before${kept}`);
      if (error instanceof FlowError) for (const d of error.diagnostics.filter((f) => f.severity === "error")) out(`  ${formatDiagnostic(d)}`);
      else out(`  ${reasonOf(error)}`);
      return;
    }
    const unchanged = app.fingerprint !== undefined && app.fingerprint === current.fingerprint ? ", unchanged" : "";
    current = app;
    out(`reloaded ${options.shown} (fingerprint ${app.fingerprint ?? "none: a handler function"}${unchanged})`);
    const next = planFor(options.file, app);
    if (next.folders.join("\n") !== plan.folders.join("\n")) {
      plan = next;
      watch.close();
      watch = start();
    }
  };

  const changed = (files: string[]): void => {
    if (plan.javascript !== undefined && files.includes(plan.javascript)) {
      out(`note: ${plan.javascript} is JavaScript, which Node imports once: restart switchboard dev to run its edits (TypeScript handlers reload)`);
    }
    schedule();
  };

  const schedule = (): void => {
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    running = reload()
      .catch((error: unknown) => out(`not reloaded: ${reasonOf(error)}`))
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          schedule();
        }
      });
  };

  const start = (): FolderWatch =>
    watchFolders({
      folders: plan.folders,
      accepts: (file) => plan.accepts(file),
      debounceMs: options.debounceMs ?? 100,
      onChange: changed,
      onError: (folder, error) => out(`watch: cannot watch ${folder} (${error.message}); its changes will not reload`),
    });
  watch = start();

  return {
    get folders() {
      return plan.folders;
    },
    async close() {
      closed = true;
      watch.close();
      await running;
    },
  };
}
