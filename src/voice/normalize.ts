/**
 * Tolerant reading of webhook deliveries (SPEC section 5, "What real deliveries ... show"):
 * keys in any case (`CallA`, `SourceRefId`), digits in `eventData.dtmf`, a bare string
 * `eventData`, or a top-level `dtmf`. Receivers read through these helpers, never the raw body.
 *
 * @example
 * const payload = camelizeKeys(body.payload);
 * readDtmf(payload); // "1" | null
 */

/** A copy of a JSON value whose object keys start with a lower-case letter (`CallA` → `callA`). */
export function camelizeKeys(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map(camelizeKeys);
  const source = value as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(source)) {
    // Every VCA passes here: ASCII first letters are lowered without toLowerCase (only A-Z change).
    const first = key.charCodeAt(0);
    const camel =
      first >= 65 && first <= 90
        ? String.fromCharCode(first + 32) + key.slice(1)
        : first < 128 || key.length === 0
          ? key
          : key[0]!.toLowerCase() + key.slice(1);
    // A documented-case key wins over a variant of it that arrives in the same object.
    if (camel !== key && camel in result) continue;
    result[camel] = camelizeKeys(source[key]);
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
