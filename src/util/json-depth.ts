/**
 * How deeply a JSON text nests, found by one linear scan without parsing it. Parsing,
 * re-serialising or structured-cloning a deeply nested value recurses once per level, and at a few
 * thousand levels that overflows the stack; counting brackets first does not. Brackets inside
 * strings (escapes included) are not counted. The text need not be valid JSON: the scan only
 * answers "deeper than this?".
 *
 * @example
 * isNestedDeeperThan('{"a":[[1]]}', 2); // true: 3 levels
 * isNestedDeeperThan('{"a":"[[[["}', 2); // false: brackets in a string do not count
 */
export function isNestedDeeperThan(text: string, limit: number): boolean {
  // Cheap first (indexOf runs natively): a text with no more opening brackets than the limit,
  // those in strings included, cannot nest deeper. Webhook bodies have a handful.
  if (countUpTo(text, "{", limit + 1) + countUpTo(text, "[", limit + 1) <= limit) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \\ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) {
      inString = true;
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > limit) return true;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      depth--;
    }
  }
  return false;
}

/** How many times `char` occurs in `text`, counting no further than `most`. */
function countUpTo(text: string, char: string, most: number): number {
  let count = 0;
  for (let i = text.indexOf(char); i !== -1 && count < most; i = text.indexOf(char, i + 1)) count++;
  return count;
}
