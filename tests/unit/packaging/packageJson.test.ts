/** package.json as electron-builder and npm read it: who made the app, what it needs at run time, which Node. */

import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const require = createRequire(join(ROOT, 'package.json'));
const { load } = require('js-yaml') as { load(text: string): unknown };
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, any>;
const pkg = readJson(join(ROOT, 'package.json'));
const lock = readJson(join(ROOT, 'package-lock.json'));
const builder = load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as { executableName?: string; linux: { maintainer: string; executableName?: string } };

describe('package.json', () => {
  it('names a homepage and an author with an email, the same as the deb maintainer', () => {
    expect(pkg.homepage).toMatch(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+$/);
    expect(pkg.author).toMatch(/^[^<>]+ <[^@\s<>]+@[^@\s<>]+\.[a-z]+>$/);
    expect(builder.linux.maintainer).toBe(pkg.author);
  });

  it("names the Linux launcher electron-builder writes, so a window matches its launcher (Wayland's app id)", () => {
    // electron-builder names the .desktop file after the executable, which is the package name unless set.
    const executable = builder.linux.executableName ?? builder.executableName ?? pkg.name;
    expect(pkg.desktopName).toBe(`${executable}.desktop`);
  });

  it('has no runtime dependencies: the built app bundles Vue, Pinia and Chart.js', () => {
    expect(pkg.dependencies ?? {}).toEqual({});
    for (const name of ['vue', 'pinia', 'chart.js']) expect(pkg.devDependencies[name], name).toBeDefined();
  });

  it("asks for the Node that Electron's package asks for, as a warning only (npm ci still runs on Node 20)", () => {
    const electron = readJson(require.resolve('electron/package.json'));
    expect(pkg.engines.node.replace(/\s/g, '')).toBe(electron.engines.node.replace(/\s/g, '').replace(/\.0$/, ''));
    const npmrc = join(ROOT, '.npmrc');
    if (existsSync(npmrc)) expect(readFileSync(npmrc, 'utf8')).not.toMatch(/^\s*engine-strict\s*=\s*true/m);
  });

  it('agrees with package-lock.json on what is installed', () => {
    const root = lock.packages[''];
    expect(root.dependencies ?? {}).toEqual(pkg.dependencies ?? {});
    expect(root.devDependencies).toEqual(pkg.devDependencies);
    expect(root.engines).toEqual(pkg.engines);
    for (const name of ['vue', 'pinia', 'chart.js']) expect(lock.packages[`node_modules/${name}`].dev, name).toBe(true);
  });
});
