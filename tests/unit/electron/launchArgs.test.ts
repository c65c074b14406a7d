import { describe, expect, it } from 'vitest';
import { filesFromArgv } from '../../../electron/main/services/launchArgs';

const opts = { cwd: '/home/me/work', extensions: ['rnnmodel', 'json'], defaultApp: false };

describe('model files from the command line', () => {
  it('takes model files after the executable, resolving relative ones', () => {
    expect(filesFromArgv(['/opt/RNN Studio/rnn-studio', 'adder.rnnmodel', '/tmp/x.JSON'], opts)).toEqual(['/home/me/work/adder.rnnmodel', '/tmp/x.JSON']);
  });

  it("skips the app's entry script when run through the electron binary", () => {
    expect(filesFromArgv(['/usr/bin/electron', 'out/main/index.js', 'a.rnnmodel'], { ...opts, defaultApp: true })).toEqual(['/home/me/work/a.rnnmodel']);
  });

  it('ignores the switches Playwright and Chromium add, and other files and URLs', () => {
    const argv = [
      '/usr/bin/electron',
      'out/main/index.js',
      '--inspect=0',
      '--remote-debugging-port=0',
      '--no-sandbox',
      '--enable-features=Foo,Bar',
      '--user-data-dir=/tmp/profile.json',
      '-r',
      'notes.txt',
      'https://example.com/model.rnnmodel',
      'data:application/json,{}',
      '',
    ];
    expect(filesFromArgv(argv, { ...opts, defaultApp: true })).toEqual([]);
  });

  it("reads a second launch's files against that launch's own working directory, past the switches Chromium appends", () => {
    // What the running studio's 'second-instance' event gets: argv reordered, with switches added.
    const argv = ['/opt/RNN Studio/rnn-studio', '--allow-file-access-from-files', 'b.rnnmodel', '--original-process-start-time=13372118417390861', '../c.json'];
    expect(filesFromArgv(argv, { ...opts, cwd: '/home/me/other' })).toEqual(['/home/me/other/b.rnnmodel', '/home/me/c.json']);
  });

  it('takes a local file: URL as its file, as Linux desktops launch with %U, and refuses other hosts and schemes', () => {
    const argv = ['/opt/RNN Studio/rnn-studio', 'file:///home/me/My%20Models/adder.rnnmodel', 'file://localhost/tmp/b.json', 'file://fileserver/share/c.rnnmodel', 'javascript:alert(1)//.json', 'ftp://host/d.rnnmodel'];
    expect(filesFromArgv(argv, opts)).toEqual(['/home/me/My Models/adder.rnnmodel', '/tmp/b.json']);
  });

  it('takes names with a colon that are no URL', () => {
    expect(filesFromArgv(['app', 'run:2.rnnmodel'], opts)).toEqual(['/home/me/work/run:2.rnnmodel']);
  });

  it('takes a file that looks like a switch after --', () => {
    expect(filesFromArgv(['app', '--', '-odd.rnnmodel'], opts)).toEqual(['/home/me/work/-odd.rnnmodel']);
  });
});
