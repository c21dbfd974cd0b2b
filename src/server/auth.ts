/**
 * The webhook secret check (SPEC section 6): 8x8 sends the registered `httpAuthHeader` verbatim as
 * the `Authorization` header. Compared in constant time (see `constantTimeEqual`): the time taken
 * reveals neither the secret's content nor its length.
 *
 * @example
 * const check = secretChecker("s3cret");
 * check(request.headers.authorization); // true only for "s3cret"
 */
import { constantTimeEqual } from "../util/index.js";

export function secretChecker(secret: string): (header: string | string[] | undefined) => boolean {
  return (header) => {
    // A repeated header is ambiguous; refuse it rather than guess which copy counts.
    if (typeof header !== "string") return false;
    return constantTimeEqual(header, secret);
  };
}
