import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OpenablePaths } from '../../../electron/main/services/openablePaths';
import { silentSavePath } from '../../../electron/main/services/saveTarget';

const home = join('/', 'home', 'ada');

describe('the paths a page may open by name', () => {
  it('refuses any path the main process did not hand out', () => {
    const openable = new OpenablePaths();
    expect(openable.allows('/etc/passwd')).toBe(false);
    expect(openable.allows(join(home, '.ssh', 'id_rsa'))).toBe(false);
    expect(openable.allows(join(home, 'model.rnnmodel'))).toBe(false);
  });

  it('allows what was granted (dialog results, launched files), by its resolved form', () => {
    const openable = new OpenablePaths();
    openable.grant(join(home, 'models', 'adder.rnnmodel'));
    expect(openable.allows(join(home, 'models', 'adder.rnnmodel'))).toBe(true);
    expect(openable.allows(`${home}/models/../models/./adder.rnnmodel`)).toBe(true);
    expect(openable.allows(join(home, 'models', 'other.rnnmodel'))).toBe(false);
    expect(openable.allows(join(home, 'models'))).toBe(false);
  });

  it('allows the recent files as they stand at the time of asking', () => {
    let recent = [join(home, 'a.rnnmodel')];
    const openable = new OpenablePaths(() => recent);
    expect(openable.allows(join(home, 'a.rnnmodel'))).toBe(true);
    recent = [];
    expect(openable.allows(join(home, 'a.rnnmodel'))).toBe(false);
  });
});

describe('a save without a dialog', () => {
  const own = join(home, 'own.rnnmodel');

  it("goes only to the window's own file, when the page asks for exactly that one", () => {
    expect(silentSavePath(own, { saveAs: false, name: 'own', path: own })).toBe(own);
  });

  it('asks for anything else: another path, Save As, no file yet, or a malformed request', () => {
    expect(silentSavePath(own, { saveAs: false, path: '/etc/cron.d/job' })).toBeNull();
    expect(silentSavePath(own, { saveAs: false, path: `${home}/x/../own.rnnmodel` })).toBeNull();
    expect(silentSavePath(own, { saveAs: true, path: own })).toBeNull();
    expect(silentSavePath(null, { saveAs: false, path: own })).toBeNull();
    expect(silentSavePath(null, { saveAs: false, path: null })).toBeNull();
    expect(silentSavePath(own, null)).toBeNull();
    expect(silentSavePath(own, { path: [own] })).toBeNull();
  });
});
