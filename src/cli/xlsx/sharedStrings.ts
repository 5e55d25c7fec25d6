import { grown } from "./grown";

/**
 * A workbook's shared-string table as places in the text it was read from: an entry becomes a
 * string only when it is asked for. Half a million strings made while reading, and all kept, made
 * the garbage collector copy each of them twice; places in typed arrays cost it nothing.
 *
 * An entry that more than one cell of the sheet holds (a status, a supplier's EUID) is made once
 * and kept: the engine then meets the same string again, whose hash V8 has already worked out.
 */
export class SharedStrings {
  length = 0;
  /** The texts the places are in: blocks of the part, or an entry made whole (rich text). */
  private readonly texts: string[] = [];
  private textOf = new Int32Array(1 << 10);
  private froms = new Int32Array(1 << 10);
  private tos = new Int32Array(1 << 10);
  /** How many cells hold each entry, up to 2 (see `use`), and the entries made for them. */
  private uses = new Uint8Array(1 << 10);
  private made: string[] | null = null;

  /** Makes room for `count` entries at once (the count the table declares). */
  reserve(count: number): void {
    if (count <= this.froms.length) return;
    this.textOf = grown(this.textOf, count);
    this.froms = grown(this.froms, count);
    this.tos = grown(this.tos, count);
    this.uses = grown(this.uses, count);
  }

  /** Entry `i` (which must exist). */
  get(i: number): string {
    if (this.uses[i] < 2) return this.make(i);
    this.made ??= new Array<string>(this.length);
    return (this.made[i] ??= this.make(i));
  }

  /** A cell holds entry `i` (which must exist). */
  use(i: number): void {
    if (this.uses[i] < 2) this.uses[i]++;
  }

  private make(i: number): string {
    const text = this.texts[this.textOf[i]];
    const from = this.froms[i];
    const to = this.tos[i];
    return from === 0 && to === text.length ? text : text.slice(from, to);
  }

  /** A new entry: text[from, to). */
  add(text: string, from: number, to: number): void {
    const i = this.length++;
    if (i >= this.froms.length) {
      this.textOf = grown(this.textOf, 2 * i);
      this.froms = grown(this.froms, 2 * i);
      this.tos = grown(this.tos, 2 * i);
      this.uses = grown(this.uses, 2 * i);
    }
    if (this.texts[this.texts.length - 1] !== text) this.texts.push(text);
    this.textOf[i] = this.texts.length - 1;
    this.froms[i] = from;
    this.tos[i] = to;
  }
}
