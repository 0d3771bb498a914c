import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { encodeWav } from '@audio-dl/dsp';
import { trainTinyMlp, writeModelData } from '../__fixtures__/model-data';
import { runCli } from '../__fixtures__/run-cli';
import { tinyTrack } from '../__fixtures__/tiny-data';

// Training takes seconds alone but far longer on a loaded, shared machine.
jest.setTimeout(180_000);

let dir: string;
let model: string;
let song: string;
const sr = 11025;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cli-timeline-'));
  const { data } = await writeModelData(dir);
  model = path.join(dir, 'model');
  await trainTinyMlp(data, model, '--epochs', '8', '--lr', '0.001', '--standardize');
  // 3 s of blues, then 3 s of jazz: segments of 1 s, so the label changes once in the middle.
  const blues = tinyTrack(0, 8, 3, sr);
  const jazz = tinyTrack(1, 8, 3, sr);
  const both = new Float32Array(blues.length + jazz.length);
  both.set(blues);
  both.set(jazz, blues.length);
  song = path.join(dir, 'song.wav');
  await fs.writeFile(song, encodeWav(both, sr));
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

describe('audio-dl predict --timeline', () => {
  it('prints every window with its span and top labels as JSON', async () => {
    const { code, stdout } = await runCli('predict', '--model', model, song, '--timeline', '--hop', '1', '--top', '1');
    expect(code).toBe(0);
    const [result] = JSON.parse(stdout);
    expect(result).toMatchObject({ file: song, ok: true, segments: 6 });
    expect(result.windows.map((w: { start: number; end: number }) => [w.start, w.end])).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 4],
      [4, 5],
      [5, 6],
    ]);
    const labels = result.windows.map((w: { top: { label: string }[] }) => w.top[0].label);
    expect(labels).toEqual(['blues', 'blues', 'blues', 'jazz', 'jazz', 'jazz']);
  });

  it('writes the timeline CSV and an Audacity label track of merged regions', async () => {
    const csv = path.join(dir, 'timeline.csv');
    const labels = path.join(dir, 'labels.txt');
    const regions = path.join(dir, 'regions.csv');
    const a = await runCli(
      'predict',
      '--model',
      model,
      song,
      '--hop',
      '1',
      '--timeline-csv',
      csv,
      '--segments-out',
      labels,
    );
    expect(a.code).toBe(0);
    const rows = (await fs.readFile(csv, 'utf8')).trim().split('\n');
    expect(rows[0]).toBe('start,end,label,probability,blues,jazz');
    expect(rows).toHaveLength(7);
    const [start, end, label, p, blues, jazz] = rows[4].split(',');
    expect([start, end, label]).toEqual(['3', '4', 'jazz']);
    expect(Number(p)).toBe(Number(jazz));
    expect(Number(blues) + Number(jazz)).toBeCloseTo(1, 5);
    expect(await fs.readFile(labels, 'utf8')).toBe('0.000000\t3.000000\tblues\n3.000000\t6.000000\tjazz\n');
    const b = await runCli('predict', '--model', model, song, '--hop', '1', '--smooth', '3', '--segments-out', regions);
    expect(b.code).toBe(0);
    expect(await fs.readFile(regions, 'utf8')).toBe('start,end,label\n0,3,blues\n3,6,jazz\n');
  });

  it('--span limits the windows, --first restores the training cut', async () => {
    const span = await runCli('predict', '--model', model, song, '--json', '--span', '2-5');
    // (3 − 1) / 0.5 + 1 windows in [2, 5)
    expect(JSON.parse(span.stdout)[0]).toMatchObject({ ok: true, segments: 5 });
    const first = await runCli('predict', '--model', model, song, '--json', '--first', '2', '--top', '1');
    expect(JSON.parse(first.stdout)[0]).toMatchObject({ ok: true, segments: 2, top: [{ genre: 'blues' }] });
  });

  it.each([
    [['--span', '5-2'], /--span: .*end must be after the start/],
    [['--span', 'soon'], /--span: "soon" is not START-END/],
    [['--first', '2', '--hop', '1'], /--first: cannot be combined with --span or --hop/],
    [['--hop', '0'], /--hop: must be greater than 0/],
    [['--smooth-method', 'max'], /--smooth-method: /],
  ])('refuses %j with one usage line and exit 2', async (flags, message) => {
    const { code, stderr } = await runCli('predict', '--model', model, song, ...flags);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('takes one file at a time when writing a timeline or regions', async () => {
    const out = path.join(dir, 'x.csv');
    const { code, stderr } = await runCli('predict', '--model', model, song, song, '--timeline-csv', out);
    expect(code).toBe(2);
    expect(stderr).toMatch(/one audio file at a time/);
  });
});
