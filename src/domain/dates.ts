/**
 * Authorisation dates: Excel serial numbers (1900 and 1904 date systems), ISO `YYYY-MM-DD` text,
 * and UK `DD/MM/YYYY` text. Everything is exported as ISO. Pure calendar arithmetic in UTC, so the
 * machine's time zone can never shift a date by a day.
 */
import type { DateSystem } from "./types";

const DAY_MS = 86_400_000;
/** 1899-12-30: day 0 of the 1900 system for serials after Excel's fictional 1900-02-29. */
const EPOCH_1900 = Date.UTC(1899, 11, 30);
/** 1904-01-01: day 0 of the 1904 system (Mac workbooks of old). */
const EPOCH_1904 = Date.UTC(1904, 0, 1);

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

/** Midnight UTC of an ISO date, in milliseconds. */
function utcOf(iso: string): number {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
}

export function isoFromUtc(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

export type DateParse =
  | { readonly ok: true; readonly iso: string; readonly note?: string }
  | { readonly ok: false; readonly reason: string };

/** Excel's last day, 9999-12-31, as a serial number in each date system. */
const LAST_SERIAL: Readonly<Record<DateSystem, number>> = { 1900: 2_958_465, 1904: 2_957_003 };

/**
 * An Excel serial number as a calendar date. A time of day (the fraction) is not part of an
 * authorisation date: the date is kept and the time noted as dropped, never silently.
 */
export function dateFromSerial(serial: number, system: DateSystem): DateParse {
  if (!Number.isFinite(serial))
    return { ok: false, reason: "it is not a number Excel can show as a date" };
  const day = Math.floor(serial);
  // Checked before any calendar arithmetic: past Excel's last day a Date is out of range (NaN).
  if (day > LAST_SERIAL[system])
    return {
      ok: false,
      reason:
        day > 100 * LAST_SERIAL[system]
          ? "as a date it is far beyond the year 9999: is it another number, pasted into the date column?"
          : "it is beyond the year 9999",
    };
  let parsed: DateParse;
  if (system === 1904) {
    if (day < 0)
      return {
        ok: false,
        reason: "it is before 1904-01-01, the start of this workbook's date system",
      };
    parsed = { ok: true, iso: isoFromUtc(EPOCH_1904 + day * DAY_MS) };
  } else {
    if (day < 1)
      return { ok: false, reason: "it is before 1900-01-01, the start of Excel's date system" };
    if (day === 60)
      return {
        ok: false,
        reason: "Excel's serial 60 is 29 February 1900, a day that never existed",
      };
    // Serials 1-59 count from 1899-12-31; from 61 Excel's phantom leap day shifts the epoch by one.
    const ms = day < 60 ? EPOCH_1900 + (day + 1) * DAY_MS : EPOCH_1900 + day * DAY_MS;
    parsed = { ok: true, iso: isoFromUtc(ms) };
  }
  const seconds = Math.round((serial - day) * 86_400);
  if (seconds === 0 || seconds === 86_400) return parsed;
  return { ...parsed, note: timeDropped(clock(seconds)) };
}

/** `18:00`, or `18:00:30` when there are seconds. */
function clock(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${pad(h, 2)}:${pad(m, 2)}${s === 0 ? "" : `:${pad(s, 2)}`}`;
}

function timeDropped(time: string): string {
  return time === "00:00"
    ? "midnight time dropped"
    : `its time of day, ${time}, is dropped on export`;
}

/** The serial number of an ISO date in a date system (the inverse of dateFromSerial). */
export function serialFromIso(iso: string, system: DateSystem): number {
  const ms = utcOf(iso);
  if (system === 1904) return Math.round((ms - EPOCH_1904) / DAY_MS);
  const day = Math.round((ms - EPOCH_1900) / DAY_MS);
  return day <= 60 ? day - 1 : day;
}

function realDate(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1900 || year > 9999) return null;
  const ms = Date.UTC(year, month - 1, day);
  const d = new Date(ms);
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day)
    return null;
  return isoFromUtc(ms);
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_WITH_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(:\d{2}(\.\d+)?)?Z?$/;
const UK = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** Why year-month-day is no date Excel or the MA file can hold ("before 1900", "no day …"). */
function noDay(year: number, day: string): string {
  return year < 1900
    ? `${day} is before 1900, where Excel's dates start`
    : `there is no day ${day}`;
}

/**
 * Reads a date typed as text. ISO stays as it is; UK dates are noted, and so is a time of day
 * after an ISO date (dropped on export, as a serial number's is).
 */
export function dateFromText(text: string): DateParse {
  let m = ISO.exec(text);
  if (m) {
    const iso = realDate(Number(m[1]), Number(m[2]), Number(m[3]));
    return iso ? { ok: true, iso } : { ok: false, reason: noDay(Number(m[1]), text) };
  }
  m = UK.exec(text);
  if (m) {
    const iso = realDate(Number(m[3]), Number(m[2]), Number(m[1]));
    if (iso) return { ok: true, iso, note: "UK date written as ISO" };
    return {
      ok: false,
      reason:
        Number(m[3]) < 1900
          ? noDay(Number(m[3]), text)
          : `there is no day ${m[1]} in month ${m[2]} of ${m[3]}`,
    };
  }
  m = ISO_WITH_TIME.exec(text);
  if (m) {
    const iso = realDate(Number(m[1]), Number(m[2]), Number(m[3]));
    if (!iso) return { ok: false, reason: noDay(Number(m[1]), text.slice(0, 10)) };
    const [h, min] = [Number(m[4]), Number(m[5])];
    if (h > 23 || min > 59) return { ok: false, reason: `${m[4]}:${m[5]} is no time of day` };
    const seconds = m[6] ? Math.floor(Number(m[6].slice(1))) : 0;
    if (seconds > 59) return { ok: false, reason: `${m[6].slice(1)} is no number of seconds` };
    return { ok: true, iso, note: timeDropped(clock(h * 3600 + min * 60 + seconds)) };
  }
  if (/^\d{1,2}\/\d{1,2}\/\d{2}$/.test(text))
    return { ok: false, reason: "a two-digit year is ambiguous; write the year in full" };
  return { ok: false, reason: "use an Excel date, YYYY-MM-DD or DD/MM/YYYY" };
}

/** Is the text a real day written `YYYY-MM-DD` (from 1900 to 9999)? */
export function isRealIsoDate(text: string): boolean {
  const m = ISO.exec(text);
  return m !== null && realDate(Number(m[1]), Number(m[2]), Number(m[3])) !== null;
}

/** The calendar date and time of an instant in a time zone (Europe/London: GMT or BST). */
export function zonedParts(
  at: Date,
  timeZone: string
): { year: string; month: string; day: string; hour: string; minute: string; second: string } {
  const parts = formatterFor(timeZone).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "00";
  return {
    year: get("year"),
    month: get("month"),
    day: get("day"),
    hour: get("hour"),
    minute: get("minute"),
    second: get("second"),
  };
}

/** Formatters by time zone: making one loads the zone's rules, so each engine need not. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The date of an instant (now by default) in a time zone, `YYYY-MM-DD`. */
export function todayIn(timeZone: string, at: Date = new Date()): string {
  const { year, month, day } = zonedParts(at, timeZone);
  return `${year}-${month}-${day}`;
}

/** The ISO date `days` days after (or before, when negative) an ISO date. */
export function addDays(iso: string, days: number): string {
  const ms = Date.UTC(
    Number(iso.slice(0, 4)),
    Number(iso.slice(5, 7)) - 1,
    Number(iso.slice(8, 10))
  );
  return isoFromUtc(ms + days * DAY_MS);
}

/** Whole days from one ISO date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((utcOf(to) - utcOf(from)) / DAY_MS);
}
