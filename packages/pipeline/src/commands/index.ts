import type { CommandEntry } from '../command';

/**
 * Every `audio-dl` command, in the order `--help` lists them: name, summary, usage (without the name), and how to
 * load the module that runs it. No command module is imported here, so `--help` at any level loads none, and
 * `audio-dl <command>` loads only its own (the package README says how to add a command).
 */
export const commands: CommandEntry[] = [
  {
    name: 'scratch',
    summary: 'The neural network written by hand (course §01–§06): neuron, backprop-example, addition',
    usage: '<neuron|backprop-example|addition> [flags]',
    subcommands: [
      {
        name: 'neuron',
        summary: '§01: one artificial neuron, weighted sum then sigmoid',
        usage: '[--inputs 0.5,0.3,0.2] [--weights 0.4,0.7,0.2]',
        load: async () => (await import('./scratch.js')).neuronCommand,
      },
      {
        name: 'backprop-example',
        summary: '§02.1: the 2-2-1 backpropagation walk-through, exact values beside the course notes',
        usage: '',
        load: async () => (await import('./scratch.js')).backpropCommand,
      },
      {
        name: 'addition',
        summary: '§06: train a 2-5-1 network to add two numbers, then ask it 0.3 + 0.1',
        usage: '[--epochs 50] [--lr 0.1] [--seed 1]',
        load: async () => (await import('./scratch.js')).additionCommand,
      },
    ],
  },
  {
    name: 'inspect',
    summary: '§08: waveform, FFT spectrum, linear/dB spectrograms and MFCC plots plus summary.json of one audio file',
    usage: '<audio> [--out DIR (default ./<name>-inspect)] [--sr 22050]',
    load: async () => (await import('./inspect.js')).inspect,
  },
  {
    name: 'features',
    summary:
      '§08.5: MFCC of one audio file as JSON {sr, nMfcc, frames, mfcc: [coefficient][frame]} (librosa orientation)',
    usage: '<audio> [--sr 22050] [--n-mfcc 13] [--n-fft 2048] [--hop-length 512] [--n-mels 128] [--start S] [--end S]',
    load: async () => (await import('./features.js')).features,
  },
  {
    name: 'demo-data',
    summary: 'write the deterministic synthetic genre data set (GTZAN layout, 22050 Hz mono 16-bit WAV)',
    usage: '[--out data/demo] [--tracks 20] [--genres 6] [--seconds 30] [--seed 1]',
    load: async () => (await import('./demo-data.js')).demoData,
  },
  {
    name: 'preprocess',
    summary: '§09: MFCC (or log-mel) of every clip segment under ROOT/<label>/ to data.arrow or the course data.json',
    usage:
      '<ROOT> | --manifest FILE.csv|.jsonl [--file-column file] [--label-column label] [--group-column group] ' +
      '[--fold-column fold] [--no-regions] [--missing error|skip] | <ROOT> --label-pattern REGEX, then ' +
      '--out data.arrow|data.json [--segment-seconds S (default: chosen from the clip lengths)] [--min-seconds S] ' +
      '[--segments 10] [--duration 30] [--offset 0] [--sr 22050] [--n-mfcc 13] ' +
      '[--n-fft 2048] [--hop-length 512] [--features mfcc|logmel (default: mfcc; logmel for clip-length segments)] ' +
      '[--n-mels 128 (mfcc) | 64 (logmel)] [--fmin 0] [--fmax HZ (default: sr / 2)] [--workers N] ' +
      '[--strict] [--indent 4] [--nested error|parent] [--augment stretch,pitch,gain,noise [--copies 1] [--augment-seed 1]]',
    load: async () => (await import('./preprocess.js')).preprocess,
  },
  {
    name: 'tf',
    summary: '§07 in TensorFlow.js: tf addition',
    usage: 'addition [flags]',
    subcommands: [
      {
        name: 'addition',
        summary: '§07: the 2-5-1 sigmoid MLP in TensorFlow.js (SGD 0.1, MSE) learns x1 + x2',
        usage:
          '[--samples 5000] [--epochs 100] [--batch-size 32] [--lr 0.1] [--seed 42] [--backend tensorflow|wasm|cpu]',
        load: async () => (await import('./tf.js')).additionCommand,
      },
    ],
  },
  {
    name: 'train',
    summary:
      '§10–§11 and on: train a classifier (the recommended recipe unless --model names one); save model, metrics',
    usage:
      '--data FILE --out DIR [--model addition|mlp|mlp-regularized|cnn|lstm|stats|mel-cnn] [--epochs N] ' +
      '[--batch-size 32] [--lr 1e-4] [--split track|segment|group (default: group when the data has groups)] ' +
      '[--test-fold F] [--class-weights none|balanced] [--test-size 0.25] [--val-size 0.2] [--seed 42] ' +
      '[--patience N] [--no-standardize] [--weight-decay X] [--schedule constant|one-cycle] [--label-smoothing X] ' +
      '[--[no-]crop] [--[no-]spec-augment] [--mixup ALPHA] [--pooling average|max|max-time] [--width N (default: 24 for clip-length segments, else 16)] ' +
      '[--augmented COPIES.arrow] [--ensemble N] [--backend tensorflow|wasm|cpu] ' +
      '[--threads N (default: every core; 1 trains in one thread)] [--runs-dir runs] [--no-record] [--memory 2G]',
    load: async () => (await import('./train.js')).train,
  },
  {
    name: 'cv',
    summary:
      "cross-validation: leave-one-fold-out over the data's folds (or --k K grouped folds, or a fold per group); DIR/cv.json and a table",
    usage:
      '--data FILE --out DIR [--k K | --leave-one-group-out] [--folds 1,3 (a subset, to run apart)] [--merge A/cv.json,B/cv.json] [train flags]',
    load: async () => (await import('./cv.js')).cv,
  },
  {
    name: 'evaluate',
    summary: 'score a trained model: its own held-out test split, or every segment of another data file',
    usage: '--model DIR --data FILE|FOLDER [--json] [--backend tensorflow|wasm|cpu] [--memory 2G]',
    load: async () => (await import('./evaluate.js')).evaluate,
  },
  {
    name: 'predict',
    summary:
      'predict the label of audio files with a trained model: the whole file in windows (top-k per file, --timeline per window)',
    usage:
      '--model DIR <audio…> [--json] [--top 3] [--hop S] [--span START-END | --first S] [--timeline] [--timeline-csv FILE] [--smooth N] [--smooth-method median|mean] [--segments-out FILE.csv|FILE.txt] [--backend tensorflow|wasm|cpu]',
    load: async () => (await import('./predict.js')).predict,
  },
  {
    name: 'serve',
    summary: 'serve a trained model over HTTP (POST /v1/predict, /v1/health, /v1/model, /metrics) on 127.0.0.1',
    usage:
      '--model DIR [--host 127.0.0.1] [--port 8080] [--token T] [--max-bytes 50M] [--max-seconds 600] [--concurrency N] [--max-queue N] [--request-timeout MS] [--backend tensorflow|wasm|cpu]',
    load: async () => (await import('./serve.js')).serve,
  },
  {
    name: 'export',
    summary:
      'export a trained model for use elsewhere (keras: a Keras 3 .keras archive for Python; onnx: one ONNX file from the waveform to the labels, for ONNX Runtime; web: a static page that predicts in the browser)',
    usage: '--format keras|onnx|web --model DIR --out FILE.keras|FILE.onnx|SITE [--front-end waveform|none]',
    load: async () => (await import('./export.js')).exportCommand,
  },
  {
    name: 'runs',
    summary: "list recorded training runs (the pipeline's and audio-dl train's), newest first, with key metrics",
    usage: '[--dir runs] [--limit N] [--json] [--verbose]',
    load: async () => (await import('./runs.js')).runs,
  },
];
