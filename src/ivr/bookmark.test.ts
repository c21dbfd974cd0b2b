import { describe, expect, it } from "vitest";
import { bookmarkCodec } from "./bookmark.js";

describe("bookmark codec", () => {
  const codec = bookmarkCodec("flow-key");

  it("reads back what it wrote, flags included", () => {
    const written = codec.encode({ path: ["main", "accounts"], invalid: 1, silent: 2, handler: "lookup", inner: "their.own:id" });
    expect(written).toMatch(/^sb1\.main~accounts\.i1,s2,hlookup,u[\w-]+\.[\w-]{8}$/);
    expect(codec.decode(written)).toEqual({ ok: true, bookmark: { path: ["main", "accounts"], invalid: 1, silent: 2, handler: "lookup", inner: "their.own:id" } });
  });

  it("gives every reader of the same text one frozen result", () => {
    const written = codec.encode({ path: ["main"], invalid: 0, silent: 0 });
    const first = codec.decode(written);
    expect(codec.decode(written)).toBe(first);
    expect(Object.isFrozen(first.ok && first.bookmark.path)).toBe(true);
  });

  it("refuses an altered bookmark, a foreign key's and a malformed one, even after reading the genuine one", () => {
    const written = codec.encode({ path: ["main"], invalid: 0, silent: 0 });
    expect(codec.decode(written).ok).toBe(true);
    expect(codec.decode(written.replace("main", "admin"))).toMatchObject({ ok: false, reason: expect.stringMatching(/check failed/) });
    expect(bookmarkCodec("other-key").decode(written)).toMatchObject({ ok: false });
    expect(codec.decode("sb1.main.-")).toMatchObject({ ok: false, reason: "not a Switchboard bookmark" });
    expect(codec.decode(`${written.slice(0, -1)}${written.endsWith("A") ? "B" : "A"}`)).toMatchObject({ ok: false });
  });
});
