import { describe, expect, it } from "vitest";
import { CsvSyntaxError, csvLine, parseCsv } from "./csv.js";

describe("parseCsv", () => {
  it("reads fields and numbers records by the line they start on, the header being line 1", () => {
    expect(parseCsv("phone,name\n+6590000002,Ada\n+6590000003,Bo\n")).toEqual([
      { line: 1, fields: ["phone", "name"] },
      { line: 2, fields: ["+6590000002", "Ada"] },
      { line: 3, fields: ["+6590000003", "Bo"] },
    ]);
  });

  it("takes CRLF, LF and lone CR line ends, a missing last line end, and drops a byte order mark", () => {
    expect(parseCsv("\ufeffa,b\r\n1,2\r3,4\n5,6")).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["1", "2"] },
      { line: 3, fields: ["3", "4"] },
      { line: 4, fields: ["5", "6"] },
    ]);
  });

  it("reads quoted fields with commas, doubled quotes and line breaks, counting those breaks in the next record's line", () => {
    const text = 'phone,note\r\n+6590000002,"Lee, Ada"\r\n+6590000003,"said ""hi""\r\ntwice\nthen left"\r\n+6590000004,""\r\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ["phone", "note"] },
      { line: 2, fields: ["+6590000002", "Lee, Ada"] },
      { line: 3, fields: ["+6590000003", 'said "hi"\r\ntwice\nthen left'] },
      { line: 6, fields: ["+6590000004", ""] },
    ]);
  });

  it("skips blank lines but keeps counting them", () => {
    expect(parseCsv("a\n\n\r\n1\n\n")).toEqual([
      { line: 1, fields: ["a"] },
      { line: 4, fields: ["1"] },
    ]);
  });

  it("keeps empty fields, a trailing comma's included", () => {
    expect(parseCsv("a,b,c\n,,\n1,\n")).toEqual([
      { line: 1, fields: ["a", "b", "c"] },
      { line: 2, fields: ["", "", ""] },
      { line: 3, fields: ["1", ""] },
    ]);
  });

  it.each([
    ['a,b\n1,"open\n\n', 2, "line 2: a quoted field starts here and is never closed"],
    ['a,b\n1,2\n3,"x\ny"z\n', 4, 'line 4: "z" follows a closing quote'],
    ['a,b\n1,O"Brien\n', 2, "line 2: a quote inside a field that does not start with one"],
  ])("refuses malformed quoting with its line: %j", (text, line, message) => {
    let thrown: unknown;
    try {
      parseCsv(text);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CsvSyntaxError);
    expect((thrown as CsvSyntaxError).line).toBe(line);
    expect((thrown as CsvSyntaxError).message).toContain(message);
  });

  it("reads back what csvLine writes", () => {
    const fields = ["+6590000002", 'say "hi", then\nhang up', " padded ", "", "plain"];
    expect(parseCsv(csvLine(fields) + csvLine(["x"]))).toEqual([
      { line: 1, fields },
      { line: 3, fields: ["x"] },
    ]);
  });
});
