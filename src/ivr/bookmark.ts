/**
 * The caller's position, written into `clientActionId` (8x8 echoes it on the next VCA) so any
 * server instance can answer the next step without shared memory. Format, version 1:
 *
 *   sb1.<menu path>.<flags>.<check>      e.g.  sb1.main~reservations.i1.Xq3v_9aB
 *
 * - menu path: the menus the caller went through, `~`-separated, current last (`back` pops it);
 *   at most MAX_DEPTH entries are kept.
 * - flags (`-` when none, else `,`-separated): `i<n>` wrong inputs and `s<n>` silent rounds in
 *   this menu so far; `x<key>` the caller was transferred by option <key>; `h<name>` a handler
 *   owns the next VCA, `u<base64url>` that handler's own clientActionId.
 * - check: 8 characters of an HMAC-SHA256 over the rest, keyed by the flow's fingerprint (or a
 *   configured secret), so a bookmark from another flow version or an edited one is refused
 *   and the caller is answered from the entry menu instead.
 *
 * @example
 * const codec = bookmarkCodec("flow-fingerprint");
 * const id = codec.encode({ path: ["main"], invalid: 0, silent: 0 });
 * codec.decode(id); // { path: ["main"], invalid: 0, silent: 0 }
 */
import { createHash, createHmac } from "node:crypto";
import { constantTimeEqual, deepFreeze } from "../util/index.js";

/** The prefix of every bookmark this version writes; a `clientActionId` without it is not Switchboard's. */
export const BOOKMARK_VERSION = "sb1";
export const MAX_DEPTH = 8;

/** The caller's position that a bookmark carries in `clientActionId` (see the format above). */
export interface Bookmark {
  /** Menu names from the first menu entered to the current one. */
  path: string[];
  /** Wrong inputs in the current menu so far. */
  invalid: number;
  /** Silent rounds (8x8's tries ran out with no input) in the current menu so far. */
  silent: number;
  /** Key of the transfer option the caller left through. */
  transferredBy?: string;
  /** A handler that asked to receive the next VCA. */
  handler?: string;
  /** That handler's own clientActionId, given back to it on the next VCA. */
  inner?: string;
}

export type DecodeResult = { ok: true; bookmark: Bookmark } | { ok: false; reason: string };

export interface BookmarkCodec {
  encode(bookmark: Bookmark): string;
  decode(clientActionId: string): DecodeResult;
}

/** A stable fingerprint of a flow, the default bookmark key: a new flow version voids old bookmarks. */
export function fingerprint(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("base64url").slice(0, 16);
}

/** Bookmark bodies whose check is remembered; a flow has few, so past this many the memo starts over. */
const CHECK_MEMO_SIZE = 4096;

export function bookmarkCodec(key: string): BookmarkCodec {
  // The check is a pure function of the body, and every VCA computes two: remembering them saves
  // an HMAC each. A decoded bookmark is still compared against the check of its own body.
  const memo = new Map<string, string>();
  const decoded = new Map<string, DecodeResult>();
  const check = (body: string) => {
    let mac = memo.get(body);
    if (mac === undefined) {
      mac = createHmac("sha256", key).update(body).digest("base64url").slice(0, 8);
      if (memo.size >= CHECK_MEMO_SIZE) memo.clear();
      memo.set(body, mac);
    }
    return mac;
  };
  return {
    encode(bookmark) {
      const flags: string[] = [];
      if (bookmark.invalid > 0) flags.push(`i${bookmark.invalid}`);
      if (bookmark.silent > 0) flags.push(`s${bookmark.silent}`);
      if (bookmark.transferredBy !== undefined) flags.push(`x${bookmark.transferredBy}`);
      if (bookmark.handler !== undefined) flags.push(`h${bookmark.handler}`);
      if (bookmark.inner !== undefined) flags.push(`u${Buffer.from(bookmark.inner).toString("base64url")}`);
      const body = `${BOOKMARK_VERSION}.${bookmark.path.slice(-MAX_DEPTH).join("~")}.${flags.length ? flags.join(",") : "-"}`;
      return `${body}.${check(body)}`;
    },
    decode(clientActionId) {
      // A pure function of the text, and a flow has few bookmarks: each is read once. The results
      // are frozen, as every caller of the same text shares one.
      let result = decoded.get(clientActionId);
      if (result === undefined) {
        result = deepFreeze(decodeText(clientActionId));
        if (decoded.size >= CHECK_MEMO_SIZE) decoded.clear();
        decoded.set(clientActionId, result);
      }
      return result;
    },
  };

  function decodeText(clientActionId: string): DecodeResult {
    const parts = clientActionId.split(".");
    if (parts.length !== 4) return { ok: false, reason: "not a Switchboard bookmark" };
    const [version, path, flags, mac] = parts as [string, string, string, string];
    if (version !== BOOKMARK_VERSION) return { ok: false, reason: `bookmark version ${version}, expected ${BOOKMARK_VERSION}` };
    if (!constantTimeEqual(mac, check(`${version}.${path}.${flags}`))) {
      return { ok: false, reason: "bookmark check failed (another flow version, or altered)" };
    }
    const bookmark: Bookmark = { path: path.split("~").filter(Boolean), invalid: 0, silent: 0 };
    if (bookmark.path.length === 0) return { ok: false, reason: "bookmark names no menu" };
    for (const flag of flags === "-" ? [] : flags.split(",")) {
      const value = flag.slice(1);
      switch (flag[0]) {
        case "i": bookmark.invalid = Number(value) || 0; break;
        case "s": bookmark.silent = Number(value) || 0; break;
        case "x": bookmark.transferredBy = value; break;
        case "h": bookmark.handler = value; break;
        case "u": bookmark.inner = Buffer.from(value, "base64url").toString(); break;
        default: return { ok: false, reason: `unknown bookmark flag ${flag}` };
      }
    }
    return { ok: true, bookmark };
  }
}
