/**
 * Immutable answers. The flow engine hands out the same frozen answer for a menu each time, and
 * the server, once it has checked and serialised such an answer, recognises it by identity
 * instead of serialising it again. Identity is only trusted for what cannot change behind its
 * back: deeply frozen plain data (no getters, no toJSON, no class instances).
 *
 * @example
 * const answer = deepFreeze({ callflow: [{ action: "hangup" }] });
 * isFrozenPlainData(answer); // true
 */

/** Freezes `value` and everything reachable from it; returns it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * True when `value` is JSON-like data that can never change: primitives, and frozen arrays and
 * plain objects whose own properties are all data properties holding such values.
 */
export function isFrozenPlainData(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return typeof value !== "function" && typeof value !== "symbol" && typeof value !== "bigint";
  if (!Object.isFrozen(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  if (Array.isArray(value) ? prototype !== Array.prototype : prototype !== Object.prototype && prototype !== null) return false;
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key === "symbol" || key === "toJSON") return false;
    const descriptor = Object.getOwnPropertyDescriptor(value, key)!;
    if (!("value" in descriptor) || !isFrozenPlainData(descriptor.value)) return false;
  }
  return true;
}
