/**
 * A campaign's contacts file, checked before anyone is called. The header (line 1) names the
 * columns: `phone` (required, E.164), optional `timezone` (IANA) and `id`, and the variables the
 * flow's templates read (each one the flow reads is required). Every row is checked (phone, a
 * phone or id used twice, time zone, empty variables), and each problem names the line the row
 * starts on, the column and what is expected.
 *
 * Problems with the header or the file itself (`fatal`) stop the campaign whatever happens;
 * problems with rows (`rows`) stop it too unless they are skipped (`--skip-invalid`).
 *
 * @example
 * const read = readContacts("phone,name\n+6590000002,Ada\n12ab,Bo\n", { variables: ["name"] });
 * read.contacts; // [{ line: 2, phone: "+6590000002", id: null, timezone: null, vars: { name: "Ada" } }]
 * read.rows;     // [{ line: 3, field: "phone", reason: '"12ab" is not a phone number in E.164 form (e.g. +6590000002)' }]
 */
import { E164_PATTERN } from "../../voice/index.js";
import { isTimeZone } from "../calling-window.js";
import { CsvSyntaxError, parseCsv } from "./csv.js";

/** One contact to call. */
export interface Contact {
  /** The line of the file its row starts on. */
  line: number;
  /** E.164, with its `+`. */
  phone: string;
  /** Its `id` column, when the file has one. */
  id: string | null;
  /** Its `timezone` column, when given. */
  timezone: string | null;
  /** The flow's variables, from their columns. */
  vars: Record<string, string>;
}

/** A problem, where it is: the line (1 for the header), the column (null: the whole row or file) and why. */
export interface ContactProblem {
  line: number;
  field: string | null;
  reason: string;
}

/** What `readContacts` found: the good contacts, and the problems that stop the campaign. */
export interface ContactsReading {
  contacts: Contact[];
  /** Problems with the file or its header: nothing can be called. */
  fatal: ContactProblem[];
  /** Problems with rows: their contacts are not in `contacts`. */
  rows: ContactProblem[];
}

/** What the file is checked against. */
export interface ContactsRules {
  /** The variables the flow's templates read (`OutboundFlows.variablesOf`). */
  variables: readonly string[];
  /** Most contacts in one file; default `MAX_CONTACTS`. */
  maxContacts?: number;
}

/** Most contacts a campaign takes from one file. */
export const MAX_CONTACTS = 100_000;

/** Columns with a meaning of their own; every other column must be a variable the flow reads. */
export const CONTACT_COLUMNS = ["phone", "timezone", "id"] as const;

const PHONE = new RegExp(E164_PATTERN);
/** An id goes into the request id and the clientRequestId sent to 8x8 (at most 100 characters in all). */
const ID = /^[A-Za-z0-9][A-Za-z0-9_.:@+-]{0,47}$/;

/** Reads and checks a contacts file; never throws for bad input. */
export function readContacts(text: string, rules: ContactsRules): ContactsReading {
  let records;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) return { contacts: [], fatal: [{ line: error.line, field: null, reason: error.message.replace(/^line \d+: /, "") }], rows: [] };
    throw error;
  }
  const [header, ...body] = records;
  if (!header) return { contacts: [], fatal: [{ line: 1, field: null, reason: "the file is empty; its first line names the columns, e.g. phone,name" }], rows: [] };
  const fatal = checkHeader(header.line, header.fields, rules.variables);
  const max = rules.maxContacts ?? MAX_CONTACTS;
  if (body.length === 0) fatal.push({ line: header.line, field: null, reason: "the file has a header and no contacts" });
  if (body.length > max) fatal.push({ line: body[max]!.line, field: null, reason: `the file has ${body.length} contacts; a campaign takes at most ${max}: split it` });
  if (fatal.length > 0) return { contacts: [], fatal, rows: [] };

  const columns = header.fields.map((name) => name.trim());
  const column = (name: string) => columns.indexOf(name);
  const at = { phone: column("phone"), id: column("id"), timezone: column("timezone") };
  const contacts: Contact[] = [];
  const rows: ContactProblem[] = [];
  const phones = new Map<string, number>();
  const ids = new Map<string, number>();
  for (const { line, fields } of body) {
    if (fields.length !== columns.length) {
      rows.push({ line, field: null, reason: `the row has ${fields.length} fields and the header ${columns.length} (a comma too many or too few, or a field holding a comma that is not quoted)` });
      continue;
    }
    const problems: ContactProblem[] = [];
    const problem = (field: string, reason: string) => problems.push({ line, field, reason });

    const rawPhone = fields[at.phone]!.trim();
    let phone = rawPhone.startsWith("+") ? rawPhone : `+${rawPhone}`;
    if (!PHONE.test(rawPhone)) {
      problem("phone", rawPhone === "" ? "is empty" : `${JSON.stringify(rawPhone)} is not a phone number in E.164 form (e.g. +6590000002)`);
      phone = "";
    } else if (phones.has(phone)) {
      problem("phone", `${phone} is also on line ${phones.get(phone)}: call each number once`);
    }

    let id: string | null = null;
    if (at.id >= 0) {
      id = fields[at.id]!.trim();
      if (id === "") problem("id", "is empty; give every row an id, or leave the id column out (the line number is the id then)");
      else if (!ID.test(id)) problem("id", `${JSON.stringify(id)} is not an id: 1 to 48 letters, digits and _ . : @ + -, starting with a letter or digit`);
      else if (ids.has(id)) problem("id", `${JSON.stringify(id)} is also on line ${ids.get(id)}: ids must be unique`);
    }

    let timezone: string | null = null;
    if (at.timezone >= 0) {
      timezone = fields[at.timezone]!.trim() || null;
      if (timezone !== null && !isTimeZone(timezone)) problem("timezone", `${JSON.stringify(timezone)} is not an IANA time zone (e.g. Europe/London, Asia/Singapore)`);
    }

    const vars: Record<string, string> = {};
    for (const name of rules.variables) {
      const value = fields[column(name)]!;
      if (value.trim() === "") problem(name, `is empty; the flow reads vars.${name}`);
      vars[name] = value;
    }

    // First come, first kept: a later duplicate is the one reported.
    if (phone !== "" && !phones.has(phone)) phones.set(phone, line);
    if (id !== null && id !== "" && !ids.has(id)) ids.set(id, line);
    if (problems.length > 0) rows.push(...problems);
    else contacts.push({ line, phone, id, timezone, vars });
  }
  return { contacts, fatal: [], rows };
}

function checkHeader(line: number, fields: readonly string[], variables: readonly string[]): ContactProblem[] {
  const problems: ContactProblem[] = [];
  const columns = fields.map((name) => name.trim());
  const known = new Set<string>([...CONTACT_COLUMNS, ...variables]);
  const seen = new Set<string>();
  columns.forEach((name, index) => {
    if (name === "") problems.push({ line, field: null, reason: `column ${index + 1} has no name` });
    else if (seen.has(name)) problems.push({ line, field: name, reason: `column ${JSON.stringify(name)} appears twice` });
    else if (!known.has(name)) problems.push({ line, field: name, reason: unknownColumn(name, variables) });
    seen.add(name);
  });
  if (!seen.has("phone")) problems.push({ line, field: "phone", reason: "there is no phone column: name the column of numbers to call phone" });
  for (const name of variables) {
    if (!seen.has(name)) problems.push({ line, field: name, reason: `the flow reads vars.${name}: add a column ${name}` });
  }
  return problems;
}

function unknownColumn(name: string, variables: readonly string[]): string {
  const expected = variables.length > 0 ? `phone, timezone, id, or a variable the flow reads (${variables.join(", ")})` : "phone, timezone or id (the flow reads no variables)";
  const near = [...CONTACT_COLUMNS, ...variables].find((known) => known.toLowerCase() === name.toLowerCase());
  return `column ${JSON.stringify(name)} is not ${expected}${near ? `; did you mean ${near}?` : ""}`;
}
