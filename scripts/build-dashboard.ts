/**
 * Builds the web dashboard (web/) into dist/dashboard/: its script and stylesheet bundled and
 * minified by esbuild with content-hashed names under assets/ (the graph layout in a chunk of its
 * own, loaded when a graph is first shown), and index.html pointing at them.
 * The folder is emptied first, so an old build's files never linger. Prints each file's size,
 * raw and gzipped (what a browser downloads). `npm run build` runs it after tsc.
 *
 *   npx tsx scripts/build-dashboard.ts
 */
import { build } from "esbuild";
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "dist", "dashboard");
const assets = join(out, "assets");

rmSync(out, { recursive: true, force: true });
mkdirSync(assets, { recursive: true });

const result = await build({
  entryPoints: [join(root, "web", "src", "main.tsx")],
  outdir: assets,
  entryNames: "[name]-[hash]",
  // The graph layout (dagre) is a chunk of its own, loaded with the first graph shown.
  splitting: true,
  chunkNames: "chunk-[hash]",
  bundle: true,
  minify: true,
  format: "esm",
  // Browsers of the last few years; no polyfills are bundled.
  target: ["chrome109", "firefox115", "safari16", "edge109"],
  jsx: "automatic",
  jsxImportSource: "preact",
  metafile: true,
  legalComments: "eof",
  logLevel: "warning",
});

const outputs = Object.keys(result.metafile.outputs).map((path) => basename(path));
const script = outputs.find((name) => name.startsWith("main-") && name.endsWith(".js"));
const styles = outputs.find((name) => name.startsWith("main-") && name.endsWith(".css"));
if (script === undefined || styles === undefined) throw new Error(`dashboard build: expected a .js and a .css in ${outputs.join(", ")}`);

const page = readFileSync(join(root, "web", "index.html"), "utf8").replace("{{js}}", script).replace("{{css}}", styles);
writeFileSync(join(out, "index.html"), page);

let raw = 0;
let gzipped = 0;
const lines = ["index.html", ...outputs.map((name) => `assets/${name}`)].map((name) => {
  const path = join(out, name);
  const size = statSync(path).size;
  const packed = gzipSync(readFileSync(path), { level: 9 }).length;
  raw += size;
  gzipped += packed;
  return `  ${name.padEnd(36)} ${(size / 1024).toFixed(1).padStart(6)} KB  ${(packed / 1024).toFixed(1).padStart(5)} KB gzipped`;
});
console.log(`dashboard built in dist/dashboard/:\n${lines.join("\n")}\n  ${"total".padEnd(36)} ${(raw / 1024).toFixed(1).padStart(6)} KB  ${(gzipped / 1024).toFixed(1).padStart(5)} KB gzipped`);
