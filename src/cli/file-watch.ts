/**
 * Watching a few folders for saved files, with `fs.watch` and no dependency: one non-recursive
 * watcher per folder (inotify on Linux, FSEvents on macOS), because editors save by writing a
 * temporary file and renaming it over the old one, which a watcher on the file itself loses after
 * the first save. Events arrive in bursts (write, rename, chmod), so they are debounced: `onChange`
 * runs once the folders have been quiet for `debounceMs`.
 *
 * @example
 * const watch = watchFolders({ folders: ["/app/ivr"], accepts: (f) => f.endsWith(".yaml"), debounceMs: 100, onChange: reload });
 * watch.close();
 */
import { readdirSync, watch, type FSWatcher } from "node:fs";
import { join } from "node:path";

/** What `watchFolders` takes. */
export interface WatchFoldersOptions {
  /** Absolute folders, each watched on its own (not recursively). */
  folders: readonly string[];
  /** Whether a change to this file (absolute path) counts; a change whose name the system does not give counts. */
  accepts(file: string): boolean;
  /** Quiet time before `onChange` runs, in ms. */
  debounceMs: number;
  /** Runs once per burst of accepted changes, with the files named in it. */
  onChange(files: string[]): void;
  /** A folder that cannot be watched (removed, no permission); it is skipped. */
  onError?(folder: string, error: Error): void;
}

/** Folders being watched; `close()` stops every watcher and any pending `onChange`. */
export interface FolderWatch {
  readonly folders: readonly string[];
  close(): void;
}

/** Starts one watcher per folder; see the module comment. */
export function watchFolders(options: WatchFoldersOptions): FolderWatch {
  const watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;
  let changed = new Set<string>();
  let closed = false;
  const fire = () => {
    timer = undefined;
    const files = [...changed];
    changed = new Set();
    if (!closed) options.onChange(files);
  };
  for (const folder of options.folders) {
    try {
      const watcher = watch(folder, { persistent: false }, (_event, name) => {
        const file = name === null ? folder : join(folder, name.toString());
        if (name !== null && !options.accepts(file)) return;
        changed.add(file);
        clearTimeout(timer);
        timer = setTimeout(fire, options.debounceMs);
      });
      watcher.on("error", (error) => options.onError?.(folder, error));
      watchers.push(watcher);
    } catch (error) {
      options.onError?.(folder, error as Error);
    }
  }
  return {
    folders: options.folders,
    close() {
      closed = true;
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  };
}

/** Folder names never walked into: dependencies, build output, version control and other dot folders. */
const SKIPPED = new Set(["node_modules", "dist", "build", "coverage"]);

/**
 * `root` and the folders under it, breadth first, at most `limit` in all and `depth` levels down,
 * skipping `node_modules`, build output and dot folders: where a handlers module's own imports live.
 */
export function foldersUnder(root: string, limit = 64, depth = 4): string[] {
  const found = [root];
  let level = [root];
  for (let d = 0; d < depth && level.length > 0 && found.length < limit; d += 1) {
    const next: string[] = [];
    for (const folder of level) {
      let entries;
      try {
        entries = readdirSync(folder, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const entry of entries) {
        if (!entry.isDirectory() || entry.name.startsWith(".") || SKIPPED.has(entry.name)) continue;
        if (found.length >= limit) return found;
        const path = join(folder, entry.name);
        found.push(path);
        next.push(path);
      }
    }
    level = next;
  }
  return found;
}
