/**
 * Comparing a secret or a check that came over the wire (the webhook `Authorization` header, a
 * bookmark's check) with the expected one, without the time taken telling an attacker anything.
 *
 * @example
 * constantTimeEqual(request.headers.authorization ?? "", secret); // true only when identical
 */

/**
 * Whether `given` equals `expected`. The time depends only on `given`'s length, which its sender
 * knows: never on where the strings differ, nor on `expected`'s content or length. Plain
 * arithmetic on UTF-16 code units, so no Buffer or hash is made per call (every webhook pays it).
 */
export function constantTimeEqual(given: string, expected: string): boolean {
  if (expected.length === 0) return given.length === 0;
  let difference = given.length ^ expected.length;
  for (let i = 0; i < given.length; i++) {
    difference |= given.charCodeAt(i) ^ expected.charCodeAt(i % expected.length);
  }
  return difference === 0;
}
