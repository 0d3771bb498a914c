import type { ModelMeta } from '@audio-dl/genre-model/portable';
import { describeFeatures } from './feature-text';

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const STYLE = `
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 760px; padding: 1rem; color: #222; }
h1 { font-size: 1.4rem; margin-bottom: .2rem; }
#status { color: #555; }
#drop { display: block; border: 2px dashed #999; border-radius: 8px; padding: 1.2rem; text-align: center; cursor: pointer; }
#drop.over { border-color: #1f77b4; background: #eef5fb; }
.controls { margin: .8rem 0; display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; }
.controls input[type=number] { width: 4rem; }
.result { border: 1px solid #ddd; border-radius: 8px; padding: .6rem 1rem; margin: 1rem 0; }
.result h2 { font-size: 1.05rem; margin: .2rem 0 .5rem; word-break: break-all; }
.result h3 { font-size: .85rem; font-weight: normal; color: #555; margin: .6rem 0 .2rem; }
.bar { display: grid; grid-template-columns: 9rem 1fr 4rem; gap: .5rem; align-items: center; margin: .15rem 0; }
.bar .track { background: #eee; height: 1rem; border-radius: 3px; overflow: hidden; }
.bar .fill { display: block; height: 100%; background: #1f77b4; }
.bar .value { text-align: right; font-variant-numeric: tabular-nums; }
.error { color: #b00; }
.note { color: #555; font-size: .85rem; }
canvas { width: 100%; border: 1px solid #eee; image-rendering: pixelated; }
.timeline { margin: .1rem 0 .4rem; }
.strip { position: relative; height: 18px; background: #f3f3f3; border: 1px solid #eee; overflow: hidden; }
.timeline.file .cell { position: absolute; top: 0; bottom: 0; }
.timeline.live .strip { display: flex; justify-content: flex-end; }
.timeline.live .cell { flex: 0 0 10px; border-left: 1px solid #fff; }
.strip .cell:hover { outline: 2px solid #222; outline-offset: -2px; }
.strip-info { margin: .2rem 0; font-variant-numeric: tabular-nums; min-height: 1.2em; }
.legend { margin: .2rem 0; font-size: .85rem; display: flex; gap: .8rem; flex-wrap: wrap; }
.legend .swatch { display: inline-block; width: .8em; height: .8em; border-radius: 2px; vertical-align: -1px; }
#listening { border: 1px solid #ddd; border-radius: 8px; padding: .6rem 1rem; }
#listening h2 { font-size: 1.05rem; margin: .2rem 0 .5rem; }
`;

/** The page's HTML; the script fills the status line and the results. */
export function pageHtml(meta: ModelMeta, version: string): string {
  const genres = escapeHtml(meta.mapping.join(', '));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Audio classifier (${escapeHtml(meta.model)}) — audio-dl</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Which class is it?</h1>
<p>A ${escapeHtml(meta.model)} model trained by audio-dl ${escapeHtml(version)} on ${meta.mapping.length} labels: ${genres}.${
    meta.featureParams
      ? `
It reads the ${escapeHtml(describeFeatures(meta.featureParams))}.`
      : ''
  }
Everything runs in this page (TensorFlow.js on WebAssembly); no audio leaves your computer.</p>
<p id="status">Loading the model…</p>
<label id="drop">Drop audio files here (WAV, MP3, FLAC, Ogg Vorbis) or click to choose them
<input id="files" type="file" accept="audio/*,.wav,.mp3,.flac,.ogg,.au" multiple hidden></label>
<div class="controls">
<span><button id="record" type="button">Record</button> <input id="seconds" type="number" min="1" max="60" value="${Math.min(10, meta.featureParams?.duration ?? 10)}"> s from the microphone</span>
<span><button id="listen" type="button">Listen</button> classify the microphone continuously</span>
<label>Top <input id="top" type="number" min="1" max="${meta.mapping.length}" value="${Math.min(3, meta.mapping.length)}"> labels</label>
</div>
<section id="listening" hidden>
<h2>Listening: <span id="listen-label"></span></h2>
<div id="listen-strip"></div>
</section>
<section id="results"></section>
<script src="audio-dl.js"></script>
</body>
</html>
`;
}
