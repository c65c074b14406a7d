/**
 * The studio's built pages, served to its windows from app://studio/ rather
 * than file:// (Electron's security checklist: a custom scheme gives the pages
 * a real origin for 'self', and nothing outside the build folder can be
 * reached). Every response carries the Content-Security-Policy.
 */

import * as fsp from 'node:fs/promises';
import { extname, isAbsolute, join, normalize, relative, sep } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'studio';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Scripts, workers and data only from the app itself; no inline script, no
 * eval, no remote origin. 'wasm-unsafe-eval' lets the app compile its own
 * WebAssembly kernels (it permits no JavaScript eval). Inline styles stay allowed because Vue and Chart.js
 * set style attributes. (Assigned as one literal so electronegativity's CSP
 * check reads and evaluates the very policy the app sends.)
 */
function securityHeaders(): Record<string, string> {
  const headers: Record<string, string> = { 'x-content-type-options': 'nosniff' };
  // security-reviewed CSP_GLOBAL_CHECK: the only finding is 'self' in script-src, risky where an origin hosts JSONP, Angular templates or uploads; app://studio serves only the app's own build output.
  headers['content-security-policy'] =
    "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'";
  return headers;
}

export const CONTENT_SECURITY_POLICY = securityHeaders()['content-security-policy']!;

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

export function mimeTypeOf(path: string): string {
  return MIME_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** The file an app:// URL names inside root, or null for anything outside it or another host. */
export function rendererFilePath(root: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const file = normalize(join(root, pathname === '/' ? 'index.html' : pathname));
  const inside = relative(root, file);
  if (inside === '' || inside.startsWith('..') || inside.split(sep).includes('..')) return null;
  return file;
}

export interface RendererResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array<ArrayBuffer> | string;
}

/**
 * The regular file an app:// URL leads to once symbolic links are followed,
 * or null when that is outside the (real) build folder or not a regular file:
 * a link inside the build folder must not reach the rest of the disk.
 */
export async function realRendererFile(root: string, url: string): Promise<string | null> {
  const file = rendererFilePath(root, url);
  if (!file) return null;
  try {
    const [realRoot, realFile] = await Promise.all([fsp.realpath(root), fsp.realpath(file)]);
    const inside = relative(realRoot, realFile);
    if (inside === '' || isAbsolute(inside) || inside.split(sep).includes('..')) return null;
    return (await fsp.stat(realFile)).isFile() ? realFile : null;
  } catch {
    return null;
  }
}

export async function rendererResponse(root: string, url: string): Promise<RendererResponse> {
  const headers = securityHeaders();
  const file = await realRendererFile(root, url);
  if (!file) return { status: 404, headers: { ...headers, 'content-type': 'text/plain' }, body: 'not found' };
  try {
    const body = await fsp.readFile(file);
    return { status: 200, headers: { ...headers, 'content-type': mimeTypeOf(file) }, body: new Uint8Array(body) };
  } catch {
    return { status: 404, headers: { ...headers, 'content-type': 'text/plain' }, body: 'not found' };
  }
}
