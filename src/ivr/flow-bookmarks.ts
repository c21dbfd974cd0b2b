/**
 * This flow's bookmarks (the format is in bookmark.ts): where a VCA puts the caller, checked
 * against the flow, and which menus an answered VCA went between, for reports.
 *
 * How a VCA is read:
 * - `CALL_RECEIVED` (a new inbound call): no position yet; the caller hears the entry menu.
 * - `ACTION_COMPLETED` without clientActionId (an outbound session's first VCA, whose Send
 *   Callflow already played the entry prompt): the caller is in the entry menu.
 * - with a bookmark: the position it names. An unknown, outdated or altered bookmark, or one
 *   naming a menu or handler this flow lacks, is logged and the caller hears the entry menu
 *   again (never an exception).
 *
 * @example
 * const bookmarks = new FlowBookmarks(flow, handlers, bookmarkCodec(fingerprint(flow)));
 * bookmarks.locate(event, ctx); // { path: ["main", "reservations"], invalid: 1, silent: 0 }
 */
import type { Bookmark, BookmarkCodec } from "./bookmark.js";
import type { HandlerMap } from "./define.js";
import type { Flow } from "./flow-schema.js";
import type { CallActionEvent, HandlerContext, MenuStep } from "./types.js";
import type { VcaAnswer } from "../voice/index.js";

export class FlowBookmarks {
  constructor(
    private readonly flow: Flow,
    private readonly handlers: HandlerMap,
    private readonly codec: BookmarkCodec,
  ) {}

  /** The clientActionId that brings the next VCA back to this position. */
  encode(bookmark: Bookmark): string {
    return this.codec.encode(bookmark);
  }

  /** Whether `clientActionId` is a bookmark of this flow (its check holds). */
  owns(clientActionId: string): boolean {
    return this.codec.decode(clientActionId).ok;
  }

  /** Where the VCA puts the caller; undefined when the caller should hear the entry menu afresh. */
  locate(event: CallActionEvent, ctx: HandlerContext): Bookmark | undefined {
    if (event.callStatus === "CALL_RECEIVED") return undefined;
    if (event.clientActionId === null || event.clientActionId === "") return { path: [this.flow.entry], invalid: 0, silent: 0 };
    const decoded = this.codec.decode(event.clientActionId);
    if (!decoded.ok) {
      ctx.logger.warn({ sessionId: ctx.sessionId, clientActionId: event.clientActionId, reason: decoded.reason }, "unusable bookmark; answering from the entry menu");
      return undefined;
    }
    const missing = decoded.bookmark.path.find((name) => !Object.hasOwn(this.flow.menus, name));
    const handlerGone = decoded.bookmark.handler !== undefined && !Object.hasOwn(this.handlers, decoded.bookmark.handler);
    if (missing !== undefined || handlerGone) {
      ctx.logger.warn({ sessionId: ctx.sessionId, clientActionId: event.clientActionId }, "bookmark names a menu or handler this flow lacks; answering from the entry menu");
      return undefined;
    }
    return decoded.bookmark;
  }

  /** The menu the caller answered and the menu the answer leads to; never throws. */
  trace(event: CallActionEvent, answer: VcaAnswer): MenuStep {
    // As `locate` reads it: a VCA after the first without a bookmark answers the entry menu.
    const opening = event.callStatus === "CALL_RECEIVED";
    const menu = opening ? null : event.clientActionId ? this.menuOf(event.clientActionId) : this.flow.entry;
    return { menu, nextMenu: this.menuOf(answer.clientActionId) };
  }

  /** The menu a bookmark of this flow puts the caller in; null for another's, or a transfer's. */
  private menuOf(clientActionId: string | null | undefined): string | null {
    if (!clientActionId) return null;
    const decoded = this.codec.decode(clientActionId);
    if (!decoded.ok || decoded.bookmark.transferredBy !== undefined) return null;
    const menu = decoded.bookmark.path.at(-1) as string;
    return Object.hasOwn(this.flow.menus, menu) ? menu : null;
  }
}
