import { describe, expect, it } from 'vitest';
import { navigationAllowed } from '../../../electron/main/services/navigation';

describe('where a studio window may navigate', () => {
  it('reloads the page it shows, fragment or not', () => {
    expect(navigationAllowed('app://studio/index.html', 'app://studio/index.html', null)).toBe(true);
    expect(navigationAllowed('app://studio/index.html#runs', 'app://studio/index.html', null)).toBe(true);
    expect(navigationAllowed('http://localhost:5173/', 'http://localhost:5173/', 'http://localhost:5173')).toBe(true);
  });

  it("goes nowhere else in the built app, not even another page of app://studio", () => {
    for (const target of ['https://example.org/', 'app://studio/other.html', 'app://studio/index.html?x=1', 'file:///etc/passwd', 'javascript:alert(1)', 'not a url']) {
      expect(navigationAllowed('app://studio/index.html', target, null), target).toBe(false);
    }
  });

  it("in development, may move between the dev server's pages, and nowhere else", () => {
    expect(navigationAllowed('http://localhost:5173/', 'http://localhost:5173/index.html', 'http://localhost:5173')).toBe(true);
    expect(navigationAllowed('http://localhost:5173/', 'http://localhost:5174/', 'http://localhost:5173')).toBe(false);
    expect(navigationAllowed('http://localhost:5173/', 'https://example.org/', 'http://localhost:5173')).toBe(false);
  });
});
