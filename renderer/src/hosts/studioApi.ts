/**
 * The one place that picks the host: Electron's preload puts `window.studio`
 * on the page; anywhere else the web host is loaded on demand, so the desktop
 * build never runs browser-only code.
 */

import type { StudioApi } from '../../../shared/api/StudioApi';

declare global {
  interface Window {
    studio?: StudioApi;
  }
}

let current: StudioApi | null = null;

export async function loadStudioApi(): Promise<StudioApi> {
  if (window.studio) {
    current = window.studio;
  } else if (!current) {
    const { createWebHost } = await import('./web/WebHost');
    current = createWebHost();
  }
  return current;
}

/** The host chosen at startup; stores call it lazily, after loadStudioApi has resolved. */
export function studioApi(): StudioApi {
  if (!current) throw new Error('the studio host is not loaded yet; await loadStudioApi() before mounting the app');
  return current;
}
