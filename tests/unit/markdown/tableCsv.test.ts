import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from '../../../src/components/markdown/tableCsv';

describe('csvField', () => {
  it('quotes a field with a comma, quote or line break, doubling quotes (RFC 4180)', () => {
    expect(csvField('EC2')).toBe('EC2');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
  });

  it('puts a quote mark before anything a spreadsheet would run as a formula', () => {
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('+cmd|calc')).toBe("'+cmd|calc");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tx')).toBe("'\tx");
    expect(csvField('\rx')).toBe(`"'\rx"`);
    expect(csvField('=HYPERLINK("x","y")')).toBe(`"'=HYPERLINK(""x"",""y"")"`);
  });

  it('keeps signed numbers, amounts and percentages as they are', () => {
    for (const value of ['-12.5', '+3', '-$1,234.50', '+3.2%', '-€40', '-0.5%']) {
      expect(csvField(value)).toBe(value.includes(',') ? `"${value}"` : value);
    }
  });
});

describe('toCsv', () => {
  it('ends lines with CRLF', () => {
    expect(
      toCsv([
        ['a', 'b'],
        ['1', '2'],
      ]),
    ).toBe('a,b\r\n1,2');
  });
});
