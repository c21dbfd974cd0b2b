/**
 * CSV as RFC 4180 writes it and spreadsheets export it: comma-separated fields, double-quoted
 * when they hold a comma, a quote (doubled) or a line break; records end with CRLF, LF or a lone
 * CR; a UTF-8 byte order mark is dropped; blank lines are skipped. Each record keeps the line of
 * the file it starts on (the header is line 1), counting the line breaks inside quoted fields, so
 * a problem is reported where an editor shows it. Hand-rolled: the rules fit in one page, and a
 * dependency would not report the line a record starts on.
 *
 * @example
 * parseCsv('phone,name\r\n+6590000002,"Lee, Ada"\r\n');
 * // [{ line: 1, fields: ["phone", "name"] }, { line: 2, fields: ["+6590000002", "Lee, Ada"] }]
 */

/** One record: its fields and the line it starts on (1 for the header). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** The text is not CSV from `line` on; nothing after it can be read. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = "CsvSyntaxError";
  }
}

const COMMA = 44;
const LF = 10;
const CR = 13;
const QUOTE = 34;

/** Parses CSV text into records; throws CsvSyntaxError with the line of a malformed field. */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const end = text.length;
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (at < end) {
    const start = line;
    const fields: string[] = [];
    for (;;) {
      let value: string;
      if (text.charCodeAt(at) === QUOTE) {
        [value, at, line] = quoted(text, at, line);
      } else {
        let stop = at;
        for (; stop < end; stop += 1) {
          const code = text.charCodeAt(stop);
          if (code === COMMA || code === LF || code === CR) break;
          if (code === QUOTE) {
            throw new CsvSyntaxError(line, `line ${line}: a quote inside a field that does not start with one; quote the whole field and double the quote inside it ("say ""hi""")`);
          }
        }
        value = text.slice(at, stop);
        at = stop;
      }
      fields.push(value);
      if (at >= end) break;
      const code = text.charCodeAt(at);
      at += 1;
      if (code === COMMA) continue;
      if (code === CR && text.charCodeAt(at) === LF) at += 1;
      line += 1;
      break;
    }
    if (!(fields.length === 1 && fields[0] === "")) records.push({ line: start, fields });
  }
  return records;
}

/** Reads a quoted field starting at `at` (its opening quote): its value, where it ends, and the line it ends on. */
function quoted(text: string, at: number, line: number): [string, number, number] {
  const opened = line;
  let value = "";
  let from = at + 1;
  for (;;) {
    const close = text.indexOf('"', from);
    if (close === -1) throw new CsvSyntaxError(opened, `line ${opened}: a quoted field starts here and is never closed; close it with a quote`);
    line += breaksIn(text, from, close);
    value += text.slice(from, close);
    if (text.charCodeAt(close + 1) === QUOTE) {
      value += '"';
      from = close + 2;
      continue;
    }
    const next = close + 1;
    const code = text.charCodeAt(next);
    if (next < text.length && code !== COMMA && code !== LF && code !== CR) {
      throw new CsvSyntaxError(line, `line ${line}: ${JSON.stringify(text[next])} follows a closing quote; a quoted field must end at a comma or the end of the line (double a quote inside it: "")`);
    }
    return [value, next, line];
  }
}

/** Line breaks (CRLF, LF or a lone CR) in text[from, to). */
function breaksIn(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i += 1) {
    const code = text.charCodeAt(i);
    if (code === LF || (code === CR && text.charCodeAt(i + 1) !== LF)) count += 1;
  }
  return count;
}

/** One field as CSV writes it: quoted when it holds a comma, a quote, a line break, or leading/trailing spaces. */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One record as a CSV line, ending in CRLF (RFC 4180). */
export function csvLine(fields: readonly string[]): string {
  return `${fields.map(csvField).join(",")}\r\n`;
}
