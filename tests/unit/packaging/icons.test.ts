/**
 * The app icon set that electron-builder packs: the files electron-builder.yml
 * names exist, are well-formed PNG, icns and ico files of the sizes they
 * claim, and hold the picture scripts/appIcon.mjs draws.
 */

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ICNS_TYPES, ICO_SIZES, PNG_SIZES, crc32, renderIcon } from '../../../scripts/appIcon.mjs';

const ROOT = resolve(import.meta.dirname, '../../..');
const require = createRequire(join(ROOT, 'package.json'));
const { load } = require('js-yaml') as { load(text: string): unknown };
const config = load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as { linux: { icon: string }; mac: { icon: string }; win: { icon: string } };

interface Png {
  width: number;
  height: number;
  colourType: number;
  pixels: Buffer;
}

/** Reads a PNG strictly: signature, every chunk's CRC, the header, and (for unfiltered rows) the RGBA pixels. */
function readPng(bytes: Buffer): Png {
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  let at = 8;
  const idat: Buffer[] = [];
  let header: Buffer | null = null;
  let ended = false;
  while (at < bytes.length) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    const data = bytes.subarray(at + 8, at + 8 + length);
    expect(bytes.readUInt32BE(at + 8 + length), `CRC of ${type}`).toBe(crc32(bytes.subarray(at + 4, at + 8 + length)));
    if (type === 'IHDR') header = data;
    if (type === 'IDAT') idat.push(data);
    if (type === 'IEND') ended = true;
    at += 12 + length;
  }
  expect(ended).toBe(true);
  expect(header).not.toBeNull();
  const width = header!.readUInt32BE(0);
  const height = header!.readUInt32BE(4);
  const rows = inflateSync(Buffer.concat(idat));
  expect(rows.length).toBe(height * (width * 4 + 1));
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    expect(rows[y * (width * 4 + 1)]).toBe(0);
    rows.copy(pixels, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1));
  }
  return { width, height, colourType: header![9]!, pixels };
}

describe('the app icons', () => {
  it('are where electron-builder.yml says, for Linux, macOS and Windows', () => {
    expect(config.linux.icon).toBe('build/icons');
    expect(config.mac.icon).toBe('build/icon.icns');
    expect(config.win.icon).toBe('build/icon.ico');
    for (const path of [config.linux.icon, config.mac.icon, config.win.icon]) expect(existsSync(join(ROOT, path)), path).toBe(true);
  });

  it('Linux: one RGBA PNG per size, named by its size, up to 1024 × 1024', () => {
    const names = readdirSync(join(ROOT, config.linux.icon)).sort();
    expect(names).toEqual(PNG_SIZES.map((size) => `${size}x${size}.png`).sort());
    for (const size of PNG_SIZES) {
      const png = readPng(readFileSync(join(ROOT, config.linux.icon, `${size}x${size}.png`)));
      expect([png.width, png.height, png.colourType]).toEqual([size, size, 6]);
    }
  });

  it('hold the drawing of scripts/appIcon.mjs (regenerate with npm run build:icons)', () => {
    for (const size of [16, 32, 128]) {
      const png = readPng(readFileSync(join(ROOT, config.linux.icon, `${size}x${size}.png`)));
      expect(png.pixels.equals(renderIcon(size)), `${size}x${size}.png`).toBe(true);
    }
    // Not an empty picture: an opaque middle and transparent corners.
    const pixels = renderIcon(64);
    expect(pixels[(32 * 64 + 32) * 4 + 3]).toBe(255);
    expect(pixels[3]).toBe(0);
  });

  it('macOS: an icns whose entries are PNGs of the sizes their types stand for', () => {
    const icns = readFileSync(join(ROOT, config.mac.icon));
    expect(icns.toString('latin1', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const entries: [string, number][] = [];
    for (let at = 8; at < icns.length; ) {
      const type = icns.toString('latin1', at, at + 4);
      const length = icns.readUInt32BE(at + 4);
      expect(length).toBeGreaterThan(8);
      const png = readPng(icns.subarray(at + 8, at + length));
      expect(png.width).toBe(png.height);
      entries.push([type, png.width]);
      at += length;
    }
    expect(entries).toEqual(ICNS_TYPES);
  });

  it('Windows: an ico whose directory matches its PNG images, 256 × 256 included', () => {
    const ico = readFileSync(join(ROOT, config.win.icon));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const count = ico.readUInt16LE(4);
    const sizes: number[] = [];
    for (let i = 0; i < count; i++) {
      const entry = ico.subarray(6 + 16 * i, 22 + 16 * i);
      const size = entry[0] === 0 ? 256 : entry[0]!;
      expect(entry[1] === 0 ? 256 : entry[1]).toBe(size);
      expect(entry.readUInt16LE(6)).toBe(32);
      const bytes = entry.readUInt32LE(8);
      const offset = entry.readUInt32LE(12);
      expect(offset + bytes).toBeLessThanOrEqual(ico.length);
      const png = readPng(ico.subarray(offset, offset + bytes));
      expect([png.width, png.height]).toEqual([size, size]);
      sizes.push(size);
    }
    expect(sizes).toEqual(ICO_SIZES);
  });
});
