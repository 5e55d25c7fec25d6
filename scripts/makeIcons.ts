/**
 * Draws the add-in's icons and writes them as PNG files to assets/:
 *
 *     npx tsx scripts/makeIcons.ts
 *
 * The mark is a white meter dial (a 270° ring open at the bottom) around a check mark, on a teal
 * rounded square. The unified app manifest's package (scripts/unifiedManifest.ts) also needs a
 * 192-pixel colour icon and a 32-pixel outline icon: the white mark alone on transparency.
 * Shapes are described as signed distance functions in a unit square and rasterised with 8×8
 * supersampling; the PNG encoder uses node:zlib only (no image libraries).
 * The output is deterministic, so re-running the script leaves committed files unchanged.
 */
import { deflateSync } from "node:zlib";
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";

/** Sizes the manifest and the support page use: 16/32/80 ribbon, 32/64 add-in icon. */
export const ICON_SIZES = [16, 32, 64, 80] as const;
/** The unified manifest's app icons: "color" 192×192, "outline" 32×32 white on transparency. */
export const APP_COLOR_ICON = { file: "app-color-192.png", size: 192 } as const;
export const APP_OUTLINE_ICON = { file: "app-outline-32.png", size: 32 } as const;
export const TEAL_HEX = "#007C7A";

type Rgb = readonly [number, number, number];
const TEAL: Rgb = [0x00, 0x7c, 0x7a];
const WHITE: Rgb = [0xff, 0xff, 0xff];

/** Signed distance (negative inside) from (x, y) to a rounded square covering the unit square. */
function roundedSquare(x: number, y: number, radius: number): number {
  const qx = Math.abs(x - 0.5) - (0.5 - radius);
  const qy = Math.abs(y - 0.5) - (0.5 - radius);
  const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
  return outside + Math.min(Math.max(qx, qy), 0) - radius;
}

/** Distance from (x, y) to the segment a–b, minus half the stroke width: a capsule. */
function capsule(
  x: number,
  y: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
  width: number
): number {
  const px = x - ax;
  const py = y - ay;
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.min(1, Math.max(0, (px * dx + py * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - t * dx, py - t * dy) - width / 2;
}

/**
 * A ring of radius r and the given stroke width, centred at (cx, cy), drawn clockwise (screen
 * coordinates, y down) from angle `from` through `sweep` radians, with round caps.
 */
function arc(
  x: number,
  y: number,
  cx: number,
  cy: number,
  r: number,
  width: number,
  from: number,
  sweep: number
): number {
  let angle = Math.atan2(y - cy, x - cx) - from;
  angle = ((angle % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
  if (angle <= sweep) return Math.abs(Math.hypot(x - cx, y - cy) - r) - width / 2;
  const capA = Math.hypot(x - (cx + r * Math.cos(from)), y - (cy + r * Math.sin(from)));
  const end = from + sweep;
  const capB = Math.hypot(x - (cx + r * Math.cos(end)), y - (cy + r * Math.sin(end)));
  return Math.min(capA, capB) - width / 2;
}

interface Layer {
  readonly colour: Rgb;
  readonly inside: (x: number, y: number) => boolean;
}

/** The icon's layers; `outline` leaves out the teal square (the white mark on transparency). */
function layers(size: number, outline: boolean): Layer[] {
  // Thin strokes vanish at 16 px: thicken them for the small sizes.
  const small = size <= 20;
  const ring = small ? 0.12 : 0.09;
  const tick = small ? 0.15 : 0.115;
  const cx = 0.5;
  const cy = 0.53;
  const r = 0.3;
  return [
    ...(outline
      ? []
      : [{ colour: TEAL, inside: (x: number, y: number) => roundedSquare(x, y, 0.19) <= 0 }]),
    // 270° dial ring, open at the bottom: from 135° (lower left) clockwise round to 45° (lower right).
    {
      colour: WHITE,
      inside: (x, y) => arc(x, y, cx, cy, r, ring, (3 * Math.PI) / 4, (3 * Math.PI) / 2) <= 0,
    },
    {
      colour: WHITE,
      inside: (x, y) =>
        Math.min(
          capsule(x, y, 0.37, 0.54, 0.47, 0.64, tick),
          capsule(x, y, 0.47, 0.64, 0.65, 0.43, tick)
        ) <= 0,
    },
  ];
}

/** Straight-alpha RGBA pixels, row by row. */
export function drawIcon(size: number, samples = 8, outline = false): Uint8Array {
  const out = new Uint8Array(size * size * 4);
  const stack = layers(size, outline);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      // Composite each layer's coverage with "source over", in floating point.
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (const layer of stack) {
        let hits = 0;
        for (let sy = 0; sy < samples; sy++) {
          for (let sx = 0; sx < samples; sx++) {
            const x = (px + (sx + 0.5) / samples) / size;
            const y = (py + (sy + 0.5) / samples) / size;
            if (layer.inside(x, y)) hits++;
          }
        }
        const coverage = hits / (samples * samples);
        if (coverage === 0) continue;
        const na = coverage + a * (1 - coverage);
        r = (layer.colour[0] * coverage + r * a * (1 - coverage)) / na;
        g = (layer.colour[1] * coverage + g * a * (1 - coverage)) / na;
        b = (layer.colour[2] * coverage + b * a * (1 - coverage)) / na;
        a = na;
      }
      const i = (py * size + px) * 4;
      out[i] = Math.round(r);
      out[i + 1] = Math.round(g);
      out[i + 2] = Math.round(b);
      out[i + 3] = Math.round(a * 255);
    }
  }
  return out;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "ascii");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Encodes straight-alpha RGBA pixels as an 8-bit RGBA PNG (no filtering, zlib level 9). */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: RGBA
  ihdr[10] = 0; // compression
  ihdr[11] = 0; // filter method
  ihdr[12] = 0; // no interlace
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0; // filter type None
    raw.set(rgba.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", new Uint8Array(0)),
  ]);
}

function main(): void {
  const dir = resolve(__dirname, "../assets");
  mkdirSync(dir, { recursive: true });
  const icons = [
    ...ICON_SIZES.map((size) => ({ file: `icon-${size}.png`, size, outline: false })),
    { ...APP_COLOR_ICON, outline: false },
    { ...APP_OUTLINE_ICON, outline: true },
  ];
  for (const { file: name, size, outline } of icons) {
    const file = resolve(dir, name);
    const png = encodePng(size, size, drawIcon(size, 8, outline));
    writeFileSync(file, png);
    console.log(`${file} ${png.length} bytes`);
  }
}

if (require.main === module) main();
