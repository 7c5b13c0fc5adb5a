import { describe, expect, it } from 'vitest';
import { exportProgressText, exportSizeText } from '../../../../../src-renderer/src/lib/format/export-text';
import { local } from '../../support/locale';

describe('exportProgressText', () => {
  it('counts windows written of all, "window" for one', () => {
    expect(exportProgressText(0, 1)).toBe('0 / 1 window');
    expect(exportProgressText(12, 40)).toBe('12 / 40 windows');
    expect(exportProgressText(1234, 5000)).toBe(local('1,234 / 5,000 windows'));
  });
});

describe('exportSizeText', () => {
  it('says rows, "row" for one, and the size', () => {
    expect(exportSizeText(1, 87)).toBe('1 row, 87 B');
    expect(exportSizeText(0, 0)).toBe('0 rows, 0 B');
    expect(exportSizeText(3, 2048)).toBe('3 rows, 2 KB');
  });
});
