import { PassThrough } from 'node:stream';
import { createProgress } from './progress';

function capture(isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  const stream = new PassThrough() as unknown as NodeJS.WriteStream;
  stream.isTTY = isTTY;
  stream.columns = 100;
  let text = '';
  (stream as unknown as PassThrough).on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  return { stream, text: () => text };
}

describe('createProgress', () => {
  it('logs plain lines off a terminal: the failures as they come and the final count', () => {
    const { stream, text } = capture(false);
    const progress = createProgress('preprocess', stream);
    progress.update({ done: 1, total: 3, track: 'a/1.wav' });
    progress.update({ done: 2, total: 3, track: 'a/2.wav', failed: { path: 'a/2.wav', reason: 'truncated' } });
    progress.update({ done: 3, total: 3, track: 'b/1.wav' });
    progress.stop();
    const lines = text().trim().split('\n');
    expect(lines[0]).toBe('preprocess: skipped a/2.wav: truncated');
    expect(lines[lines.length - 1]).toMatch(/^preprocess: 3\/3 files, [\d.]+ files\/s, ETA 0 s$/);
    expect(lines).toHaveLength(2);
  });

  it('draws a bar with files done/total, rate and ETA on a terminal', () => {
    const { stream, text } = capture(true);
    const progress = createProgress('preprocess', stream);
    progress.update({ done: 1, total: 4, track: 'a/1.wav', failed: { path: 'a/1.wav', reason: 'empty file' } });
    progress.update({ done: 4, total: 4, track: 'a/4.wav' });
    progress.stop();
    expect(text()).toContain('skipped a/1.wav: empty file');
    expect(text()).toMatch(/preprocess \[[^\]]*\] 4\/4 files \| [\d.]+ files\/s \| ETA/);
  });
});
