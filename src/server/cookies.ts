/**
 * The dashboard's session cookie: reading one cookie from a `Cookie` header and writing the
 * `Set-Cookie` value that starts or ends it. Only what the dashboard needs (one name, values it
 * made itself from base64url characters), so no general cookie library is needed.
 *
 * @example
 * readCookie("a=1; switchboard_session=abc", "switchboard_session"); // "abc"
 * sessionCookie("switchboard_session", "abc", { path: "/", secure: false }); // "switchboard_session=abc; Path=/; HttpOnly; SameSite=Strict"
 */

/** Where the cookie applies: the mount's path (`/`, or its prefix) and whether the page was loaded over https. */
export interface CookieScope {
  /** `Path=`: `/` at the root, `/ivr` under a prefix. */
  path: string;
  /** Adds `Secure` (the browser then sends it over https only). */
  secure: boolean;
}

/** The value of cookie `name` in a `Cookie` header; undefined when absent (or the header repeats). */
export function readCookie(header: string | string[] | undefined, name: string): string | undefined {
  if (typeof header !== "string") return undefined;
  // A short header holds few cookies: a split is plain and bounded by the header size limit.
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * A `Set-Cookie` value for a session cookie: `HttpOnly` (scripts cannot read it), `SameSite=Strict`
 * (no other site's page sends it), scoped to `scope.path`, `Secure` over https. No `Max-Age`: the
 * browser forgets it when it closes; the server expires it sooner on its own clock.
 */
export function sessionCookie(name: string, value: string, scope: CookieScope): string {
  return `${name}=${value}; Path=${scope.path}; HttpOnly; SameSite=Strict${scope.secure ? "; Secure" : ""}`;
}

/** A `Set-Cookie` value that deletes the cookie `sessionCookie` set with the same scope. */
export function clearedCookie(name: string, scope: CookieScope): string {
  return `${name}=; Path=${scope.path}; Max-Age=0; HttpOnly; SameSite=Strict${scope.secure ? "; Secure" : ""}`;
}
