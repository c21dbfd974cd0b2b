/**
 * The flags of `switchboard campaign start`, checked before anything is sent: each refusal names
 * the flag, the value and what is expected (exit 2). The server checks them again.
 *
 * @example
 * parseRate("2/s"); // 2
 * parseWindow("09:00-20:00"); // "09:00-20:00"
 */
import { basename, extname } from "node:path";
import { UsageError } from "./usage-error.js";

const invalid = (flag: string, text: string, expected: string) => new UsageError("SB_CLI_INVALID_FLAG", `${flag} ${JSON.stringify(text)}: expected ${expected}`);

/** `--rate`: calls per second, `2`, `2/s`, `0.5/s` or `30/m`. */
export function parseRate(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(?:\/(s|m))?$/.exec(text.trim());
  const rate = match ? Number(match[1]) / (match[2] === "m" ? 60 : 1) : NaN;
  if (!(rate >= 0.01 && rate <= 1000)) throw invalid("--rate", text, "calls per second from 0.01 to 1000, e.g. 2/s, 0.5/s or 30/m");
  return rate;
}

/** A whole number in [min, max] for `flag`. */
function whole(flag: string, text: string, min: number, max: number, what: string): number {
  const value = /^\d+$/.test(text.trim()) ? Number(text) : NaN;
  if (!(value >= min && value <= max)) throw invalid(flag, text, `${what} from ${min} to ${max}`);
  return value;
}

/** `--concurrency`: sessions in progress at once, 1-1000. */
export function parseConcurrency(text: string): number {
  return whole("--concurrency", text, 1, 1000, "a whole number of calls in progress at once");
}

/** `--max-attempts`: attempts per contact, the first included, 1-20. */
export function parseMaxAttempts(text: string): number {
  return whole("--max-attempts", text, 1, 20, "a whole number of attempts per contact");
}

/** `--window`: a daily calling window `HH:MM-HH:MM` (it may wrap midnight). */
export function parseWindow(text: string): string {
  const match = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/.exec(text.trim());
  if (!match) throw invalid("--window", text, "a daily calling window HH:MM-HH:MM, e.g. 09:00-20:00");
  return text.trim();
}

/** `--timezone`: an IANA time zone this Node.js knows. */
export function parseTimezone(text: string): string {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: text });
    if (text.trim() !== "") return text;
  } catch {
    // refused below
  }
  throw invalid("--timezone", text, "an IANA time zone, e.g. Europe/London or Asia/Singapore");
}

/** `--name` and campaign arguments: 1-40 letters, digits and `_ . -`, starting with a letter or digit. */
export function parseCampaignName(text: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/.test(text)) throw invalid("--name", text, "a campaign name: 1 to 40 letters, digits and _ . -, starting with a letter or digit");
  return text;
}

/** A campaign name made from the contacts file's name (`lists/spring 2026.csv` gives `spring-2026`). */
export function nameFromFile(file: string): string {
  const stem = basename(file, extname(file)).replace(/[^A-Za-z0-9_.-]+/g, "-").replace(/^[^A-Za-z0-9]+/, "").slice(0, 40);
  return stem === "" ? "campaign" : stem;
}
