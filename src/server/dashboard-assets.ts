/**
 * The dashboard's built files (`npm run build` writes them to `dist/dashboard/`: `index.html` and
 * content-hashed files under `assets/`), read into memory once when the server starts, each with
 * its gzip form and an ETag. They are a few tens of KB, so memory is the simplest cache there is,
 * and a request never touches the disk.
 *
 * @example
 * const assets = loadDashboardAssets(); // from dist/dashboard, wherever this module runs from
 * if ("missing" in assets) log.info(`dashboard not served: ${assets.missing}`);
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

/** One file, ready to send. */
export interface DashboardAsset {
  readonly body: Buffer;
  /** The gzip form, when it is smaller by enough to matter; else null. */
  readonly gzip: Buffer | null;
  readonly type: string;
  /** A strong ETag from the content. */
  readonly etag: string;
}

/** The built dashboard: its page and its assets by file name. */
export interface DashboardAssets {
  /** The folder they were read from. */
  readonly dir: string;
  readonly index: DashboardAsset;
  /** Files under `assets/`, by name (flat: the build writes no sub-folders). */
  readonly files: ReadonlyMap<string, DashboardAsset>;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};
const COMPRESSIBLE = new Set([".html", ".js", ".css", ".svg", ".json", ".map", ".txt"]);
/** Below this, gzip's headers cost about what it saves. */
const MIN_GZIP_BYTES = 1024;

/**
 * Where the build puts the dashboard, seen from this module: `dist/dashboard` beside
 * `dist/server/` in the package, and the same folder from the sources (`src/server/`, as the
 * tests and `tsx` run them).
 */
export function defaultDashboardDirs(): string[] {
  return [fileURLToPath(new URL("../dashboard/", import.meta.url)), fileURLToPath(new URL("../../dist/dashboard/", import.meta.url))];
}

function asset(path: string): DashboardAsset {
  const body = readFileSync(path);
  const ext = extname(path).toLowerCase();
  let gzip: Buffer | null = null;
  if (COMPRESSIBLE.has(ext) && body.length >= MIN_GZIP_BYTES) {
    const packed = gzipSync(body, { level: 9 });
    if (packed.length < body.length * 0.9) gzip = packed;
  }
  const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"`;
  return { body, gzip, type: TYPES[ext] ?? "application/octet-stream", etag };
}

/**
 * Reads the built dashboard from `dir`, or from the first of `defaultDashboardDirs()` holding an
 * `index.html`. `{ missing }` says where it looked when none does.
 */
export function loadDashboardAssets(dir?: string): DashboardAssets | { missing: string } {
  const candidates = dir === undefined ? defaultDashboardDirs() : [dir];
  const found = candidates.find((candidate) => existsSync(join(candidate, "index.html")));
  if (found === undefined) return { missing: `no index.html in ${candidates.join(" or ")}` };
  const files = new Map<string, DashboardAsset>();
  const assetsDir = join(found, "assets");
  if (existsSync(assetsDir)) {
    for (const name of readdirSync(assetsDir)) {
      const path = join(assetsDir, name);
      if (statSync(path).isFile()) files.set(name, asset(path));
    }
  }
  return { dir: found, index: asset(join(found, "index.html")), files };
}
