import { describe, expect, it } from "vitest";
import { parseDotenv } from "./dotenv.js";

describe("parseDotenv", () => {
  it("reads plain, exported, quoted and commented lines", () => {
    const text = [
      "# settings",
      "EIGHTX8_API_KEY=abc123",
      "export EIGHTX8_SUBACCOUNT_ID=acme_ivr # mine",
      "EIGHTX8_BASE_URL='https://voice.8x8.com#not-a-comment'",
      'GREETING="line one\\nline \\"two\\""',
      "EMPTY=",
      "not a definition",
      "",
    ].join("\n");
    expect(parseDotenv(text)).toEqual({
      EIGHTX8_API_KEY: "abc123",
      EIGHTX8_SUBACCOUNT_ID: "acme_ivr",
      EIGHTX8_BASE_URL: "https://voice.8x8.com#not-a-comment",
      GREETING: 'line one\nline "two"',
      EMPTY: "",
    });
  });

  it("keeps a # inside an unquoted value that has no space before it, and takes the last definition", () => {
    expect(parseDotenv("KEY=a#b\r\nKEY=c#d\r\n")).toEqual({ KEY: "c#d" });
  });
});
