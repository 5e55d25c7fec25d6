/**
 * fast-check generators of cell values as people type them: identifiers with spaces, in lower case,
 * with other separators, 21-digit MPANs, UK dates. Each yields the input and its canonical form.
 */
import fc from "fast-check";
import { v06a } from "../../src/domain/profile";
import { textProblem } from "../../src/domain/rules/cells/text";
import { withMpanCheckDigit } from "../../src/domain/mpan";
import { withMprnCheckDigits } from "../../src/domain/mprn";
import type { CellValue } from "../../src/domain/types";

export interface Typed {
  readonly input: CellValue;
  readonly canonical: string;
}

const digit = fc.constantFrom(..."0123456789");
const digits = (n: number) =>
  fc.array(digit, { minLength: n, maxLength: n }).map((d) => d.join(""));
const hexDigit = fc.constantFrom(..."0123456789abcdef");
const hexDigits = (n: number) =>
  fc.array(hexDigit, { minLength: n, maxLength: n }).map((d) => d.join(""));

/** Spaces people leave around a value: none, spaces, a no-break space, a tab. */
export const pad = fc.constantFrom("", " ", "  ", "\u00a0", "\t");

/** Inserts a space or no-break space in some of the gaps of a string. */
function withSpacesInside(text: string): fc.Arbitrary<string> {
  return fc
    .array(fc.constantFrom("", "", "", " ", "\u00a0"), {
      minLength: text.length - 1,
      maxLength: text.length - 1,
    })
    .map((gaps) =>
      text.split("").reduce((out, ch, i) => out + (i > 0 ? gaps[i - 1] : "") + ch, "")
    );
}

function padded(inner: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(pad, inner, pad).map(([a, v, b]) => `${a}${v}${b}`);
}

/** A valid MPAN core with a known distributor (10-38). */
export const mpanCore = fc
  .tuple(fc.integer({ min: 10, max: 38 }), digits(10))
  .map(([distributor, rest]) => withMpanCheckDigit(`${distributor}${rest}`));

/** An MPAN as typed: the core, with spaces, as the full 21 digits (optionally "S" first), or as a number. */
export const mpanTyped: fc.Arbitrary<Typed> = fc
  .tuple(mpanCore, digits(8), fc.constantFrom("core", "spaced", "full", "fullS", "number"))
  .chain(([core, top, form]) => {
    const as = (a: fc.Arbitrary<CellValue>) =>
      a.map((input): Typed => ({ input, canonical: core }));
    switch (form) {
      case "core":
        return as(padded(fc.constant(core)));
      case "spaced":
        return as(padded(withSpacesInside(core)));
      case "full":
        return as(padded(withSpacesInside(top + core)));
      case "fullS":
        return as(padded(withSpacesInside(top + core).map((t) => `S ${t}`)));
      default:
        return as(fc.constant(Number(core)));
    }
  });

/** A valid MPRN of 6-10 digits (no leading zero), typed with spaces. */
export const mprnTyped: fc.Arbitrary<Typed> = fc
  .tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 3, max: 7 }))
  .chain(([first, n]) => digits(n).map((rest) => withMprnCheckDigits(`${first}${rest}`)))
  .chain((mprn) =>
    padded(withSpacesInside(mprn)).map((input): Typed => ({ input, canonical: mprn }))
  );

/** 16 hex digits written in any case, with or without separators between octets or pairs of octets. */
export function euiTyped(hex: fc.Arbitrary<string>): fc.Arbitrary<Typed> {
  return fc
    .tuple(
      hex,
      fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }),
      fc.constantFrom("", "-", ":", " ", "."),
      fc.constantFrom(2, 4),
      pad,
      pad
    )
    .map(([h, upper, sep, group, before, after]) => {
      const cased = h
        .split("")
        .map((ch, i) => (upper[i] ? ch.toUpperCase() : ch.toLowerCase()))
        .join("");
      const groups: string[] = [];
      for (let i = 0; i < 16; i += group) groups.push(cased.slice(i, i + group));
      const upperHex = h.toUpperCase();
      const canonical = upperHex.match(/../g)!.join("-");
      return { input: `${before}${groups.join(sep)}${after}`, canonical };
    });
}

/** A device EUI-64 (never all 0 or all F). */
export const deviceTyped: fc.Arbitrary<Typed> = euiTyped(
  hexDigits(16).filter((h) => !/^0+$/.test(h) && !/^f+$/i.test(h))
);

/** A DCC User ID in DCC's block 70-B3-D5-1F-3, typed any way. */
export const euidTyped: fc.Arbitrary<Typed> = euiTyped(hexDigits(7).map((h) => `70b3d51f3${h}`));

/** Active or Dormant in any case. */
export const statusTyped: fc.Arbitrary<Typed> = fc
  .tuple(
    fc.constantFrom("Active", "Dormant"),
    fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }),
    pad,
    pad
  )
  .map(([status, upper, a, b]) => ({
    input:
      a +
      status
        .split("")
        .map((ch, i) => (upper[i] ? ch.toUpperCase() : ch.toLowerCase()))
        .join("") +
      b,
    canonical: status,
  }));

/** A real date typed as UK DD/MM/YYYY (with or without leading zeros), ISO, or ISO at midnight. */
export const dateTyped: fc.Arbitrary<Typed> = fc
  .tuple(
    fc.integer({ min: 1990, max: 2099 }),
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 1, max: 31 }),
    fc.constantFrom("uk", "uk0", "iso", "isoT"),
    pad
  )
  .filter(([y, m, d]) => new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d)
  .map(([y, m, d, form, p]) => {
    const two = (n: number) => String(n).padStart(2, "0");
    const canonical = `${y}-${two(m)}-${two(d)}`;
    const input =
      form === "uk"
        ? `${d}/${m}/${y}`
        : form === "uk0"
          ? `${two(d)}/${two(m)}/${y}`
          : form === "iso"
            ? canonical
            : `${canonical}T00:00:00`;
    return { input: `${p}${input}${p}`, canonical };
  });

/** Group IDs with stray spaces. */
export const groupTyped: fc.Arbitrary<Typed> = fc
  .tuple(fc.constantFrom("AA", "EA", "EB", "EC", "QZ"), pad, pad)
  .map(([g, a, b]) => ({ input: `${a}${g}${b}`, canonical: g }));

const refChar = fc.constantFrom(..."abcXYZ019 ,;\"'#/()&.", "\u00e9", "\u00a3", "\u20ac");

/** A printable Supplier Reference (with commas and quotes), ≤ 40 characters, possibly padded. */
export const referenceTyped: fc.Arbitrary<Typed> = fc
  .tuple(
    fc.array(refChar, { minLength: 1, maxLength: 40 }).map((cs) => cs.join("").trim()),
    pad,
    pad
  )
  .filter(([ref]) => ref.length > 0 && textProblem(ref, v06a.ids) === null)
  .map(([ref, a, b]) => ({ input: `${a}${ref}${b}`, canonical: ref }));
