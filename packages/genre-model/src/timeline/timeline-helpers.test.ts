import { audacityLabels, regionsCsv, timelineCsv } from './formats';
import { mergeSegments } from './merge-segments';
import { parseSpan, timelineOptionsSchema } from './options';
import { smoothProbabilities } from './smooth';

describe('smoothProbabilities', () => {
  const probs = Float32Array.from([0.9, 0.1, 0.8, 0.2, 0.1, 0.9, 0.7, 0.3, 0.6, 0.4]);
  it('takes the median of the n windows centred on each, cut short at the ends', () => {
    const m = smoothProbabilities(probs, 2, 3, 'median');
    expect(Array.from(m, (v) => Math.round(v * 100) / 100)).toEqual([
      0.85, 0.15, 0.8, 0.2, 0.7, 0.3, 0.6, 0.4, 0.65, 0.35,
    ]);
  });
  it('or the mean, and leaves the probabilities alone for n = 1', () => {
    const m = smoothProbabilities(probs, 2, 3, 'mean');
    expect(m[2]).toBeCloseTo((0.9 + 0.8 + 0.1) / 3, 6);
    expect(smoothProbabilities(probs, 2, 1, 'mean')).toBe(probs);
  });
});

describe('mergeSegments', () => {
  it('merges runs of a label into regions that tile the time without overlapping', () => {
    const w = (start: number, label: string) => ({ start, end: start + 2, label });
    expect(mergeSegments([w(0, 'a'), w(1, 'a'), w(2, 'b'), w(3, 'a')])).toEqual([
      { start: 0, end: 2.5, label: 'a' },
      { start: 2.5, end: 3.5, label: 'b' },
      { start: 3.5, end: 5, label: 'a' },
    ]);
    expect(mergeSegments([])).toEqual([]);
  });
});

describe('formats', () => {
  const regions = [
    { start: 0, end: 1.5, label: 'jazz' },
    { start: 1.5, end: 3, label: 'rock, roll' },
  ];
  it('writes an Audacity label track: start<TAB>end<TAB>label, seconds to 6 places, no header', () => {
    expect(audacityLabels(regions)).toBe('0.000000\t1.500000\tjazz\n1.500000\t3.000000\trock, roll\n');
  });
  it('writes regions and the timeline as CSV, quoting where needed', () => {
    expect(regionsCsv(regions)).toBe('start,end,label\n0,1.5,jazz\n1.5,3,"rock, roll"\n');
    const csv = timelineCsv([{ start: 0, end: 3, probabilities: Float32Array.from([0.25, 0.75]) }], ['a', 'b']);
    expect(csv).toBe('start,end,label,probability,a,b\n0,3,b,0.75,0.25,0.75\n');
  });
});

describe('options', () => {
  it('parses START-END spans and refuses backwards or malformed ones', () => {
    expect(parseSpan('30-90')).toEqual({ start: 30, end: 90 });
    expect(parseSpan('1.5-')).toEqual({ start: 1.5, end: null });
    expect(() => parseSpan('90-30')).toThrow(/end must be after the start/);
    expect(() => parseSpan('abc')).toThrow(/not START-END/);
  });
  it('keeps --first apart from --span and --hop', () => {
    expect(timelineOptionsSchema.safeParse({ first: 30, hop: 1 }).success).toBe(false);
    expect(timelineOptionsSchema.parse({})).toMatchObject({
      top: 3,
      smooth: 1,
      smoothMethod: 'median',
      timeline: false,
    });
  });
});
