import { describe, expect, it } from 'vitest';
import { REFUSED_MESSAGE, guardedHandler, guardedListener } from '../../../electron/main/services/ipcGuard';
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

describe('guarded IPC handlers', () => {
  const windows = new Map([[1, 'window one']]);
  const guard = (log: string[]) => ({ ...options, windowOf: (id: number) => windows.get(id), log: (l: string) => log.push(l) });

  it('never runs the work for a foreign sender, answers with a refusal, and logs why', async () => {
    const log: string[] = [];
    let ran = 0;
    const handler = guardedHandler('studio:save-model', guard(log), async () => ++ran);
    expect(await handler(event(9, 'app://studio/index.html'))).toEqual({ ok: false, message: REFUSED_MESSAGE });
    expect(await handler(event(1, 'https://evil.example/'))).toEqual({ ok: false, message: REFUSED_MESSAGE });
    expect(ran).toBe(0);
    expect(log).toEqual(["refused studio:save-model: webContents 9 is not one of the app's windows", "refused studio:save-model: the sending page https://evil.example/ is not one of the app's pages"]);
  });

  it("runs the work for the app's window with its window and arguments, and turns a failure into its message", async () => {
    const log: string[] = [];
    const handler = guardedHandler('studio:open-recent', guard(log), async (window, _event, path) => `${String(window)} opens ${String(path)}`);
    expect(await handler(event(1, 'app://studio/index.html'), '/m/a.rnnmodel')).toEqual({ ok: true, value: 'window one opens /m/a.rnnmodel' });
    const failing = guardedHandler('studio:open-recent', guard(log), async () => {
      throw new Error('"a.rnnmodel" cannot be opened: it does not exist.');
    });
    expect(await failing(event(1, 'app://studio/index.html'))).toEqual({ ok: false, message: '"a.rnnmodel" cannot be opened: it does not exist.' });
    expect(log[0]).toMatch(/^studio:open-recent failed: Error: "a\.rnnmodel" cannot be opened/);
  });

  it('drops one-way messages from a foreign sender', () => {
    const seen: unknown[] = [];
    const listener = guardedListener('studio:set-document-state', guard([]), (window, value) => seen.push([window, value]));
    listener(event(3, 'app://studio/'), { dirty: true });
    listener(event(1, 'app://studio/'), { dirty: false });
    expect(seen).toEqual([['window one', { dirty: false }]]);
  });
});
