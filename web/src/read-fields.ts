/**
 * Tolerant reading of stored deliveries: bodies are kept as 8x8 sent them, so a key may come in
 * any case (`eventData`, `EventData`) and the digits in any of their three places (SPEC section
 * 5: `eventData.dtmf`, a bare string `eventData`, or a top-level `dtmf`).
 */

/** `value` as a plain object, or undefined. */
export function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** The value of `name` in `value`, matching the key in any case. */
export function field(value: unknown, name: string): unknown {
  const object = asObject(value);
  if (object === undefined) return undefined;
  if (name in object) return object[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(object)) if (key.toLowerCase() === lower) return object[key];
  return undefined;
}

/** `field` as a non-empty string, or null. */
export function text(value: unknown, name: string): string | null {
  const found = field(value, name);
  return typeof found === "string" && found !== "" ? found : null;
}

/** `field` as a finite number, or null. */
export function num(value: unknown, name: string): number | null {
  const found = field(value, name);
  return typeof found === "number" && Number.isFinite(found) ? found : null;
}

/** The digits of a VCA payload, wherever the sender put them; null when none. */
export function digitsOf(payload: unknown): string | null {
  const eventData = field(payload, "eventData");
  const nested = text(eventData, "dtmf");
  if (nested !== null) return nested;
  if (typeof eventData === "string" && eventData !== "") return eventData;
  return text(payload, "dtmf");
}
