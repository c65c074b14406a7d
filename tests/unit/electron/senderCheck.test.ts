import { describe, expect, it } from 'vitest';
import { assertTrustedSender, senderProblem, type IpcSender } from '../../../electron/main/services/senderCheck';

const options = { isAppWindow: (id: number) => id === 1 || id === 2, origins: ['app://studio'] };
const event = (id: number, url: string | null, parent: unknown = null): IpcSender => ({ sender: { id }, senderFrame: url === null ? null : { url, parent } });

describe('the IPC sender check', () => {
  it("accepts the top frame of the app's own windows on the app's pages", () => {
    expect(senderProblem(event(1, 'app://studio/index.html'), options)).toBeNull();
    expect(senderProblem(event(2, 'app://studio/'), options)).toBeNull();
    expect(() => assertTrustedSender('studio:save-model', event(1, 'app://studio/index.html'), options)).not.toThrow();
  });

  it('rejects a webContents that is not one of the windows', () => {
    expect(senderProblem(event(7, 'app://studio/index.html'), options)).toBe("webContents 7 is not one of the app's windows");
    expect(() => assertTrustedSender('studio:save-model', event(7, 'app://studio/index.html'), options)).toThrow("refused studio:save-model: webContents 7 is not one of the app's windows");
  });

  it('rejects a foreign page, a subframe, a vanished frame and a lookalike origin', () => {
    expect(senderProblem(event(1, 'https://evil.example/'), options)).toMatch(/https:\/\/evil\.example\/ is not one of the app's pages/);
    expect(senderProblem(event(1, 'file:///etc/passwd'), options)).toMatch(/not one of the app's pages/);
    expect(senderProblem(event(1, 'app://studio.evil/index.html'), options)).toMatch(/not one of the app's pages/);
    expect(senderProblem(event(1, 'app://studio/index.html', { url: 'app://studio/' }), options)).toMatch(/subframe/);
    expect(senderProblem(event(1, null), options)).toBe('the sending frame is gone');
    expect(senderProblem(event(1, 'not a url'), options)).toMatch(/no valid URL/);
  });

  it('accepts the dev server only when it is listed', () => {
    expect(senderProblem(event(1, 'http://localhost:5173/'), options)).not.toBeNull();
    expect(senderProblem(event(1, 'http://localhost:5173/'), { ...options, origins: ['app://studio', 'http://localhost:5173'] })).toBeNull();
  });
});
