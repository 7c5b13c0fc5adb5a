import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultDataDir } from '../../../../src-main/engine/journal/data-dir';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('defaultDataDir', () => {
  it('uses $XDG_DATA_HOME/tallyline when XDG_DATA_HOME is set', () => {
    expect(defaultDataDir({ XDG_DATA_HOME: '/srv/xdg', HOME: '/home/ann' })).toBe(join('/srv/xdg', 'tallyline'));
  });

  it('falls back to ~/.local/share/tallyline when XDG_DATA_HOME is unset or empty', () => {
    expect(defaultDataDir({ HOME: '/home/ann' })).toBe(join('/home/ann', '.local', 'share', 'tallyline'));
    expect(defaultDataDir({ XDG_DATA_HOME: '', HOME: '/home/ann' })).toBe(join('/home/ann', '.local', 'share', 'tallyline'));
  });

  it('ignores a relative XDG_DATA_HOME, as the XDG spec requires', () => {
    expect(defaultDataDir({ XDG_DATA_HOME: 'relative/dir', HOME: '/home/ann' })).toBe(join('/home/ann', '.local', 'share', 'tallyline'));
  });

  it('reads the process environment by default', () => {
    vi.stubEnv('XDG_DATA_HOME', '/tmp/xdg-test');
    expect(defaultDataDir()).toBe(join('/tmp/xdg-test', 'tallyline'));
  });
});
