import { melRangeText } from '@audio-dl/dataset/portable';
/** A PNG figure: written beside the report and inlined in it as a data URI. */
export interface Figure {
  file: string;
  title: string;
  png: Buffer;
}

export interface GenreScore {
  genre: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** Everything the report shows; `renderReport` turns it into one self-contained HTML page. */
export interface ReportModel {
  title: string;
  experiment: string;
  generatedAt: string;
  data: {
    root: string;
    /** The generator options when the data is the generated demo set. */
    demo: { genres: number; tracksPerGenre: number; seconds: number; seed: number } | null;
    sr: number;
    genres: { name: string; tracks: number; segments: number }[];
    tracks: number;
    segments: number;
    droppedSegments: number;
    /** Segments asked of each track, and the tracks that gave fewer (or none), with their length. */
    segmentsPerTrack: number;
    shortTracks: { path: string; seconds: number; segments: number }[];
    /** Clip-length segments: their length, the line saying why, the clips dropped (too short or silent); else null. */
    clips: { segmentSeconds: number; choice: string | null; dropped: { path: string; reason: string }[] } | null;
    featureKind: 'mfcc' | 'logmel';
    shape: number[];
    skipped: { path: string; reason: string }[];
    warnings: string[];
  };
  /** The five §08 figures of example tracks, with what the track was before decoding. */
  examples: {
    genre: string;
    track: string;
    figures: Figure[];
    /** Decoded length (at most `decode.duration`). */
    seconds: number;
    originalSr: number;
    channels: number;
  }[];
  /** The STFT and MFCC settings the figures (and the data set) were computed with. */
  features: { nFft: number; hopLength: number; nMels: number; nMfcc: number; fmin?: number; fmax?: number };
  training: {
    model: string;
    epochs: number;
    epochsRun: number;
    bestEpoch: number;
    stoppedEarly: boolean;
    backend: string;
    run: string;
    curves: Figure[];
  };
  evaluation: {
    note: string;
    accuracy: number;
    trackAccuracy: number | null;
    loss: number;
    segments: number;
    tracks: number | null;
    perGenre: GenreScore[];
    confusion: Figure | null;
  };
  /** Every experiment of the config with its latest trained run, or null where it has not been run. */
  experiments: {
    name: string;
    run: { model: string; accuracy: number | null; trackAccuracy: number | null; seconds: number } | null;
  }[];
  stages: { stage: string; seconds: number; startedAt: string }[];
  /** The model exported as a web page beside the report (`audio-dl export --format web`), or why it is not. */
  web: { href: string; megabytes: number } | { error: string };
  config: Record<string, unknown>;
  versions: Record<string, string>;
}

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const pct = (x: number | null): string => (x === null ? '–' : `${(100 * x).toFixed(1)} %`);

function img(f: Figure): string {
  return `<figure><img src="data:image/png;base64,${f.png.toString('base64')}" alt="${escapeHtml(f.title)}"><figcaption>${escapeHtml(f.title)} <a href="${escapeHtml(f.file)}">${escapeHtml(f.file)}</a></figcaption></figure>`;
}

function table(head: string[], rows: string[][], numeric: boolean[] = []): string {
  const th = head.map((h, i) => `<th${numeric[i] ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('');
  const tr = rows
    .map((r) => `<tr>${r.map((c, i) => `<td${numeric[i] ? ' class="num"' : ''}>${escapeHtml(c)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>${tr}</tbody></table>`;
}

const STYLE = `
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;background:#f6f8fa;margin:0}
main{max-width:1100px;margin:0 auto;padding:24px 32px 64px;background:#fff;box-shadow:0 0 0 1px #d0d7de}
h1{font-size:28px;margin:8px 0 4px}h2{font-size:21px;margin:36px 0 10px;padding-bottom:4px;border-bottom:1px solid #d0d7de}
h3{font-size:16px;margin:20px 0 6px}.sub{color:#59636e;margin:0 0 16px}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin:16px 0}.card{flex:1 1 150px;border:1px solid #d0d7de;border-radius:8px;padding:10px 14px}
.card b{display:block;font-size:24px}.card span{color:#59636e;font-size:13px}
table{border-collapse:collapse;margin:8px 0 16px;font-size:14px}th,td{border:1px solid #d0d7de;padding:4px 10px;text-align:left}
th{background:#f6f8fa}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:0;min-width:0}figure img{width:100%;height:auto;border:1px solid #eaeef2}
figcaption{font-size:12px;color:#59636e}.figs,.pair{display:grid;grid-template-columns:1fr 1fr;gap:12px 16px;align-items:start}
.scores{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:16px 24px;align-items:start}
.scores>div{min-width:0}.scores>div:last-child{overflow-x:auto}.scores td:first-child{overflow-wrap:break-word}
.facts{border:1px solid #d0d7de;border-radius:8px;padding:10px 14px;font-size:14px}.facts dl{display:grid;grid-template-columns:auto 1fr;gap:2px 12px;margin:0}
.facts dt{color:#59636e}.facts dd{margin:0}.facts p{margin:8px 0 0;color:#59636e;font-size:13px}
pre{background:#f6f8fa;border:1px solid #d0d7de;border-radius:6px;padding:12px;overflow:auto;font-size:12.5px}
.warn{color:#9a6700}nav a{margin-right:12px}
@media (max-width:760px){.figs,.pair{grid-template-columns:1fr}}
@media (max-width:960px){.scores{grid-template-columns:1fr}}`;

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** The text panel beside a track's figures: what the file was before decoding. */
function trackFacts(x: ReportModel['examples'][number], sr: number, f: ReportModel['features']): string {
  const file = x.track.split('/').pop() ?? x.track;
  const rows: [string, string][] = [
    ['label', x.genre],
    ['file', file],
    ['decoded', `${x.seconds.toFixed(1)} s at ${sr} Hz, mono`],
    ['source', `${x.originalSr} Hz, ${x.channels === 1 ? 'mono' : `${x.channels} channels`}`],
    ['STFT', `${f.nFft}-point FFT, hop ${f.hopLength} (${((1000 * f.hopLength) / sr).toFixed(1)} ms)`],
    ['MFCC', `${f.nMfcc} coefficients from ${f.nMels} mel bands${melRangeText({ ...f, sr })}`],
  ];
  const dl = rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('');
  return `<div class="facts"><dl>${dl}</dl></div>`;
}

/** The report page: inline CSS and images, no script, no external resource. */
export function renderReport(m: ReportModel): string {
  const { data, training: t, evaluation: e } = m;
  const totalSeconds = m.stages.reduce((s, x) => s + x.seconds, 0);
  const sections: string[] = [];

  sections.push(`<div class="cards">
<div class="card"><b>${pct(e.accuracy)}</b><span>segment accuracy (test)</span></div>
<div class="card"><b>${pct(e.trackAccuracy)}</b><span>track accuracy (test)</span></div>
<div class="card"><b>${data.genres.length}</b><span>labels</span></div>
<div class="card"><b>${data.tracks}</b><span>tracks · ${data.segments} segments</span></div>
<div class="card"><b>${escapeHtml(t.model)}</b><span>${t.epochsRun} epochs · ${escapeHtml(t.backend)}</span></div>
</div>`);

  const skipped =
    data.skipped.length === 0
      ? '<p>No file was skipped.</p>'
      : `<p>${data.skipped.length} file${data.skipped.length === 1 ? ' was' : 's were'} not used:</p>${table(
          ['skipped file', 'why'],
          data.skipped.map((s) => [s.path, s.reason]),
        )}`;
  const warnings = data.warnings.map((w) => `<p class="warn">warning: ${escapeHtml(w)}</p>`).join('');
  const clips = data.clips;
  const short = clips
    ? `<p>${escapeHtml(clips.choice ?? `Segments of ${clips.segmentSeconds} s`)}. Every clip kept gave at least one segment.</p>${
        clips.dropped.length === 0
          ? '<p>No clip was dropped.</p>'
          : table(
              ['dropped clip', 'why'],
              clips.dropped.map((d) => [d.path, d.reason]),
            )
      }`
    : data.shortTracks.length === 0
      ? `<p>Every track gave its ${data.segmentsPerTrack} segments.</p>`
      : `<p>${data.shortTracks.length} track${data.shortTracks.length === 1 ? '' : 's'} gave fewer than ${data.segmentsPerTrack} segments:</p>${table(
          ['short track', 'seconds', 'segments'],
          data.shortTracks.map((t) => [t.path, t.seconds.toFixed(2), `${t.segments} of ${data.segmentsPerTrack}`]),
          [false, true, true],
        )}`;
  const origin = data.demo
    ? ` — the generated demo set (${data.demo.genres} synthetic genres × ${data.demo.tracksPerGenre} tracks of ${data.demo.seconds} s, seed ${data.demo.seed}; set <code>data.root</code> in the config to use your own)`
    : '';
  sections.push(`<h2 id="data">Data set</h2>
<p><code>${escapeHtml(data.root)}</code>${origin}.</p>
<p>${data.tracks} tracks decoded to ${data.sr} Hz mono, cut into ${data.segments} segments of shape [${data.shape.slice(1).join(' × ')}] (${data.featureKind === 'logmel' ? 'frames × log-mel bands' : 'MFCC vectors × coefficients'})${data.droppedSegments > 0 ? `; ${data.droppedSegments} short segments dropped` : ''}.</p>
${table(
  ['label', 'tracks', 'segments'],
  data.genres.map((g) => [g.name, String(g.tracks), String(g.segments)]),
  [false, true, true],
)}
${warnings}<h3>${clips ? 'Clips of any length' : 'Short tracks'}</h3>${short}<h3>Skipped files</h3>${skipped}`);

  sections.push(`<h2 id="training">Training</h2>
<p>Model <b>${escapeHtml(t.model)}</b>, ${t.epochsRun} of ${t.epochs} epochs${t.stoppedEarly ? ' (stopped early)' : ''}, best weights from epoch ${t.bestEpoch}, backend ${escapeHtml(t.backend)}, run <code>runs/${escapeHtml(t.run)}</code>.</p>
<div class="pair">${t.curves.map(img).join('')}</div>`);

  const perGenre = table(
    ['class', 'precision', 'recall', 'F1', 'support'],
    e.perGenre.map((g) => [g.genre, g.precision.toFixed(3), g.recall.toFixed(3), g.f1.toFixed(3), String(g.support)]),
    [false, true, true, true, true],
  );
  sections.push(`<h2 id="evaluation">Evaluation</h2>
<p>${escapeHtml(capitalise(e.note))}.</p>
${table(
  ['level', 'accuracy', 'count'],
  [
    ['segment', pct(e.accuracy), `${e.segments} segments`],
    [
      'track (mean of its segments’ probabilities)',
      pct(e.trackAccuracy),
      e.tracks === null ? '–' : `${e.tracks} tracks`,
    ],
  ],
  [false, true, true],
)}
<p>Test loss (cross-entropy per segment): ${e.loss.toFixed(4)}.</p>
<div class="scores"><div>${e.confusion ? img(e.confusion) : '<p>No confusion matrix was drawn.</p>'}</div>
<div><h3>Per class (segments)</h3>${perGenre}</div></div>`);

  sections.push(`<h2 id="experiments">Experiments side by side</h2>
<p>Test accuracy of each experiment's latest run on its own held-out tracks (same data and split seed unless its
overlay changes them). Run one with <code>npx nx run pipeline:report:NAME</code>.</p>
${table(
  ['experiment', 'model', 'segment accuracy', 'track accuracy', 'training'],
  m.experiments.map(({ name, run }) => [
    name === m.experiment ? `${name} (this report)` : name,
    run?.model ?? 'not run yet',
    run ? pct(run.accuracy) : '–',
    run ? pct(run.trackAccuracy) : '–',
    run ? `${run.seconds.toFixed(0)} s` : '–',
  ]),
  [false, false, true, true, true],
)}`);

  if (m.examples.length > 0) {
    const examples = m.examples
      .map(
        (x) =>
          `<h3>${escapeHtml(x.genre)}: ${escapeHtml(x.track)}</h3><div class="figs">${x.figures.map(img).join('')}${trackFacts(x, data.sr, m.features)}</div>`,
      )
      .join('\n');
    sections.push(
      `<h2 id="examples">One track per label (§08)</h2><p>Waveform, FFT spectrum, linear and log (dB) spectrograms and MFCCs of the first track of each label.</p>${examples}`,
    );
  }

  sections.push(`<h2 id="stages">Stages</h2>
${table(
  ['stage', 'seconds', 'computed at'],
  [...m.stages.map((s) => [s.stage, s.seconds.toFixed(1), s.startedAt]), ['total', totalSeconds.toFixed(1), '']],
  [false, true, false],
)}
<p>Times are those of the run that computed each stage; a stage restored from the Nx cache keeps its original time. Building the packages and Nx's own work are not counted.</p>`);

  sections.push(`<h2 id="environment">Versions and backend</h2>
${table(
  ['component', 'version'],
  Object.entries(m.versions).map(([k, v]) => [k, v]),
)}`);

  const web =
    'href' in m.web
      ? `<p><a href="${escapeHtml(m.web.href)}">Open the classifier</a> (${m.web.megabytes.toFixed(1)} MB, self-contained): drop or record audio and see its labels, waveform and features; it runs in the browser and uploads nothing. Browsers load its WebAssembly only over http, so serve this report's folder first (<code>python3 -m http.server</code> run in it), then open <code>http://127.0.0.1:8000/${escapeHtml(m.web.href)}</code>.</p>`
      : `<p class="warn">No web page for this model: ${escapeHtml(m.web.error)}</p>`;
  sections.push(`<h2 id="try">Try the classifier</h2>\n${web}`);

  sections.push(`<h2 id="config">Configuration</h2><pre>${escapeHtml(JSON.stringify(m.config, null, 2))}</pre>`);

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(m.title)}</title><style>${STYLE}</style></head>
<body><main>
<h1>${escapeHtml(m.title)}</h1>
<p class="sub">Experiment <b>${escapeHtml(m.experiment)}</b> · generated ${escapeHtml(m.generatedAt)}</p>
<nav><a href="#data">Data</a><a href="#training">Training</a><a href="#evaluation">Evaluation</a><a href="#try">Try it</a><a href="#examples">Examples</a><a href="#stages">Stages</a><a href="#environment">Versions</a><a href="#config">Config</a></nav>
${sections.join('\n')}
</main></body></html>
`;
}
