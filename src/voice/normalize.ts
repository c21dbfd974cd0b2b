/**
 * Tolerant reading of webhook deliveries (SPEC section 5, "What real deliveries ... show"):
 * keys in any case (`CallA`, `SourceRefId`), digits in `eventData.dtmf`, a bare string
 * `eventData`, or a top-level `dtmf`. Receivers read through these helpers, never the raw body.
 *
 * @example
 * const payload = camelizeKeys(body.payload);
 * readDtmf(payload); // "1" | null
 */

/** A key with its first letter lowered (`CallA` → `callA`); ASCII without toLowerCase (only A-Z change). */
function camelKey(key: string): string {
  const first = key.charCodeAt(0);
  if (first >= 65 && first <= 90) return String.fromCharCode(first + 32) + key.slice(1);
  return first < 128 || key.length === 0 ? key : key[0]!.toLowerCase() + key.slice(1);
}

/**
 * A JSON value whose object keys start with a lower-case letter (`CallA` → `callA`). Copy on
 * write: every VCA passes here and nearly all arrive camel-cased already, so a part in which no
 * key changes is returned as it is, and only the objects and arrays around a changed key are new.
 * The result therefore shares objects with its input: copy it before changing it.
 */
export function camelizeKeys(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = camelizeKeys(value[i]);
      if (item !== value[i]) (copy ??= value.slice())[i] = item;
    }
    return copy ?? value;
  }
  const source = value as Record<string, unknown>;
  const keys = Object.keys(source);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const child = source[key];
    const camelChild = camelizeKeys(child);
    if (camelKey(key) !== key || camelChild !== child) return camelizedCopy(source, keys, i, camelChild);
  }
  return source;
}

/** The copy of `source` once key `firstChanged` needs a change; keys before it are kept as they are. */
function camelizedCopy(source: Record<string, unknown>, keys: string[], firstChanged: number, firstChild: unknown): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (let i = 0; i < firstChanged; i++) result[keys[i]!] = source[keys[i]!];
  for (let i = firstChanged; i < keys.length; i++) {
    const key = keys[i]!;
    const camel = camelKey(key);
    // A documented-case key wins over a variant of it that arrives in the same object.
    if (camel !== key && (Object.hasOwn(result, camel) || Object.hasOwn(source, camel))) continue;
    result[camel] = i === firstChanged ? firstChild : camelizeKeys(source[key]);
  }
  return result;
}

/**
 * The digits a VCA carries. Preference order: `eventData.dtmf`, then a string `eventData`, then a
 * top-level `dtmf`. An empty string means nothing was captured, like null.
 */
export function readDtmf(payload: Record<string, unknown>): string | null {
  const eventData = payload.eventData;
  const candidates: unknown[] = [
    typeof eventData === "object" && eventData !== null ? (eventData as Record<string, unknown>).dtmf : undefined,
    typeof eventData === "string" ? eventData : undefined,
    payload.dtmf,
  ];
  for (const candidate of candidates) {
    if (typeof candidate === "number") return String(candidate);
    if (typeof candidate === "string") return candidate === "" ? null : candidate;
  }
  return null;
}
