/**
 * Installing the packed package on Node 20 must not pull cookie@2, which declares Node >= 22
 * (npm warns EBADENGINE) and is ESM-only, loaded by light-my-request 6.8's require() (which
 * Node 20 before 20.19 cannot do). The repo's `overrides` pin light-my-request for the repo
 * alone: overrides of a dependency never reach its users. So the package depends on
 * light-my-request at the same exact version: npm places that one copy at the top of a user's
 * tree, and fastify's own range (^6) is satisfied by it, so fastify uses it too.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./shared-files.js";

interface Manifest {
  version: string;
  engines?: { node?: string };
  dependencies?: Record<string, string>;
  overrides?: Record<string, string>;
}

const manifest = (path: string) => JSON.parse(readFileSync(path, "utf8")) as Manifest;
const own = manifest(resolve(repoRoot, "package.json"));

/** The package.json of `name` as `from` resolves it (the copy that package really loads). */
function resolvedManifest(name: string, from: string): { path: string; manifest: Manifest } {
  const entry = createRequire(from).resolve(name);
  // Walk up from the entry to the package's own folder.
  let dir = dirname(entry);
  while (!dir.endsWith(`/node_modules/${name}`)) dir = dirname(dir);
  const path = join(dir, "package.json");
  return { path, manifest: manifest(path) };
}

/** The lowest Node major a `>=N` engines range admits; undefined for a range not of that form. */
const lowestNode = (range: string | undefined) => {
  const match = /^>=\s*(\d+)(?:\.\d+){0,2}$/.exec(range?.trim() ?? "");
  return match ? Number(match[1]) : undefined;
};

describe("what the packed package installs on Node 20", () => {
  it("depends on light-my-request at the version the repo's override pins, so users get it too", () => {
    const pinned = own.overrides?.["light-my-request"];
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    expect(own.dependencies?.["light-my-request"]).toBe(pinned);
  });

  it("pins a version fastify's own range accepts, so npm dedupes fastify onto it", () => {
    const fastify = resolvedManifest("fastify", resolve(repoRoot, "package.json"));
    const range = fastify.manifest.dependencies?.["light-my-request"] ?? "";
    expect(range).toMatch(/^\^\d+\./);
    expect(own.dependencies?.["light-my-request"]?.split(".")[0]).toBe(range.slice(1).split(".")[0]);
  });

  it("loads, through fastify, a light-my-request whose cookie admits Node 20", () => {
    const fastify = resolvedManifest("fastify", resolve(repoRoot, "package.json"));
    const lmr = resolvedManifest("light-my-request", fastify.path);
    expect(lmr.manifest.version).toBe(own.dependencies?.["light-my-request"]);
    const cookie = resolvedManifest("cookie", lmr.path);
    const lowest = lowestNode(cookie.manifest.engines?.node);
    expect(lowest, `cookie ${cookie.manifest.version} declares node ${cookie.manifest.engines?.node}`).toBeDefined();
    expect(lowest).toBeLessThanOrEqual(20);
  });
});
