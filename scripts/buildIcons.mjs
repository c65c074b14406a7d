#!/usr/bin/env node
/**
 * Writes the app icon set that electron-builder packs: build/icons/<n>x<n>.png
 * (Linux), build/icon.icns (macOS), build/icon.ico (Windows), all drawn by
 * scripts/appIcon.mjs. `npm run build:icons` after a change to the drawing.
 */

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG_SIZES, encodeIcns, encodeIco, encodePng, renderIcon } from './appIcon.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function writeIcons(buildDir) {
  const pngs = new Map(PNG_SIZES.map((size) => [size, encodePng(size, renderIcon(size))]));
  const pngOfSize = (size) => pngs.get(size);
  mkdirSync(join(buildDir, 'icons'), { recursive: true });
  for (const [size, png] of pngs) writeFileSync(join(buildDir, 'icons', `${size}x${size}.png`), png);
  writeFileSync(join(buildDir, 'icon.icns'), encodeIcns(pngOfSize));
  writeFileSync(join(buildDir, 'icon.ico'), encodeIco(pngOfSize));
}

writeIcons(join(ROOT, 'build'));
