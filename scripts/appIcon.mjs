/**
 * The app icon, drawn in code: a recurrent unit, a node on a blue tile with
 * its loop back into itself, rendered at any size, and the encoders for the
 * files electron-builder packs (PNG, icns, ico). scripts/buildIcons.mjs
 * writes the set into build/; a test checks the files against the drawing.
 */

import { deflateSync } from 'node:zlib';

export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
/** The icns entries: OSType and the PNG's edge in pixels (the @2x types hold the doubled size). */
export const ICNS_TYPES = [
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
];
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];

const TILE_TOP = [37, 99, 235];
const TILE_BOTTOM = [30, 58, 138];
const LOOP = [255, 255, 255];
const NODE = [240, 163, 94];

// Shapes in unit coordinates (0…1 across the icon, y down).
const MARGIN = 0.06;
const CORNER = 0.2;
const CENTER = [0.5, 0.53];
const LOOP_RADIUS = 0.27;
const LOOP_WIDTH = 0.07;
const NODE_RADIUS = 0.13;
// The loop leaves a gap at the top right, where its arrowhead points back into the node's circle.
const GAP_FROM = (-95 * Math.PI) / 180;
const GAP_TO = (-40 * Math.PI) / 180;

function insideTile(x, y) {
  const lo = MARGIN + CORNER;
  const hi = 1 - MARGIN - CORNER;
  const dx = Math.max(lo - x, 0, x - hi);
  const dy = Math.max(lo - y, 0, y - hi);
  return x >= MARGIN && x <= 1 - MARGIN && y >= MARGIN && y <= 1 - MARGIN && dx * dx + dy * dy <= CORNER * CORNER;
}

function insideTriangle(x, y, [a, b, c]) {
  const side = (p, q) => (q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0]);
  const s1 = side(a, b);
  const s2 = side(b, c);
  const s3 = side(c, a);
  return (s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0);
}

const ARROW = (() => {
  // The loop runs clockwise and ends at GAP_FROM; the head sits there, pointing on along the circle.
  const at = (angle, radius) => [CENTER[0] + radius * Math.cos(angle), CENTER[1] + radius * Math.sin(angle)];
  const half = LOOP_WIDTH * 1.35;
  return [at(GAP_FROM, LOOP_RADIUS - half), at(GAP_FROM, LOOP_RADIUS + half), at(GAP_FROM + 0.5, LOOP_RADIUS)];
})();

/** The colour at a point of the icon, or null where it is transparent. */
function colourAt(x, y) {
  if (!insideTile(x, y)) return null;
  const dx = x - CENTER[0];
  const dy = y - CENTER[1];
  const r = Math.hypot(dx, dy);
  if (r <= NODE_RADIUS) return NODE;
  const angle = Math.atan2(dy, dx);
  const inGap = angle > GAP_FROM && angle < GAP_TO;
  if (!inGap && Math.abs(r - LOOP_RADIUS) <= LOOP_WIDTH / 2) return LOOP;
  if (insideTriangle(x, y, ARROW)) return LOOP;
  const t = (y - MARGIN) / (1 - 2 * MARGIN);
  return TILE_TOP.map((top, i) => top + (TILE_BOTTOM[i] - top) * t);
}

/** The icon at `size` × `size` pixels as RGBA bytes, each pixel averaged over a 4 × 4 grid of samples. */
export function renderIcon(size) {
  const samples = 4;
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let covered = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const colour = colourAt((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size);
          if (!colour) continue;
          r += colour[0];
          g += colour[1];
          b += colour[2];
          covered++;
        }
      }
      const at = (py * size + px) * 4;
      if (covered === 0) continue;
      rgba[at] = Math.round(r / covered);
      rgba[at + 1] = Math.round(g / covered);
      rgba[at + 2] = Math.round(b / covered);
      rgba[at + 3] = Math.round((255 * covered) / (samples * samples));
    }
  }
  return rgba;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 as PNG chunks carry it. */
export function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A PNG (8-bit RGBA, no filtering) of square RGBA pixels. */
export function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** An icns file whose entries are PNGs. */
export function encodeIcns(pngOfSize) {
  const entries = ICNS_TYPES.map(([type, size]) => {
    const png = pngOfSize(size);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(8 + png.length, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + entries.reduce((sum, e) => sum + e.length, 0), 4);
  return Buffer.concat([head, ...entries]);
}

/** An ico file whose images are PNGs (Windows Vista and later read these). */
export function encodeIco(pngOfSize) {
  const pngs = ICO_SIZES.map((size) => pngOfSize(size));
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(pngs.length, 4);
  let offset = 6 + 16 * pngs.length;
  const directory = pngs.map((png, i) => {
    const entry = Buffer.alloc(16);
    const size = ICO_SIZES[i];
    entry.writeUInt8(size >= 256 ? 0 : size, 0);
    entry.writeUInt8(size >= 256 ? 0 : size, 1);
    entry.writeUInt16LE(1, 4);
    entry.writeUInt16LE(32, 6);
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += png.length;
    return entry;
  });
  return Buffer.concat([header, ...directory, ...pngs]);
}
