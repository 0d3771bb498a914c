import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { inspectPage, itInChromium } from '../../../web-app/src/__fixtures__/browser';
import { solidPng } from '../__fixtures__/png';
import { type Figure, type ReportModel, renderReport } from './html';

const fig = (file: string, rgb: [number, number, number]): Figure => ({
  file,
  title: file,
  png: solidPng(40, 30, rgb),
});

function model(): ReportModel {
  return {
    title: 'Genres <&> "test"',
    experiment: 'default',
    generatedAt: '2026-11-25T00:00:00.000Z',
    data: {
      root: '/data/demo',
      demo: { genres: 2, tracksPerGenre: 2, seconds: 30, seed: 1 },
      sr: 22050,
      genres: [
        { name: 'blues', tracks: 2, segments: 20 },
        { name: 'rock', tracks: 2, segments: 19 },
      ],
      tracks: 4,
      segments: 39,
      droppedSegments: 1,
      segmentsPerTrack: 10,
      shortTracks: [{ path: 'rock/rock.00001.wav', seconds: 28.73, segments: 9 }],
      clips: null,
      featureKind: 'mfcc',
      shape: [39, 130, 13],
      skipped: [{ path: 'rock/broken.wav', reason: 'unrecognised audio format' }],
      warnings: [],
    },
    examples: [
      {
        genre: 'blues',
        track: 'blues/blues.00000.wav',
        figures: [fig('blues-waveform.png', [200, 0, 0])],
        seconds: 30,
        originalSr: 44100,
        channels: 2,
      },
    ],
    features: { nFft: 2048, hopLength: 512, nMels: 128, nMfcc: 13 },
    training: {
      model: 'mlp',
      epochs: 3,
      epochsRun: 3,
      bestEpoch: 3,
      stoppedEarly: false,
      backend: 'wasm',
      run: '20261125-000000-default',
      curves: [fig('history.png', [0, 200, 0])],
    },
    evaluation: {
      note: 'held-out test split',
      accuracy: 0.75,
      trackAccuracy: 1,
      loss: 0.5,
      segments: 8,
      tracks: 1,
      perGenre: [{ genre: 'blues', precision: 1, recall: 0.5, f1: 0.667, support: 4 }],
      confusion: fig('confusion.png', [0, 0, 200]),
    },
    experiments: [
      { name: 'default', run: { model: 'mel-cnn', accuracy: 0.75, trackAccuracy: 0.8, seconds: 120 } },
      { name: 'cnn', run: null },
    ],
    stages: [{ stage: 'decode', seconds: 1.25, startedAt: '2026-11-25T00:00:00.000Z' }],
    web: { href: 'web/index.html', megabytes: 8.25 },
    config: { train: { epochs: 3 } },
    versions: { node: 'v20' },
  };
}

describe('renderReport', () => {
  it('describes clip-length segments of log-mel and names the clips dropped, instead of short tracks', () => {
    const m = model();
    m.data = {
      ...m.data,
      shortTracks: [],
      shape: [39, 78, 64],
      featureKind: 'logmel',
      clips: {
        segmentSeconds: 1.8,
        choice: 'segments of 1.8 s: 54 % of clips are no longer',
        dropped: [{ path: 'quiet.wav', reason: 'dropped: silent' }],
      },
    };
    const html = renderReport(m);
    expect(html).toContain('segments of shape [78 × 64] (frames × log-mel bands)');
    expect(html).toContain('<h3>Clips of any length</h3><p>segments of 1.8 s: 54 % of clips are no longer.');
    expect(html).toMatch(/quiet\.wav<\/td><td[^>]*>dropped: silent/);
    expect(html).not.toContain('Short tracks');
    // The course's segments keep their wording.
    expect(renderReport(model())).toContain('(MFCC vectors × coefficients)');
  });

  it("links to the model's web page, or says why there is none", () => {
    expect(renderReport(model())).toContain(
      '<a href="web/index.html">Open the classifier</a> (8.3 MB, self-contained)',
    );
    const none = renderReport({ ...model(), web: { error: 'the model was trained on <data_10.json>' } });
    expect(none).toContain('No web page for this model: the model was trained on &lt;data_10.json&gt;');
    expect(none).not.toContain('Open the classifier');
  });

  it('writes one self-contained page: escaped text, every figure inline, the figures named', () => {
    const html = renderReport(model());
    expect(html).toContain('<title>Genres &lt;&amp;&gt; &quot;test&quot;</title>');
    expect(html.match(/<img src="data:image\/png;base64,/g)).toHaveLength(3);
    expect(html).not.toMatch(/(src|href)="https?:/);
    expect(html).toContain('rock/broken.wav');
    expect(html).toContain('<p>1 file was not used:</p>');
    // A track that gave fewer segments than asked is listed with its length.
    expect(html).toContain('<p>1 track gave fewer than 10 segments:</p>');
    expect(html).toMatch(/<td>rock\/rock\.00001\.wav<\/td><td class="num">28\.73<\/td><td class="num">9 of 10<\/td>/);
    expect(html).toContain('75.0 %');
    expect(html).toContain('<p>Held-out test split.</p>');
    expect(html).toContain('the generated demo set (2 synthetic genres × 2 tracks of 30 s, seed 1;');
  });

  it('says label and class for any labelled data, genre only for the demo set', () => {
    const html = renderReport(model());
    expect(html).toContain('<b>2</b><span>labels</span>');
    expect(html).toContain('<tr><th>label</th><th class="num">tracks</th><th class="num">segments</th></tr>');
    expect(html).toContain('<h3>Per class (segments)</h3><table><thead><tr><th>class</th>');
    expect(html).toContain('<dt>label</dt><dd>blues</dd>');
    expect(html).toContain('<h2 id="examples">One track per label (§08)</h2>');
    // The title is the config's; the demo set's description is about its genres.
    const rest = renderReport({ ...model(), title: 'T' }).replace('synthetic genres', '');
    expect(rest).not.toMatch(/genre/i);
  });

  it('puts the experiments side by side, naming those not run yet', () => {
    const html = renderReport(model());
    const section = html.slice(html.indexOf('id="experiments"'), html.indexOf('id="stages"'));
    expect(section).toMatch(/default \(this report\)<\/td><td>mel-cnn<\/td><td[^>]*>75\.0 %<\/td><td[^>]*>80\.0 %/);
    expect(section).toMatch(/cnn<\/td><td>not run yet<\/td>/);
  });

  it('puts the results before the per-genre figures, and says what each example track was', () => {
    const html = renderReport(model());
    const at = (id: string) => html.indexOf(`<h2 id="${id}">`);
    const order = ['data', 'training', 'evaluation', 'examples', 'stages', 'environment', 'config'].map(at);
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(html).toContain('<dt>source</dt><dd>44100 Hz, 2 channels</dd>');
    expect(html).toContain('<dt>decoded</dt><dd>30.0 s at 22050 Hz, mono</dd>');
    expect(html).toContain('<dt>STFT</dt><dd>2048-point FFT, hop 512 (23.2 ms)</dd>');
    expect(html).toContain('<dt>MFCC</dt><dd>13 coefficients from 128 mel bands</dd>');
    const limited = renderReport({ ...model(), features: { ...model().features, fmin: 50, fmax: 4000 } });
    expect(limited).toContain('<dt>MFCC</dt><dd>13 coefficients from 128 mel bands from 50 to 4000 Hz</dd>');
    // Stage times add up in the last row.
    expect(html).toMatch(/<td>total<\/td><td class="num">1\.3<\/td>/);
  });

  itInChromium()('renders every image in headless Chromium', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'audio-dl-report-'));
    const file = path.join(dir, 'report.html');
    // Long class names (General MIDI's families) must not push the per-class table out of its column.
    const m = model();
    m.evaluation.perGenre = ['chromatic_percussion', 'synth_effects', 'strings'].map((genre) => ({
      genre,
      precision: 0.123,
      recall: 0.456,
      f1: 0.789,
      support: 1234,
    }));
    await fs.writeFile(file, renderReport(m));
    const page = await inspectPage(file);
    expect(page.tablesOverflowing).toBe(0);
    expect(page.title).toBe('Genres <&> "test"');
    expect(page.images.map((i) => [i.naturalWidth, i.naturalHeight])).toEqual([
      [40, 30],
      [40, 30],
      [40, 30],
    ]);
    expect(page.requests).toEqual([]);
    await fs.rm(dir, { recursive: true, force: true });
  });
});
