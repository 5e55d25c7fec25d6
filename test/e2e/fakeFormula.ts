/**
 * The formulas of the fake Excel's custom conditional formats (fakeExcel.ts): a small parser and
 * evaluator for what such rules are made of — comparisons, `&`, AND/OR/NOT/IF, INDEX, ROW(),
 * COLUMN(), ISTEXT/ISNUMBER/ISBLANK/LEN, numbers, strings, booleans, and references (cells, whole
 * rows, whole columns, with or without a sheet, relative or absolute). Anything else is not
 * modelled and fails loudly when the rule is added, so a test never passes on a formula the fake
 * would evaluate differently from Excel.
 *
 * As in Excel, a rule's relative references are relative to the top-left cell of the first area
 * it applies to. Nothing here imports from the project (the file is bundled into the browser too).
 */

export type FormulaValue = string | number | boolean | { error: string };

interface RefRect {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

/** A reference as written: absolute parts stay, relative parts move with the cell evaluated. */
export interface FormulaRef {
  sheet: string | null;
  kind: "cell" | "rows" | "cols";
  rect: RefRect;
  absRow0: boolean;
  absCol0: boolean;
  absRow1: boolean;
  absCol1: boolean;
}

type Node =
  | { t: "num"; v: number }
  | { t: "str"; v: string }
  | { t: "bool"; v: boolean }
  | { t: "ref"; ref: FormulaRef }
  | { t: "call"; name: string; args: Node[] }
  | { t: "bin"; op: string; a: Node; b: Node }
  | { t: "neg"; a: Node };

export interface EvalContext {
  /** Sheet the rule is on (a reference without a sheet name means this one). */
  readonly sheet: string;
  /** The cell evaluated, zero-based. */
  readonly row: number;
  readonly column: number;
  /** Top-left of the rule's first area, zero-based: what relative references are relative to. */
  readonly anchorRow: number;
  readonly anchorColumn: number;
  /** A cell's value ("" when empty), or null when the sheet does not exist (#REF!). */
  value(sheet: string, row: number, column: number): FormulaValue | null;
}

const FUNCTIONS = new Set([
  "AND",
  "OR",
  "NOT",
  "IF",
  "INDEX",
  "ROW",
  "COLUMN",
  "ISTEXT",
  "ISNUMBER",
  "ISBLANK",
  "LEN",
]);
const MAX_ROW = 1_048_575;
const MAX_COL = 16_383;

/** A parsed formula; `parseFormula` throws an Error naming what is not modelled. */
export class Formula {
  private constructor(
    readonly text: string,
    private readonly root: Node
  ) {}

  static parse(text: string): Formula {
    const p = new Parser(text.startsWith("=") ? text.slice(1) : text);
    const root = p.expression();
    p.end();
    return new Formula(text, root);
  }

  /** Every reference the formula makes (for the fake's checks on inserted or deleted rows). */
  references(): FormulaRef[] {
    const out: FormulaRef[] = [];
    const walk = (n: Node): void => {
      if (n.t === "ref") out.push(n.ref);
      else if (n.t === "call") n.args.forEach(walk);
      else if (n.t === "bin") {
        walk(n.a);
        walk(n.b);
      } else if (n.t === "neg") walk(n.a);
    };
    walk(this.root);
    return out;
  }

  /** True when the formula holds for the cell (errors count as false, as in Excel's rules). */
  holds(ctx: EvalContext): boolean {
    const v = scalar(evaluate(this.root, ctx), ctx);
    if (typeof v === "boolean") return v;
    if (typeof v === "number") return v !== 0;
    return false;
  }
}

// ------------------------------------------------------------------------------------ evaluation

type Evaluated = FormulaValue | { range: { sheet: string; rect: RefRect } };

function isRange(v: Evaluated): v is { range: { sheet: string; rect: RefRect } } {
  return typeof v === "object" && "range" in v;
}

function resolve(ref: FormulaRef, ctx: EvalContext): { sheet: string; rect: RefRect } | null {
  const dr = ctx.row - ctx.anchorRow;
  const dc = ctx.column - ctx.anchorColumn;
  const r0 = ref.rect.r0 + (ref.absRow0 || ref.kind === "cols" ? 0 : dr);
  const r1 = ref.rect.r1 + (ref.absRow1 || ref.kind === "cols" ? 0 : dr);
  const c0 = ref.rect.c0 + (ref.absCol0 || ref.kind === "rows" ? 0 : dc);
  const c1 = ref.rect.c1 + (ref.absCol1 || ref.kind === "rows" ? 0 : dc);
  if (r0 < 0 || c0 < 0 || r1 > MAX_ROW || c1 > MAX_COL) return null;
  return { sheet: ref.sheet ?? ctx.sheet, rect: { r0, c0, r1, c1 } };
}

/** A range used where one value is wanted: its top-left cell (enough for single cells). */
function scalar(v: Evaluated, ctx: EvalContext): FormulaValue {
  if (!isRange(v)) return v;
  const { sheet, rect } = v.range;
  if (rect.r0 !== rect.r1 || rect.c0 !== rect.c1) return { error: "#VALUE!" };
  return ctx.value(sheet, rect.r0, rect.c0) ?? { error: "#REF!" };
}

function num(v: FormulaValue): number | null {
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v === "") return 0;
  return null;
}

function truthy(v: FormulaValue): boolean | { error: string } {
  if (typeof v === "object") return v;
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0;
  if (v === "") return false;
  return { error: "#VALUE!" };
}

function compare(op: string, a: FormulaValue, b: FormulaValue): FormulaValue {
  if (typeof a === "object") return a;
  if (typeof b === "object") return b;
  // Excel orders numbers < text < booleans; an empty cell is 0 against a number and "" against text.
  const rank = (x: string | number | boolean): number =>
    typeof x === "number" ? 0 : typeof x === "string" ? 1 : 2;
  let x: string | number | boolean = a;
  let y: string | number | boolean = b;
  if (x === "" && typeof y === "number") x = 0;
  if (y === "" && typeof x === "number") y = 0;
  let c: number;
  if (rank(x) !== rank(y)) c = rank(x) - rank(y);
  else if (typeof x === "string" && typeof y === "string")
    c = x.toLowerCase() < y.toLowerCase() ? -1 : x.toLowerCase() > y.toLowerCase() ? 1 : 0;
  else c = Number(x) < Number(y) ? -1 : Number(x) > Number(y) ? 1 : 0;
  switch (op) {
    case "=":
      return c === 0;
    case "<>":
      return c !== 0;
    case "<":
      return c < 0;
    case ">":
      return c > 0;
    case "<=":
      return c <= 0;
    default:
      return c >= 0;
  }
}

function evaluate(n: Node, ctx: EvalContext): Evaluated {
  switch (n.t) {
    case "num":
      return n.v;
    case "str":
      return n.v;
    case "bool":
      return n.v;
    case "ref": {
      const r = resolve(n.ref, ctx);
      return r ? { range: r } : { error: "#REF!" };
    }
    case "neg": {
      const v = num(scalar(evaluate(n.a, ctx), ctx));
      return v === null ? { error: "#VALUE!" } : -v;
    }
    case "bin": {
      const a = scalar(evaluate(n.a, ctx), ctx);
      const b = scalar(evaluate(n.b, ctx), ctx);
      if (n.op === "&") {
        if (typeof a === "object") return a;
        if (typeof b === "object") return b;
        const text = (v: string | number | boolean) =>
          typeof v === "boolean" ? (v ? "TRUE" : "FALSE") : String(v);
        return text(a) + text(b);
      }
      if (n.op === "+" || n.op === "-") {
        const x = num(a);
        const y = num(b);
        if (x === null || y === null) return { error: "#VALUE!" };
        return n.op === "+" ? x + y : x - y;
      }
      return compare(n.op, a, b);
    }
    case "call":
      return call(n.name, n.args, ctx);
  }
}

function call(name: string, args: Node[], ctx: EvalContext): Evaluated {
  const arg = (i: number): FormulaValue => scalar(evaluate(args[i], ctx), ctx);
  switch (name) {
    case "ROW":
    case "COLUMN": {
      if (args.length === 0) return name === "ROW" ? ctx.row + 1 : ctx.column + 1;
      const v = evaluate(args[0], ctx);
      if (!isRange(v)) return { error: "#VALUE!" };
      return name === "ROW" ? v.range.rect.r0 + 1 : v.range.rect.c0 + 1;
    }
    case "INDEX": {
      const v = evaluate(args[0], ctx);
      if (!isRange(v)) return { error: "#VALUE!" };
      const i = num(arg(1));
      const j = args.length > 2 ? num(arg(2)) : 1;
      if (i === null || j === null) return { error: "#VALUE!" };
      const { rect, sheet } = v.range;
      const r = rect.r0 + Math.trunc(i) - 1;
      const c = rect.c0 + Math.trunc(j) - 1;
      if (i < 1 || j < 1 || r > rect.r1 || c > rect.c1) return { error: "#REF!" };
      return ctx.value(sheet, r, c) ?? { error: "#REF!" };
    }
    case "AND":
    case "OR": {
      let result = name === "AND";
      for (let i = 0; i < args.length; i++) {
        const t = truthy(arg(i));
        if (typeof t === "object") return t;
        result = name === "AND" ? result && t : result || t;
      }
      return result;
    }
    case "NOT": {
      const t = truthy(arg(0));
      return typeof t === "object" ? t : !t;
    }
    case "IF": {
      const t = truthy(arg(0));
      if (typeof t === "object") return t;
      if (t) return arg(1);
      return args.length > 2 ? arg(2) : false;
    }
    case "ISTEXT":
      return typeof arg(0) === "string" && arg(0) !== "";
    case "ISNUMBER":
      return typeof arg(0) === "number";
    case "ISBLANK":
      return arg(0) === "";
    case "LEN": {
      const v = arg(0);
      return typeof v === "object" ? v : String(v).length;
    }
    default:
      return { error: "#NAME?" };
  }
}

// ------------------------------------------------------------------------------------ parsing

const COL_RE = /^\$?[A-Za-z]{1,3}/;

function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

class Parser {
  private i = 0;

  constructor(private readonly s: string) {}

  private fail(what: string): never {
    throw new Error(`fakeFormula: ${what} at ${this.i} in "=${this.s}" (not modelled)`);
  }

  private skip(): void {
    while (this.s[this.i] === " ") this.i++;
  }

  private peek(text: string): boolean {
    this.skip();
    return this.s.startsWith(text, this.i);
  }

  private take(text: string): boolean {
    if (!this.peek(text)) return false;
    this.i += text.length;
    return true;
  }

  end(): void {
    this.skip();
    if (this.i < this.s.length) this.fail("unexpected text");
  }

  expression(): Node {
    let a = this.concat();
    for (const op of ["<>", "<=", ">=", "=", "<", ">"]) {
      if (this.take(op)) {
        const b = this.concat();
        a = { t: "bin", op, a, b };
        break;
      }
    }
    return a;
  }

  private concat(): Node {
    let a = this.additive();
    while (this.take("&")) a = { t: "bin", op: "&", a, b: this.additive() };
    return a;
  }

  private additive(): Node {
    let a = this.unary();
    for (;;) {
      if (this.take("+")) a = { t: "bin", op: "+", a, b: this.unary() };
      else if (this.take("-")) a = { t: "bin", op: "-", a, b: this.unary() };
      else return a;
    }
  }

  private unary(): Node {
    if (this.take("-")) return { t: "neg", a: this.unary() };
    return this.primary();
  }

  private primary(): Node {
    this.skip();
    const rest = this.s.slice(this.i);
    if (this.take("(")) {
      const e = this.expression();
      if (!this.take(")")) this.fail("missing )");
      return e;
    }
    if (rest.startsWith('"')) {
      const text = this.quoted('"');
      if (text === null) this.fail("unterminated string");
      return { t: "str", v: text };
    }
    const number = /^\d+(\.\d+)?/.exec(rest);
    if (number) {
      this.i += number[0].length;
      return { t: "num", v: Number(number[0]) };
    }
    const call = /^([A-Za-z]+)\(/.exec(rest);
    if (call && FUNCTIONS.has(call[1].toUpperCase())) {
      this.i += call[0].length;
      const args: Node[] = [];
      if (!this.take(")")) {
        do args.push(this.expression());
        while (this.take(","));
        if (!this.take(")")) this.fail("missing ) after arguments");
      }
      return { t: "call", name: call[1].toUpperCase(), args };
    }
    if (call) this.fail(`function ${call[1]}`);
    const bool = /^(TRUE|FALSE)\b/i.exec(rest);
    if (bool && !/^[A-Za-z]+\d/.test(rest)) {
      this.i += bool[0].length;
      return { t: "bool", v: bool[1].toUpperCase() === "TRUE" };
    }
    return { t: "ref", ref: this.reference() };
  }

  /** Text between quotes (a doubled quote stands for one), moving past it; null if unterminated. */
  private quoted(quote: string): string | null {
    let j = this.i + 1;
    let text = "";
    while (j < this.s.length) {
      if (this.s[j] === quote) {
        if (this.s[j + 1] === quote) {
          text += quote;
          j += 2;
          continue;
        }
        this.i = j + 1;
        return text;
      }
      text += this.s[j++];
    }
    return null;
  }

  private reference(): FormulaRef {
    let sheet: string | null = null;
    if (this.s[this.i] === "'") {
      const name = this.quoted("'");
      if (name === null || this.s[this.i] !== "!") this.fail("sheet name without !");
      sheet = name;
      this.i++;
    } else {
      const bare = /^([A-Za-z_][A-Za-z0-9_.]*)!/.exec(this.s.slice(this.i));
      if (bare) {
        sheet = bare[1];
        this.i += bare[0].length;
      }
    }
    const first = this.part();
    if (!this.take(":")) {
      if (first.kind !== "cell") this.fail("a lone row or column");
      return {
        sheet,
        kind: "cell",
        rect: { r0: first.r, c0: first.c, r1: first.r, c1: first.c },
        absRow0: first.absR,
        absCol0: first.absC,
        absRow1: first.absR,
        absCol1: first.absC,
      };
    }
    const second = this.part();
    if (first.kind !== second.kind) this.fail("mixed reference");
    const kind = first.kind === "cell" ? "cell" : first.kind === "row" ? "rows" : "cols";
    const rect =
      kind === "rows"
        ? { r0: first.r, r1: second.r, c0: 0, c1: MAX_COL }
        : kind === "cols"
          ? { r0: 0, r1: MAX_ROW, c0: first.c, c1: second.c }
          : { r0: first.r, c0: first.c, r1: second.r, c1: second.c };
    return {
      sheet,
      kind,
      rect,
      absRow0: first.absR,
      absCol0: first.absC,
      absRow1: second.absR,
      absCol1: second.absC,
    };
  }

  private part(): {
    kind: "cell" | "row" | "col";
    r: number;
    c: number;
    absR: boolean;
    absC: boolean;
  } {
    const rest = this.s.slice(this.i);
    const cell = /^(\$?)([A-Za-z]{1,3})(\$?)(\d{1,7})/.exec(rest);
    if (cell) {
      this.i += cell[0].length;
      return {
        kind: "cell",
        c: columnIndex(cell[2]),
        r: Number(cell[4]) - 1,
        absC: cell[1] === "$",
        absR: cell[3] === "$",
      };
    }
    const row = /^(\$?)(\d{1,7})/.exec(rest);
    if (row) {
      this.i += row[0].length;
      return { kind: "row", r: Number(row[2]) - 1, c: 0, absR: row[1] === "$", absC: true };
    }
    const col = COL_RE.exec(rest);
    if (col) {
      this.i += col[0].length;
      const abs = col[0].startsWith("$");
      return { kind: "col", c: columnIndex(col[0].replace("$", "")), r: 0, absR: true, absC: abs };
    }
    return this.fail("reference");
  }
}
