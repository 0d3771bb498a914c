import { chooseSegmentSeconds, segmentChoiceFor } from './segment-length';

describe('chooseSegmentSeconds', () => {
  it('takes the median clip length, rounded up to 0.1 s, and says so', () => {
    const lengths = Array.from({ length: 100 }, (_, i) => 0.2 + i * 0.01); // 0.20 … 1.19 s
    const choice = chooseSegmentSeconds(lengths);
    expect(choice.seconds).toBe(0.7); // the 50th is 0.69 s
    expect(choice.reason).toMatch(
      /^segments of 0\.7 s: 51 % of clips are no longer \(clips 0\.20–1\.19 s, median 0\.69 s/,
    );
    expect(chooseSegmentSeconds([0.5, 0.5, 0.5, 0.5]).seconds).toBe(0.5);
    // Two long clips among eight short ones do not stretch the short ones' segments.
    expect(chooseSegmentSeconds([0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 2.5, 2.9]).seconds).toBe(0.3);
  });

  it('never chooses more than the course segment of 3 s', () => {
    const choice = chooseSegmentSeconds([30, 30, 29]);
    expect(choice.seconds).toBe(3);
    expect(choice.reason).toMatch(/^segments of 3\.0 s: 0 % of clips are no longer/);
  });
});

describe('segmentChoiceFor', () => {
  it("chooses only when some clip is shorter than a course segment, naming the caller's override", () => {
    expect(segmentChoiceFor([3, 4, 30], 3)).toBeNull();
    const choice = segmentChoiceFor([0.4, 0.5, 30], 3, 'segment.seconds in the config');
    expect(choice?.seconds).toBe(0.5);
    expect(choice?.reason).toMatch(/segment\.seconds in the config to choose\)$/);
  });
});
