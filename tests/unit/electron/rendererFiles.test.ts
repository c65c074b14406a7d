import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, rendererFilePath, rendererResponse } from '../../../electron/main/services/rendererFiles';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'rnn-studio-renderer-'));
  await mkdir(join(root, 'assets'));
  await writeFile(join(root, 'index.html'), '<!doctype html>');
  await writeFile(join(root, 'assets', 'index-abc.js'), 'export {}');
  await writeFile(join(root, '..', 'secret.txt'), 'no');
  if (process.platform !== 'win32') {
    await symlink(join(root, '..', 'secret.txt'), join(root, 'assets', 'escape.js'));
    await symlink('/etc', join(root, 'etc'));
    await symlink('index-abc.js', join(root, 'assets', 'alias.js'));
  }
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(join(root, '..', 'secret.txt'), { force: true });
});

describe('serving the built pages from app://studio', () => {
  it('maps app URLs into the build folder', () => {
    expect(rendererFilePath(root, 'app://studio/')).toBe(join(root, 'index.html'));
    expect(rendererFilePath(root, 'app://studio/assets/index-abc.js?v=1')).toBe(join(root, 'assets', 'index-abc.js'));
  });

  it('refuses other hosts, schemes and anything outside the folder', () => {
    expect(rendererFilePath(root, 'app://other/index.html')).toBeNull();
    expect(rendererFilePath(root, 'file:///etc/passwd')).toBeNull();
    // The URL parser resolves (even encoded) dot segments against the app's root, never above it.
    expect(rendererFilePath(root, 'app://studio/%2e%2e/secret.txt')).toBe(join(root, 'secret.txt'));
    expect(rendererFilePath(root, 'app://studio/assets/%2E%2E%2F%2E%2E%2Fsecret.txt')).toBeNull();
    expect(rendererFilePath(root, 'app://studio/a%00b')).toBeNull();
    expect(rendererFilePath(root, 'app://studio/%E0%A4%A')).toBeNull();
  });

  it('answers with the content type and the Content-Security-Policy header', async () => {
    const page = await rendererResponse(root, 'app://studio/index.html');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    const script = await rendererResponse(root, 'app://studio/assets/index-abc.js');
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(new TextDecoder().decode(script.body as Uint8Array)).toBe('export {}');
    const missing = await rendererResponse(root, 'app://studio/assets/nope.js');
    expect(missing.status).toBe(404);
    expect((await rendererResponse(root, 'app://studio/%2e%2e/secret.txt')).status).toBe(404);
  });

  it.runIf(process.platform !== 'win32')('follows symbolic links only to files inside the build folder', async () => {
    expect((await rendererResponse(root, 'app://studio/assets/escape.js')).status).toBe(404);
    expect((await rendererResponse(root, 'app://studio/etc/hostname')).status).toBe(404);
    expect((await rendererResponse(root, 'app://studio/etc/passwd')).status).toBe(404);
    expect((await rendererResponse(root, 'app://studio/assets')).status).toBe(404);
    const alias = await rendererResponse(root, 'app://studio/assets/alias.js');
    expect(alias.status).toBe(200);
    expect(new TextDecoder().decode(alias.body as Uint8Array)).toBe('export {}');
  });

  it.runIf(process.platform !== 'win32')('serves the same files when the build folder itself is reached through a link', async () => {
    const linked = `${root}-link`;
    await symlink(root, linked);
    try {
      expect((await rendererResponse(linked, 'app://studio/index.html')).status).toBe(200);
      expect((await rendererResponse(linked, 'app://studio/assets/escape.js')).status).toBe(404);
    } finally {
      await rm(linked, { force: true });
    }
  });

  it('allows scripts from the app only: no inline script, no eval (WebAssembly compilation only), no remote origin', () => {
    const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/'unsafe-eval'|https?:|\*/);
    expect(directives['object-src']).toEqual(["'none'"]);
  });
});
