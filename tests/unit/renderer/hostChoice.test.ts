import { describe, expect, it } from 'vitest';
import { chooseHost } from '@/hosts/studioApi';

const ELECTRON_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) rnn-studio/0.1.0 Chrome/142.0.0.0 Electron/45.5.0 Safari/537.36';
const CHROME_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36';

describe('which host the studio runs on', () => {
  it("the desktop host wherever the preload put window.studio", () => {
    expect(chooseHost({ protocol: 'app:', userAgent: ELECTRON_AGENT, hasPreloadApi: true })).toBe('desktop');
    expect(chooseHost({ protocol: 'http:', userAgent: ELECTRON_AGENT, hasPreloadApi: true })).toBe('desktop');
  });

  it('the web host in a browser', () => {
    expect(chooseHost({ protocol: 'http:', userAgent: CHROME_AGENT, hasPreloadApi: false })).toBe('web');
    expect(chooseHost({ protocol: 'https:', userAgent: CHROME_AGENT, hasPreloadApi: false })).toBe('web');
  });

  it("an error, not the web host, in the desktop app's pages without the preload", () => {
    expect(chooseHost({ protocol: 'app:', userAgent: ELECTRON_AGENT, hasPreloadApi: false })).toBe('desktop-preload-missing');
    expect(chooseHost({ protocol: 'app:', userAgent: CHROME_AGENT, hasPreloadApi: false })).toBe('desktop-preload-missing');
    // In development Electron loads the dev server's http: page.
    expect(chooseHost({ protocol: 'http:', userAgent: ELECTRON_AGENT, hasPreloadApi: false })).toBe('desktop-preload-missing');
  });
});
