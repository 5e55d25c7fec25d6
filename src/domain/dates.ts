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

export function isoFromUtc(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

export type DateParse =
  | { readonly ok: true; readonly iso: string; readonly note?: string }
  | { readonly ok: false; readonly reason: string };

/** An Excel serial number as a calendar date (a time of day, the fraction, is ignored). */
export function dateFromSerial(serial: number, system: DateSystem): DateParse {
  if (!Number.isFinite(serial))
    return { ok: false, reason: "it is not a number Excel can show as a date" };
  const day = Math.floor(serial);
  if (system === 1904) {
    if (day < 0)
      return {
        ok: false,
        reason: "it is before 1904-01-01, the start of this workbook's date system",
      };
    return inRange(isoFromUtc(EPOCH_1904 + day * DAY_MS));
  }
  if (day < 1)
    return { ok: false, reason: "it is before 1900-01-01, the start of Excel's date system" };
  if (day === 60)
    return { ok: false, reason: "Excel's serial 60 is 29 February 1900, a day that never existed" };
  // Serials 1-59 count from 1899-12-31; from 61 Excel's phantom leap day shifts the epoch by one.
  const ms = day < 60 ? EPOCH_1900 + (day + 1) * DAY_MS : EPOCH_1900 + day * DAY_MS;
  return inRange(isoFromUtc(ms));
}

/** The serial number of an ISO date in a date system (the inverse of dateFromSerial). */
export function serialFromIso(iso: string, system: DateSystem): number {
  const ms = Date.UTC(
    Number(iso.slice(0, 4)),
    Number(iso.slice(5, 7)) - 1,
    Number(iso.slice(8, 10))
  );
  if (system === 1904) return Math.round((ms - EPOCH_1904) / DAY_MS);
  const day = Math.round((ms - EPOCH_1900) / DAY_MS);
  return day <= 60 ? day - 1 : day;
}

function inRange(iso: string): DateParse {
  // The year may have five digits here (10000-01-01): read it up to the month, not as 4 characters.
  const year = Number(iso.slice(0, iso.length - 6));
  if (year > 9999) return { ok: false, reason: "it is beyond the year 9999" };
  return { ok: true, iso };
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

/** Reads a date typed as text. ISO stays as it is; UK dates and ISO with a midnight time are noted. */
export function dateFromText(text: string): DateParse {
  let m = ISO.exec(text);
  if (m) {
    const iso = realDate(Number(m[1]), Number(m[2]), Number(m[3]));
    return iso ? { ok: true, iso } : { ok: false, reason: `there is no day ${text}` };
  }
  m = UK.exec(text);
  if (m) {
    const iso = realDate(Number(m[3]), Number(m[2]), Number(m[1]));
    return iso
      ? { ok: true, iso, note: "UK date written as ISO" }
      : { ok: false, reason: `there is no day ${m[1]} in month ${m[2]} of ${m[3]}` };
  }
  m = ISO_WITH_TIME.exec(text);
  if (m) {
    const iso = realDate(Number(m[1]), Number(m[2]), Number(m[3]));
    if (!iso) return { ok: false, reason: `there is no day ${text.slice(0, 10)}` };
    if (m[4] !== "00" || m[5] !== "00")
      return { ok: false, reason: "it carries a time of day; give the date alone" };
    return { ok: true, iso, note: "midnight time dropped" };
  }
  if (/^\d{1,2}\/\d{1,2}\/\d{2}$/.test(text))
    return { ok: false, reason: "a two-digit year is ambiguous; write the year in full" };
  return { ok: false, reason: "use an Excel date, YYYY-MM-DD or DD/MM/YYYY" };
}
