/**
 * Flag checks for `switchboard serve` and `switchboard sessions`: each refusal names the flag,
 * the value given and what was expected, and exits 2 (UsageError).
 */
import { UsageError } from "./usage-error.js";

const whole = (flag: string, text: string, min: number, max: number, what: string): number => {
  if (!/^\d{1,9}$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError("SB_CLI_INVALID_FLAG", `${flag}: "${text}" is invalid; expected ${what} from ${min} to ${max}`);
  }
  return Number(text);
};

export const parsePort = (text: string) => whole("--port", text, 0, 65_535, "a port number");
export const parseHandlerTimeout = (text: string) => whole("--handler-timeout", text, 1, 60_000, "milliseconds");
export const parseBodyLimit = (text: string) => whole("--body-limit", text, 1024, 10 * 1024 * 1024, "a size in bytes");
export const parseLimit = (text: string) => whole("--limit", text, 1, 500, "a number of sessions");

const DURATION_UNITS_MS = { ms: 1, s: 1000, m: 60_000 } as const;
const MAX_DRAIN_TIMEOUT_MS = 10 * 60_000;

/**
 * A duration for `flag`: whole milliseconds (`2500`, as the other time flags take them) or a
 * number with a unit (`500ms`, `10s`, `1.5s`, `2m`), from 0 to 10 minutes; resolves to milliseconds.
 */
export function durationFlag(flag: string): (text: string) => number {
  return (text) => {
    const parts = /^(\d{1,7})(?:\.(\d{1,3}))?(ms|s|m)?$/.exec(text.trim());
    // In thousandths first, so 1.001s is 1001 ms exactly rather than a float's 1000.9999...
    const thousandths = parts ? Number(parts[1]) * 1000 + Number((parts[2] ?? "").padEnd(3, "0")) : Number.NaN;
    const ms = (thousandths * DURATION_UNITS_MS[(parts?.[3] ?? "ms") as keyof typeof DURATION_UNITS_MS]) / 1000;
    if (!Number.isInteger(ms) || ms > MAX_DRAIN_TIMEOUT_MS) {
      throw new UsageError("SB_CLI_INVALID_FLAG", `${flag}: "${text}" is invalid; expected a duration from 0 to 10m, such as 10s, 500ms, 1m or plain milliseconds (2500)`);
    }
    return ms;
  };
}

export const parseDrainTimeout = durationFlag("--drain-timeout");

/** A duration in milliseconds as a person reads it: `10s`, `1.5s`, `250ms`, `2m`. */
export function formatDuration(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms >= 1000) return `${ms / 1000}s`;
  return `${ms}ms`;
}

export function parseDbUrl(text: string): string {
  if (/^sqlite:.+/.test(text) || /^postgres(ql)?:\/\/.+/.test(text)) return text;
  // Only the scheme is echoed back: a connection string may carry a password.
  const shown = /^[a-z][a-z0-9+.-]*:/i.exec(text)?.[0] ?? text.slice(0, 20);
  throw new UsageError("SB_CLI_INVALID_FLAG", `--db: "${shown}" is invalid; expected sqlite:./switchboard.db or postgres://user@host:5432/db`);
}

const VCA_WRITES = ["write-behind", "sync"] as const;
export function parseVcaWrites(text: string): (typeof VCA_WRITES)[number] {
  const mode = VCA_WRITES.find((m) => m === text);
  if (mode === undefined) throw new UsageError("SB_CLI_INVALID_FLAG", `--vca-writes: "${text}" is invalid; expected write-behind or sync`);
  return mode;
}

export function parseServerUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError("SB_CLI_INVALID_URL", `--server: "${text}" is invalid; expected a URL such as http://127.0.0.1:3000`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UsageError("SB_CLI_INVALID_URL", `--server: "${text}" is invalid; expected an http:// or https:// URL`);
  }
  return url.origin + url.pathname.replace(/\/$/, "");
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
export function collectAddress(text: string, previous: string[] = []): string[] {
  const parts = IPV4.exec(text);
  const ipv4 = parts !== null && parts.slice(1).every((p) => Number(p) <= 255);
  if (!ipv4 && !/^[0-9a-f:]+$/i.test(text)) throw new UsageError("SB_CLI_INVALID_FLAG", `--allow: "${text}" is invalid; expected an IP address such as 203.0.113.7`);
  return [...previous, text];
}

export const STATUS_PATTERN = /^[A-Z_]{1,40}$/;
export function parseStatus(text: string): string {
  const upper = text.toUpperCase();
  if (!STATUS_PATTERN.test(upper)) throw new UsageError("SB_CLI_INVALID_FLAG", `--status: "${text}" is invalid; expected a session status such as ACTIVE or COMPLETED`);
  return upper;
}

/** A connection string with its password replaced, for printing. */
export function redactDbUrl(url: string): string {
  if (!url.startsWith("postgres")) return url;
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "postgres://…";
  }
}

export const LOOPBACK_HOSTS = new Set(["127.0.0.1", "::1", "localhost"]);
