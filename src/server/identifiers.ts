/**
 * What an identifier in a webhook (an id, a status, a number, the digits) may hold, so that every
 * store keeps it as it came, or refuses it alike: the rule is the server's, at intake, not each
 * database's. PostgreSQL text cannot hold U+0000 at all; a string with an unpaired surrogate has
 * no UTF-8 form, so both drivers would store U+FFFD in its place; a key longer than about 2,700
 * bytes does not fit PostgreSQL's btree index while SQLite takes it. 8x8's identifiers are uuids,
 * E.164 numbers and short words, far inside these bounds. Free text (the rest of a payload) is
 * stored as JSON, where every character is written as an escape when it must be, and is not
 * checked.
 *
 * @example
 * identifierProblem("f0a4a5b2-5c1b-11ee-8c99-0242ac120002", true); // null
 * identifierProblem("s-\u0000", true); // '"s-\u0000" found, an identifier without control characters ... expected'
 */

/**
 * The longest identifier accepted, in UTF-16 units: 256 characters are at most 1,024 UTF-8 bytes,
 * so even the widest index (status, time, session id) stays under PostgreSQL's 2,704-byte limit.
 */
export const MAX_IDENTIFIER_LENGTH = 256;


/** The index of the first control character or unpaired surrogate in `value`, or -1. */
function firstUnstorable(value: string): number {
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit < 0x20) return i;
    if (unit < 0xd800 || unit > 0xdfff) continue;
    // A high surrogate followed by a low one is one character outside the BMP (an emoji).
    const next = value.charCodeAt(i + 1);
    if (unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) i++;
    else return i;
  }
  return -1;
}

/**
 * Whether a body whose JSON text is `text` may hold strings with control characters or unpaired
 * surrogates. JSON writes both only as escapes (a control character as such is a syntax error,
 * and text decoded from UTF-8 has no unpaired surrogate), so without a backslash it cannot; one
 * `indexOf` instead of a scan of every identifier on a real delivery. Without the text: may.
 */
export function mayHoldUnstorable(text: string | undefined): boolean {
  return text === undefined || text.includes("\\");
}

/**
 * Why `value` cannot be an identifier, as the second half of a refusal ("... found, ... expected"),
 * or null when it can. `scan` false skips the character scan (see mayHoldUnstorable); the length is
 * always checked.
 */
export function identifierProblem(value: string, scan: boolean): string | null {
  if (value.length > MAX_IDENTIFIER_LENGTH) return `a string of ${value.length} characters found, an identifier of at most ${MAX_IDENTIFIER_LENGTH} expected`;
  if (!scan || firstUnstorable(value) < 0) return null;
  return `${JSON.stringify(value).slice(0, 60)} found, an identifier without control characters (U+0000 to U+001F) or unpaired surrogates expected`;
}
