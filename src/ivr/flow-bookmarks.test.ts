import { describe, expect, it } from "vitest";
import { memoryLogger } from "../../test/ivr-caller.js";
import { bookmarkCodec } from "./bookmark.js";
import type { Flow } from "./flow-schema.js";
import { FlowBookmarks } from "./flow-bookmarks.js";
import type { CallActionEvent } from "./types.js";

const flow: Flow = { version: 1, entry: "main", menus: { main: { prompt: "Main.", options: { "1": "other" } }, other: { prompt: "Other.", options: { "1": "main" } } } };
const codec = bookmarkCodec("key");
const bookmarks = new FlowBookmarks(flow, { lookup: () => null }, codec);

function vca(callStatus: string, clientActionId: string | null): CallActionEvent {
  return { callStatus, clientActionId, sessionId: "s", dtmf: "1" } as CallActionEvent;
}

describe("FlowBookmarks: where a VCA puts the caller", () => {
  it("has no position for a new call, and the entry menu for a later VCA without a bookmark", () => {
    const ctx = { sessionId: "s", vars: {}, logger: memoryLogger(), signal: new AbortController().signal };
    expect(bookmarks.locate(vca("CALL_RECEIVED", null), ctx)).toBeUndefined();
    expect(bookmarks.locate(vca("ACTION_COMPLETED", null), ctx)).toEqual({ path: ["main"], invalid: 0, silent: 0 });
    expect(bookmarks.locate(vca("ACTION_COMPLETED", ""), ctx)).toEqual({ path: ["main"], invalid: 0, silent: 0 });
    expect(ctx.logger.lines).toEqual([]);
  });

  it("reads its own bookmark, and logs and refuses one that fails its check or names what the flow lacks", () => {
    const logger = memoryLogger();
    const ctx = { sessionId: "s", vars: {}, logger, signal: new AbortController().signal };
    const id = codec.encode({ path: ["main", "other"], invalid: 1, silent: 0 });
    expect(bookmarks.locate(vca("ACTION_COMPLETED", id), ctx)).toEqual({ path: ["main", "other"], invalid: 1, silent: 0 });
    expect(bookmarks.locate(vca("ACTION_COMPLETED", bookmarkCodec("other-key").encode({ path: ["main"], invalid: 0, silent: 0 })), ctx)).toBeUndefined();
    expect(bookmarks.locate(vca("ACTION_COMPLETED", codec.encode({ path: ["gone"], invalid: 0, silent: 0 })), ctx)).toBeUndefined();
    expect(bookmarks.locate(vca("ACTION_COMPLETED", codec.encode({ path: ["main"], invalid: 0, silent: 0, handler: "gone" })), ctx)).toBeUndefined();
    expect(logger.lines.map((line) => [line.level, line.msg])).toEqual([
      ["warn", "unusable bookmark; answering from the entry menu"],
      ["warn", "bookmark names a menu or handler this flow lacks; answering from the entry menu"],
      ["warn", "bookmark names a menu or handler this flow lacks; answering from the entry menu"],
    ]);
  });

  it("traces the menu answered and the menu led to, null where the answer leaves the menus", () => {
    const inOther = codec.encode({ path: ["main", "other"], invalid: 0, silent: 0 });
    const transferred = codec.encode({ path: ["main"], invalid: 0, silent: 0, transferredBy: "2" });
    expect(bookmarks.trace(vca("CALL_RECEIVED", null), { clientActionId: inOther, callflow: [] })).toEqual({ menu: null, nextMenu: "other" });
    expect(bookmarks.trace(vca("ACTION_COMPLETED", null), { callflow: [] })).toEqual({ menu: "main", nextMenu: null });
    expect(bookmarks.trace(vca("ACTION_COMPLETED", inOther), { clientActionId: transferred, callflow: [] })).toEqual({ menu: "other", nextMenu: null });
    expect(bookmarks.trace(vca("ACTION_COMPLETED", "menu:main"), { clientActionId: "x", callflow: [] })).toEqual({ menu: null, nextMenu: null });
    expect(bookmarks.owns(inOther)).toBe(true);
    expect(bookmarks.owns("menu:main")).toBe(false);
  });
});
