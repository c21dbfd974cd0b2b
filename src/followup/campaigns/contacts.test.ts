import { describe, expect, it } from "vitest";
import { readContacts } from "./contacts.js";

const rules = { variables: ["name"] };

describe("readContacts", () => {
  it("reads each row into a contact with its line, phone, id, time zone and the flow's variables", () => {
    const read = readContacts("id,phone,timezone,name\r\nc1,+6590000002,Asia/Singapore,Ada\r\nc2, 6590000003 ,,\"Lee, Bo\"\r\n", rules);
    expect(read).toEqual({
      fatal: [],
      rows: [],
      contacts: [
        { line: 2, phone: "+6590000002", id: "c1", timezone: "Asia/Singapore", vars: { name: "Ada" } },
        { line: 3, phone: "+6590000003", id: "c2", timezone: null, vars: { name: "Lee, Bo" } },
      ],
    });
  });

  it("reports every bad row with the line it starts on, the column and why, and keeps the good ones", () => {
    const text = [
      "phone,name",
      "+6590000002,Ada", // 2
      "12ab,Bo", // 3: not E.164
      '+6590000004,"multi', // 4: a quoted field over two lines
      'line"',
      "+6590000002,Cy", // 6: the phone of line 2
      "+6590000006,", // 7: the variable is empty
      "+6590000007,Di,extra", // 8: a field too many
      ",Ed", // 9: no phone
    ].join("\n");
    const read = readContacts(text, rules);
    expect(read.fatal).toEqual([]);
    expect(read.contacts.map((c) => [c.line, c.phone])).toEqual([
      [2, "+6590000002"],
      [4, "+6590000004"],
    ]);
    expect(read.contacts[1]?.vars).toEqual({ name: "multi\nline" });
    expect(read.rows).toEqual([
      { line: 3, field: "phone", reason: '"12ab" is not a phone number in E.164 form (e.g. +6590000002)' },
      { line: 6, field: "phone", reason: "+6590000002 is also on line 2: call each number once" },
      { line: 7, field: "name", reason: "is empty; the flow reads vars.name" },
      { line: 8, field: null, reason: expect.stringContaining("the row has 3 fields and the header 2") },
      { line: 9, field: "phone", reason: "is empty" },
    ]);
  });

  it("reports an id used twice, an empty or malformed id, and an unknown time zone", () => {
    const text = "id,phone,timezone\na,+6590000002,UTC\na,+6590000003,\n,+6590000004,\nb c,+6590000005,\nd,+6590000006,Mars/Olympus\n";
    const read = readContacts(text, { variables: [] });
    expect(read.contacts.map((c) => c.id)).toEqual(["a"]);
    expect(read.rows).toEqual([
      { line: 3, field: "id", reason: '"a" is also on line 2: ids must be unique' },
      { line: 4, field: "id", reason: expect.stringContaining("is empty") },
      { line: 5, field: "id", reason: expect.stringContaining('"b c" is not an id') },
      { line: 6, field: "timezone", reason: '"Mars/Olympus" is not an IANA time zone (e.g. Europe/London, Asia/Singapore)' },
    ]);
  });

  it("refuses the whole file for unknown columns, a missing phone column or a variable the flow reads, all on line 1", () => {
    const read = readContacts("Phone,nickname,phone,phone\n+6590000002,A,+6590000002,x\n", rules);
    expect(read.contacts).toEqual([]);
    expect(read.fatal).toEqual([
      { line: 1, field: "Phone", reason: 'column "Phone" is not phone, timezone, id, or a variable the flow reads (name); did you mean phone?' },
      { line: 1, field: "nickname", reason: 'column "nickname" is not phone, timezone, id, or a variable the flow reads (name)' },
      { line: 1, field: "phone", reason: 'column "phone" appears twice' },
      { line: 1, field: "name", reason: "the flow reads vars.name: add a column name" },
    ]);
    expect(readContacts("number,name\n+6590000002,Ada\n", rules).fatal).toContainEqual({
      line: 1,
      field: "phone",
      reason: "there is no phone column: name the column of numbers to call phone",
    });
  });

  it("refuses an empty file, a header without rows, too many rows and a CSV syntax error, with the line", () => {
    expect(readContacts("", rules).fatal).toEqual([{ line: 1, field: null, reason: expect.stringContaining("the file is empty") }]);
    expect(readContacts("phone,name\n", rules).fatal).toEqual([{ line: 1, field: null, reason: "the file has a header and no contacts" }]);
    const three = "phone\n+6590000002\n+6590000003\n+6590000004\n";
    expect(readContacts(three, { variables: [], maxContacts: 2 }).fatal).toEqual([{ line: 4, field: null, reason: "the file has 3 contacts; a campaign takes at most 2: split it" }]);
    expect(readContacts('phone,name\n+6590000002,"Ada\n', rules).fatal).toEqual([
      { line: 2, field: null, reason: "a quoted field starts here and is never closed; close it with a quote" },
    ]);
  });
});
