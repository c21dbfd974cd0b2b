/**
 * The texts a caller should hear, read from the example flow files themselves, so the end-to-end
 * tests check that what the simulator played is what the flow says (not a copy that could drift).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse } from "yaml";
import type { Flow } from "../../src/ivr/index.js";
import { repoRoot } from "../shared-files.js";

export function readFlow(relativePath: string): Flow {
  return parse(readFileSync(resolve(repoRoot, relativePath), "utf8")) as Flow;
}

/** A menu's spoken prompt. */
export function promptOf(flow: Flow, menu: string): string {
  const prompt = flow.menus[menu]?.prompt;
  if (typeof prompt !== "string") throw new Error(`menu ${menu} has no text prompt`);
  return prompt;
}

/** The `say` text of an option, e.g. sayOf(flow, "main_menu", "3"). */
export function sayOf(flow: Flow, menu: string, key: string): string {
  const action = flow.menus[menu]?.options[key];
  if (typeof action !== "object" || !("say" in action) || action.say === undefined) throw new Error(`${menu}.${key} does not say anything`);
  return action.say;
}

/** The number an option transfers to. */
export function transferOf(flow: Flow, menu: string, key: string): string {
  const action = flow.menus[menu]?.options[key];
  if (typeof action !== "object" || !("transfer" in action)) throw new Error(`${menu}.${key} is not a transfer`);
  return action.transfer;
}
