/**
 * The webhook secret check (SPEC section 6): 8x8 sends the registered `httpAuthHeader` verbatim as
 * the `Authorization` header. Both sides are hashed first so `timingSafeEqual` always compares
 * equal-length buffers and the time taken reveals neither the secret's content nor its length.
 *
 * @example
 * const check = secretChecker("s3cret");
 * check(request.headers.authorization); // true only for "s3cret"
 */
import crypto, { createHash, timingSafeEqual } from "node:crypto";

// Every webhook is checked: the one-shot crypto.hash (Node >= 20.12) skips a Hash object's setup.
const digest: (value: string) => Buffer =
  typeof crypto.hash === "function" ? (value) => crypto.hash("sha256", value, "buffer") : (value) => createHash("sha256").update(value, "utf8").digest();

export function secretChecker(secret: string): (header: string | string[] | undefined) => boolean {
  const expected = digest(secret);
  return (header) => {
    // A repeated header is ambiguous; refuse it rather than guess which copy counts.
    if (typeof header !== "string") return false;
    return timingSafeEqual(digest(header), expected);
  };
}
