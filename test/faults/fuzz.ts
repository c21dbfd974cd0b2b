/**
 * The seeded fuzzer: valid deliveries of every webhook route mutated one to four times, in their
 * JSON tree (values of other types, keys removed, added, renamed or re-cased, nodes wrapped or
 * swapped, strings full of NUL, surrogates and other characters) and in their text and bytes
 * (characters and byte ranges deleted, duplicated or inserted, invalid UTF-8, truncation), now and
 * then under another content type. The same seed gives the same corpus.
 *
 * @example
 * const corpus = fuzzCorpus(new Prng(SEED), 500, pools);
 */
import { SECRET } from "../fixtures/webhooks.js";
import { validDelivery, WEBHOOKS, type IdPools } from "./deliveries.js";
import { JSON_HEADERS, NASTY_CHARACTERS, pathsOf, post, replaceAt, valueAt, type Hostile } from "./hostile-classes.js";
import type { Prng } from "./prng.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const ODD_STRINGS = ["", " ", "null", "NaN", "-0", "1e999", "2026-13-45T25:61:61Z", "😀", "e\u0301", "\u202eevil", "\\", '"', "</script>", "%00", "${x}", "{{vars.x}}"];

function randomString(random: Prng): string {
  switch (random.int(5)) {
    case 0:
      return random.pick(ODD_STRINGS);
    case 1:
      return Array.from({ length: random.int(8) + 1 }, () => random.pick(NASTY_CHARACTERS)).join("");
    case 2:
      return random.pick(["x", "é", "😀", "\u0000"]).repeat(random.pick([10, 255, 256, 1000, 4000]));
    case 3:
      return String.fromCharCode(...Array.from({ length: random.int(12) }, () => random.int(0x10000)));
    default:
      return `s${random.int(1000)}`;
  }
}

function randomValue(random: Prng, depth = 0): Json {
  switch (random.int(depth > 2 ? 4 : 6)) {
    case 0:
      return null;
    case 1:
      return random.chance(0.5);
    case 2:
      return random.pick([0, -1, 1.5, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1e308, -1e-308, 4.3]);
    case 3:
      return randomString(random);
    case 4:
      return Array.from({ length: random.int(4) }, () => randomValue(random, depth + 1));
    default:
      return Object.fromEntries(Array.from({ length: random.int(4) }, () => [randomString(random), randomValue(random, depth + 1)]));
  }
}

function objectPaths(value: Json): (string | number)[][] {
  return [[], ...pathsOf(value)].filter((path) => {
    const node = valueAt(value, path);
    return node !== null && typeof node === "object" && !Array.isArray(node);
  });
}

function recase(key: string, random: Prng): string {
  switch (random.int(4)) {
    case 0:
      return key.toUpperCase();
    case 1:
      return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    case 2:
      return key.charAt(0).toUpperCase() + key.slice(1);
    default:
      return randomString(random);
  }
}

/** One mutation of the JSON tree. */
function mutateTree(body: Json, random: Prng): Json {
  const paths = pathsOf(body);
  const path = paths.length > 0 ? random.pick(paths) : [];
  const node = valueAt(body, path);
  switch (random.int(7)) {
    case 0:
      return replaceAt(body, path, randomValue(random));
    case 1:
      return typeof node === "string" ? replaceAt(body, path, random.chance(0.5) ? randomString(random) : node + randomString(random)) : replaceAt(body, path, randomString(random));
    case 2: {
      const parentPath = path.slice(0, -1);
      const parent = valueAt(body, parentPath);
      if (parent === null || typeof parent !== "object" || Array.isArray(parent)) return replaceAt(body, path, null);
      const { [path[path.length - 1] as string]: _removed, ...rest } = parent;
      return replaceAt(body, parentPath, rest);
    }
    case 3: {
      const target = random.pick(objectPaths(body));
      const object = valueAt(body, target) as Record<string, Json>;
      return replaceAt(body, target, { ...object, [randomString(random)]: randomValue(random) });
    }
    case 4: {
      const target = random.pick(objectPaths(body));
      const object = valueAt(body, target) as Record<string, Json>;
      return replaceAt(body, target, Object.fromEntries(Object.entries(object).map(([key, value]) => [random.chance(0.3) ? recase(key, random) : key, value])));
    }
    case 5:
      return replaceAt(body, path, random.chance(0.5) ? [node] : { value: node });
    default: {
      const other = random.pick(paths.length > 0 ? paths : [[]]);
      if (other.join(".").startsWith(path.join(".")) || path.join(".").startsWith(other.join("."))) return body;
      return replaceAt(replaceAt(body, path, valueAt(body, other)), other, node);
    }
  }
}

const STRUCTURAL = ['{', '}', '[', ']', '"', ':', ',', '\\', "\\u", "\\ud800", "0", "-", "e", " "];

/** One mutation of the bytes. */
function mutateBytes(bytes: Buffer, random: Prng): Buffer {
  const at = random.int(bytes.length + 1);
  switch (random.int(6)) {
    case 0:
      return Buffer.concat([bytes.subarray(0, at), bytes.subarray(Math.min(bytes.length, at + random.between(1, 8)))]);
    case 1:
      return Buffer.concat([bytes.subarray(0, at), Buffer.from(random.pick(STRUCTURAL)), bytes.subarray(at)]);
    case 2: {
      const end = Math.min(bytes.length, at + random.between(1, 40));
      return Buffer.concat([bytes.subarray(0, end), bytes.subarray(at, end), bytes.subarray(end)]);
    }
    case 3:
      return bytes.subarray(0, at);
    case 4:
      return Buffer.concat([bytes.subarray(0, at), Buffer.from([random.int(256)]), bytes.subarray(at)]);
    default: {
      const copy = Buffer.from(bytes);
      if (copy.length > 0) copy[Math.min(at, copy.length - 1)] = random.int(256);
      return copy;
    }
  }
}

const OTHER_TYPES = ["text/plain", "application/x-www-form-urlencoded", "application/json; charset=utf-8", "application/JSON"];

/** `count` mutated deliveries, spread over the three webhook routes. */
export function fuzzCorpus(random: Prng, count: number, pools: IdPools): Hostile[] {
  const corpus: Hostile[] = [];
  for (let i = 0; i < count; i++) {
    const webhook = WEBHOOKS[i % WEBHOOKS.length]!;
    let body = validDelivery(webhook, random, pools) as Json;
    const steps: string[] = [];
    const treeMutations = random.between(0, 3);
    for (let m = 0; m < treeMutations; m++) body = mutateTree(body, random);
    steps.push(`${treeMutations} tree`);
    let bytes: Buffer = Buffer.from(JSON.stringify(body));
    const byteMutations = treeMutations === 0 ? random.between(1, 3) : random.chance(0.3) ? random.between(1, 2) : 0;
    for (let m = 0; m < byteMutations; m++) bytes = mutateBytes(bytes, random);
    steps.push(`${byteMutations} byte`);
    const headers = random.chance(0.05) ? { authorization: SECRET, "content-type": random.pick(OTHER_TYPES) } : JSON_HEADERS;
    corpus.push({ cls: "fuzzed", name: `#${i} ${webhook} (${steps.join(", ")} mutations)`, request: post(webhook, bytes, headers) });
  }
  return corpus;
}
