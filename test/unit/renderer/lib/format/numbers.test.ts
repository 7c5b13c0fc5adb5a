import { describe, expect, it } from 'vitest';
import {
  countOf,
  formatBytes,
  formatCompact,
  formatCount,
  formatShare,
  formatValue,
} from '../../../../../src-renderer/src/lib/format/numbers';
import { ENGLISH, local } from '../../support/locale';

describe('formatCount', () => {
  it('groups the digits of a whole count', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1_234_567)).toBe(local('1,234,567'));
  });

  it('keeps one decimal of a fractional StatsD count (a:1|c|@0.4 counts 2.5), rounding half up', () => {
    expect(formatCount(2.5)).toBe(local('2.5'));
    expect(formatCount(2.25)).toBe(local('2.3'));
    expect(formatCount(1234.56)).toBe(local('1,234.6'));
  });
});

describe('formatBytes', () => {
  it('shows bytes below 1024 whole, with the unit B', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe(local('1,023 B'));
  });

  it('steps by 1024, not 1000, with one decimal', () => {
    expect(formatBytes(1024)).toBe('1 KB');
    expect(formatBytes(1536)).toBe(local('1.5 KB'));
    expect(formatBytes(12.5 * 1024 * 1024)).toBe(local('12.5 MB'));
    expect(formatBytes(3 * 1024 ** 3)).toBe('3 GB');
  });

  it('stays in TB past the largest unit rather than running off the list', () => {
    expect(formatBytes(2048 * 1024 ** 4)).toBe(local('2,048 TB'));
  });
});

describe('formatCompact', () => {
  it.runIf(ENGLISH)('shortens axis labels to at most one decimal (English locale: K, M)', () => {
    expect(formatCompact(999)).toBe('999');
    expect(formatCompact(1234)).toBe('1.2K');
    expect(formatCompact(1_500_000)).toBe('1.5M');
  });
});

describe('countOf', () => {
  it('uses the singular noun for exactly one and the plural for anything else, zero included', () => {
    expect(countOf(1, 'closed window')).toBe('1 closed window');
    expect(countOf(0, 'closed window')).toBe('0 closed windows');
    expect(countOf(2, 'line')).toBe('2 lines');
  });

  it('groups the digits of the count', () => {
    expect(countOf(1234, 'window')).toBe(local('1,234 windows'));
  });

  it('takes an irregular plural', () => {
    expect(countOf(3, 'entry', 'entries')).toBe('3 entries');
    expect(countOf(1, 'entry', 'entries')).toBe('1 entry');
  });
});

describe('formatValue', () => {
  it('keeps four significant digits below 1,000, so small and middling values both say something', () => {
    expect(formatValue(12.3456)).toBe(local('12.35'));
    expect(formatValue(0.012345)).toBe(local('0.01235'));
    expect(formatValue(98.5)).toBe(local('98.5'));
    expect(formatValue(-3.25)).toBe(local('-3.25'));
  });

  it('rounds to whole and groups from 1,000 on, where decimals are noise', () => {
    expect(formatValue(1310.4)).toBe(local('1,310'));
    expect(formatValue(1_234_567.89)).toBe(local('1,234,568'));
  });

  it('writes 0 as 0', () => {
    expect(formatValue(0)).toBe('0');
  });
});

describe('formatShare', () => {
  it.runIf(ENGLISH)('writes whole percents from 10 % and one decimal below (English locale)', () => {
    expect(formatShare(1)).toBe('100%');
    expect(formatShare(0.654)).toBe('65%');
    expect(formatShare(0.0456)).toBe('4.6%');
    expect(formatShare(0)).toBe('0%');
  });

  it.runIf(ENGLISH)('says a sliver is under 0.1 % rather than 0 % (English locale)', () => {
    expect(formatShare(0.0004)).toBe('< 0.1%');
  });
});
