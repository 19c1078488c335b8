import { boundedMemo } from '../bounded-memo';
import type { ObservedTime } from '../ctim.types';

// Date, then optionally a time with optional fraction and zone. OTX sends
// naive UTC (`2019-02-11T10:55:29`, `2021-05-05T10:11:12.123000`).
const OTX_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;

interface ParsedTime {
  epochMs: number;
  /** The CTIM form: milliseconds shown only when the input had fractional seconds. */
  ctim: string;
}

/** Minutes east of UTC, or null for an offset beyond ±23:59. */
function offsetMinutes(zone: string | undefined): number | null {
  if (zone === undefined || zone === 'Z' || zone === 'z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 23 || minutes > 59) return null;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}

/** Parses a time string as described on {@link otxTimeToCtim}; null when it does not qualify. */
function parseOtxTime(value: unknown): ParsedTime | null {
  return typeof value === 'string' ? parseOtxTimeMemo(value) : null;
}

// The same pulse and indicator times come back in every warm lookup; the answers are frozen
// because they are shared.
const parseOtxTimeMemo = boundedMemo((value) => {
  const parsed = parseOtxTimeString(value);
  return parsed && Object.freeze(parsed);
}, 10_000);

function parseOtxTimeString(value: string): ParsedTime | null {
  const m = OTX_TIME.exec(value.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((p) => Number(p ?? 0));
  const fraction = m[7];
  const ms = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
  // setUTCFullYear, because Date.UTC maps years 0–99 to 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  const calendarOk = date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  const offset = offsetMinutes(m[8]);
  if (!calendarOk || hour > 23 || minute > 59 || second > 59 || offset === null) return null;
  const epochMs = date.getTime() - offset * 60_000;
  const utcYear = new Date(epochMs).getUTCFullYear();
  // Outside 0000–9999 the ISO form needs a sign and six digits, which CTIM does not read.
  if (utcYear < 0 || utcYear > 9999) return null;
  const iso = new Date(epochMs).toISOString();
  return { epochMs, ctim: fraction !== undefined ? iso : `${iso.slice(0, 19)}Z` };
}

/**
 * Converts an OTX timestamp to a CTIM time, always UTC with a `Z`
 * (relay contract §7.5, §11 item 16).
 *
 * A string without a zone is UTC, as OTX sends it; `Z` or a numeric offset
 * (`+02:00`, `-0500`, `+02`) is converted to UTC. A date alone means midnight
 * UTC. The output is `YYYY-MM-DDTHH:MM:SSZ`, or `YYYY-MM-DDTHH:MM:SS.mmmZ`
 * when the input had fractional seconds (cut, not rounded, to milliseconds).
 * Anything else (not a string, impossible dates such as `2021-02-30`, years
 * outside 0000–9999 once in UTC) gives `null`. Never throws.
 * @example otxTimeToCtim('1970-01-05T00:00:00') // '1970-01-05T00:00:00Z'
 * @example otxTimeToCtim('2021-05-05T10:11:12.123000') // '2021-05-05T10:11:12.123Z'
 * @example otxTimeToCtim('2021-05-05T10:11:12+02:00') // '2021-05-05T08:11:12Z'
 */
export function otxTimeToCtim(value: unknown): string | null {
  const parsed = parseOtxTime(value);
  return parsed ? parsed.ctim : null;
}

/**
 * The instant of an OTX timestamp in epoch milliseconds, read as {@link otxTimeToCtim}
 * reads it, or `null` when it does not parse. Never throws.
 */
export function otxTimeToEpochMs(value: unknown): number | null {
  const parsed = parseOtxTime(value);
  return parsed ? parsed.epochMs : null;
}

/**
 * A CTIM time span from OTX start and end values, or `null` when the start
 * does not parse. `end_time` is present only when the end parses and is not
 * earlier than the start (CTIM requires start ≤ end).
 */
export function otxTimeSpan(start: unknown, end: unknown): ObservedTime | null {
  const from = parseOtxTime(start);
  if (!from) return null;
  const to = parseOtxTime(end);
  const start_time = from.ctim;
  return to && to.epochMs >= from.epochMs ? { start_time, end_time: to.ctim } : { start_time };
}
