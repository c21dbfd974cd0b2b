import { describe, expect, it } from "vitest";
import { constantTimeEqual } from "./constant-time.js";

describe("constantTimeEqual", () => {
  it("accepts only the identical string", () => {
    expect(constantTimeEqual("s3cret-value", "s3cret-value")).toBe(true);
    expect(constantTimeEqual("s3cret-valuf", "s3cret-value")).toBe(false);
    expect(constantTimeEqual("t3cret-value", "s3cret-value")).toBe(false);
  });

  it("refuses a prefix, an extension and a repetition of the secret", () => {
    expect(constantTimeEqual("s3cret", "s3cret-value")).toBe(false);
    expect(constantTimeEqual("s3cret-value!", "s3cret-value")).toBe(false);
    // Compared position by position modulo the secret's length: a repetition must still fail.
    expect(constantTimeEqual("abcabc", "abc")).toBe(false);
  });

  it("handles empty strings and characters beyond ASCII", () => {
    expect(constantTimeEqual("", "")).toBe(true);
    expect(constantTimeEqual("", "x")).toBe(false);
    expect(constantTimeEqual("x", "")).toBe(false);
    expect(constantTimeEqual("clé-✓", "clé-✓")).toBe(true);
    expect(constantTimeEqual("cle-✓", "clé-✓")).toBe(false);
  });
});
