import { describe, expect, it } from 'vitest';
import { StartupOpens, type OpenRequest } from '../../../electron/main/services/startupOpens';

/** The main process's start-up in miniature: windows are counted, files land in windows. */
function startup(launchFiles: string[] = []) {
  const windows: (string | null)[] = [];
  const openWindow = (): number => windows.push(null) - 1;
  const handled: OpenRequest[] = [];
  const opens = new StartupOpens(launchFiles, (request) => {
    handled.push(request);
    if (request.kind === 'file') {
      const free = windows.indexOf(null);
      windows[free === -1 ? openWindow() : free] = request.path;
    } else if (windows.length === 0) openWindow();
  });
  const ready = (): void => {
    const first = openWindow();
    opens.firstWindowOpened().forEach((path, i) => (windows[i === 0 ? first : openWindow()] = path));
  };
  return { opens, windows, handled, ready };
}

describe('opens that arrive during start-up', () => {
  it('wait for the first window, which takes the first file; each further file gets its own window', () => {
    const { opens, windows, handled, ready } = startup(['/m/launch.rnnmodel']);
    opens.request({ kind: 'file', path: '/m/from-os.rnnmodel' });
    opens.request({ kind: 'file', path: '/m/second-launch.rnnmodel' });
    expect(opens.started).toBe(false);
    expect(handled).toEqual([]);
    expect(windows).toEqual([]);
    ready();
    expect(windows).toEqual(['/m/launch.rnnmodel', '/m/from-os.rnnmodel', '/m/second-launch.rnnmodel']);
  });

  it('an activate or a second launch without files during start-up opens no extra, empty window', () => {
    const { opens, windows, ready } = startup();
    opens.request({ kind: 'window' });
    opens.request({ kind: 'window' });
    ready();
    expect(windows).toEqual([null]);
  });

  it('a file named twice before the window exists opens once', () => {
    const { opens, windows, ready } = startup(['/m/a.rnnmodel']);
    opens.request({ kind: 'file', path: '/m/a.rnnmodel' });
    opens.request({ kind: 'window' });
    ready();
    expect(windows).toEqual(['/m/a.rnnmodel']);
  });

  it('after start-up, requests are handled at once and in order', () => {
    const { opens, windows, handled, ready } = startup();
    ready();
    expect(opens.started).toBe(true);
    opens.request({ kind: 'file', path: '/m/b.rnnmodel' });
    expect(windows).toEqual(['/m/b.rnnmodel']);
    opens.request({ kind: 'file', path: '/m/c.rnnmodel' });
    opens.request({ kind: 'window' });
    expect(handled.map((r) => (r.kind === 'file' ? r.path : r.kind))).toEqual(['/m/b.rnnmodel', '/m/c.rnnmodel', 'window']);
    expect(windows).toEqual(['/m/b.rnnmodel', '/m/c.rnnmodel']);
    expect(opens.firstWindowOpened()).toEqual([]);
  });
});
