/**
 * The optional source-address allowlist for webhook routes. The client address is the socket's
 * unless `trustProxy` was given, in which case Fastify reads the forwarding header: trusting it
 * without a proxy in front would let anyone claim to be 8x8.
 *
 * @example
 * const allowed = addressMatcher([...EIGHT_BY_EIGHT_WEBHOOK_ADDRESSES, "127.0.0.1"]);
 * allowed("::ffff:18.140.80.2"); // true
 */

/** The fixed addresses 8x8 Voice delivers webhooks from (SPEC section 6, Asia Pacific). */
export const EIGHT_BY_EIGHT_WEBHOOK_ADDRESSES: readonly string[] = [
  "18.140.80.2",
  "52.220.253.234",
  "54.255.116.8",
  "52.74.232.241",
];

/** IPv4 clients on a dual-stack socket show up as `::ffff:a.b.c.d`. */
export function normalizeAddress(address: string): string {
  const lower = address.trim().toLowerCase();
  return lower.startsWith("::ffff:") && lower.includes(".") ? lower.slice("::ffff:".length) : lower;
}

export function addressMatcher(addresses: readonly string[]): (address: string | undefined) => boolean {
  const allowed = new Set(addresses.map(normalizeAddress));
  return (address) => address !== undefined && allowed.has(normalizeAddress(address));
}
