/**
 * The one place that picks the host: Electron's preload puts `window.studio`
 * on the page; in a browser the web host is loaded on demand, so the desktop
 * build never runs browser-only code. Inside the desktop app a missing
 * `window.studio` means the preload failed: that is an error the person sees,
 * never a quiet switch to the browser's host (whose files and trainer are not
 * the desktop's).
 */

import type { StudioApi } from '@shared/api/studioApi';

declare global {
  interface Window {
    studio?: StudioApi;
  }
}

/** The page as the host choice sees it. */
export interface PageFacts {
  /** `location.protocol`: 'app:' for the desktop app's built pages. */
  protocol: string;
  userAgent: string;
  /** Whether the preload's `window.studio` is there. */
  hasPreloadApi: boolean;
}

export type HostChoice = 'desktop' | 'web' | 'desktop-preload-missing';

export const PRELOAD_MISSING_MESSAGE =
  "the desktop app's connection to its main process (the preload script) did not load, so files and training cannot work. Reinstalling RNN Studio should mend it; logs/main.log in the app's user-data folder says what failed.";

/** Desktop when the preload is there; the web host only outside Electron (its own app: scheme, or its user agent in development). */
export function chooseHost(page: PageFacts): HostChoice {
  if (page.hasPreloadApi) return 'desktop';
  const inElectron = page.protocol === 'app:' || /\bElectron\//.test(page.userAgent);
  return inElectron ? 'desktop-preload-missing' : 'web';
}

let current: StudioApi | null = null;

export async function loadStudioApi(): Promise<StudioApi> {
  if (window.studio) {
    current = window.studio;
    return current;
  }
  if (current) return current;
  if (chooseHost({ protocol: window.location.protocol, userAgent: navigator.userAgent, hasPreloadApi: false }) === 'desktop-preload-missing') {
    throw new Error(PRELOAD_MISSING_MESSAGE);
  }
  const { createWebHost } = await import('./web/webHost');
  current = createWebHost();
  return current;
}

/** The host chosen at startup; stores call it lazily, after loadStudioApi has resolved. */
export function studioApi(): StudioApi {
  if (!current) throw new Error('the studio host is not loaded yet; await loadStudioApi() before mounting the app');
  return current;
}
