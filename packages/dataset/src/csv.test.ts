import { parseCsv } from './csv';

describe('parseCsv', () => {
  it('reads quoted fields with commas, quotes and line breaks, CRLF and LF records', () => {
    const text = '\ufefffile,label,note\r\n"a,b.wav",dog,"said ""woof"""\r\nc.wav,cat,"two\nlines"\nd.wav,,\n';
    const records = parseCsv(text);
    expect(records.map((r) => r.fields)).toEqual([
      ['file', 'label', 'note'],
      ['a,b.wav', 'dog', 'said "woof"'],
      ['c.wav', 'cat', 'two\nlines'],
      ['d.wav', '', ''],
    ]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 5]);
  });

  it('skips blank lines and reads a last record without a line break', () => {
    expect(parseCsv('a,b\n\n1,2').map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('names the line of an unclosed quote', () => {
    expect(() => parseCsv('a,b\n"x,1\n', 'm.csv')).toThrow('m.csv: line 2: a quoted field is never closed');
  });
});
