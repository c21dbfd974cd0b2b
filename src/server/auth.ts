/**
 * The webhook secret check (SPEC section 6): 8x8 sends the registered `httpAuthHeader` verbatim as
 * the `Authorization` header. Compared in constant time (see `constantTimeEqual`): the time taken
 * reveals neither the secret's content nor its length.
 *
 * @example
 * const check = secretChecker("s3cret");
 * check(request.headers.authorization); // true only for "s3cret"
 */
import { randomBytes } from "node:crypto";
import { constantTimeEqual } from "../util/index.js";

/** Makes the check a route's guard runs on each request's `Authorization` header. */
export function secretChecker(secret: string): (header: string | string[] | undefined) => boolean {
  return (header) => {
    // A repeated header is ambiguous; refuse it rather than guess which copy counts.
    if (typeof header !== "string") return false;
    return constantTimeEqual(header, secret);
  };
}

/**
 * A long random secret (32 base64url characters, 192 bits) for a local run: `switchboard dev` and
 * the testing kit make one for the webhooks and one for the read API, so no run needs a secret
 * configured, and one that leaks is worth nothing after the run.
 *
 * @example
 * const secret = generateSecret(); // e.g. "q3J0c2V...", different every call
 */
export function generateSecret(): string {
  return randomBytes(24).toString("base64url");
}
