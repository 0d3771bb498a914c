import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import {
  Field,
  Int16,
  Int32,
  List,
  makeData,
  RecordBatch,
  RecordBatchFileWriter,
  RecordBatchReader,
  Schema,
  Struct,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';

/**
 * The decode stage's hand-off: one row per track, `pcm` as 16-bit integers (GTZAN's own sample
 * format, so lossless there; half of float32 elsewhere). Written in record batches of a few tracks
 * so a GTZAN-sized file (about 1.3 GB) is never held in memory whole.
 */
export const SIGNALS_FORMAT = 'audio-dl-signals/1';

const pcmType = new List(new Field('item', new Int16(), false));
const fields = [
  new Field('track', new Utf8(), false),
  new Field('genre', new Int32(), false),
  new Field('pcm', pcmType, false),
];

export interface SignalRow {
  track: string;
  genre: number;
  signal: Float32Array;
}

/** A row as stored: the track's own copy of its int16 samples (cheap to hand to a worker thread). */
export interface StoredRow {
  track: string;
  genre: number;
  pcm: Int16Array;
}

/**
 * Float samples in [-1, 1] to int16: round(x · 32768), clipped to [-32768, 32767]. The scale is the decoders' (a 16-bit
 * file's sample v decodes to v / 32768, as in libsndfile and librosa), so such a file's samples, at its own rate and
 * mono, come back exactly and give the features `audio-dl preprocess` gives, bit for bit.
 */
export function toInt16(signal: Float32Array): Int16Array {
  const out = new Int16Array(signal.length);
  for (let i = 0; i < signal.length; i++) out[i] = Math.max(-32768, Math.min(32767, Math.round(signal[i] * 32768)));
  return out;
}

export function fromInt16(pcm: Int16Array): Float32Array {
  const out = new Float32Array(pcm.length);
  for (let i = 0; i < pcm.length; i++) out[i] = pcm[i] / 32768;
  return out;
}

/** Streams rows to an Arrow IPC file; `add` batches them, `close` flushes and waits for the disk. */
export function signalsWriter(file: string, metadata: Record<string, unknown>, batchRows = 16) {
  const md = new Map<string, string>([['audio-dl.format', SIGNALS_FORMAT]]);
  for (const [k, v] of Object.entries(metadata)) md.set(`audio-dl.${k}`, JSON.stringify(v));
  const schema = new Schema(fields, md);
  const writer = new RecordBatchFileWriter();
  const out = createWriteStream(file);
  writer.toNodeStream().pipe(out);
  writer.reset(undefined, schema);
  let pending: { track: string; genre: number; pcm: Int16Array }[] = [];

  const flush = (): void => {
    if (pending.length === 0) return;
    const offsets = new Int32Array(pending.length + 1);
    for (let i = 0; i < pending.length; i++) offsets[i + 1] = offsets[i] + pending[i].pcm.length;
    const samples = new Int16Array(offsets[pending.length]);
    pending.forEach((row, i) => {
      samples.set(row.pcm, offsets[i]);
    });
    const n = pending.length;
    const children = [
      vectorFromArray(
        pending.map((r) => r.track),
        new Utf8(),
      ).data[0],
      makeData({ type: new Int32(), length: n, nullCount: 0, data: Int32Array.from(pending, (r) => r.genre) }),
      makeData({
        type: pcmType,
        length: n,
        nullCount: 0,
        valueOffsets: offsets,
        child: makeData({ type: new Int16(), length: samples.length, nullCount: 0, data: samples }),
      }),
    ];
    writer.write(new RecordBatch(schema, makeData({ type: new Struct(fields), length: n, nullCount: 0, children })));
    pending = [];
  };

  return {
    /** Queues a row; returns the SHA-256 of its int16 samples (what later stages' hashes follow). */
    add(row: SignalRow): string {
      const pcm = toInt16(row.signal);
      pending.push({ track: row.track, genre: row.genre, pcm });
      if (pending.length >= batchRows) flush();
      return createHash('sha256')
        .update(new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength))
        .digest('hex');
    },
    async close(): Promise<void> {
      flush();
      writer.finish();
      await finished(out);
    },
  };
}

/** Reads every row of a signals file, one record batch at a time, after checking its format. */
export async function* readSignals(file: string): AsyncGenerator<StoredRow> {
  // Through a file handle Arrow reads the footer, then one record batch at a time (a stream would be
  // buffered whole to find the footer: 1.3 GB for GTZAN).
  const handle = await open(file);
  try {
    const reader = await RecordBatchReader.from(handle);
    await reader.open();
    if (reader.schema.metadata.get('audio-dl.format') !== SIGNALS_FORMAT) {
      throw new Error(
        `${file}: not a decode-stage signals file (format ${reader.schema.metadata.get('audio-dl.format')})`,
      );
    }
    for await (const batch of reader) {
      const tracks = batch.getChild('track');
      const genres = batch.getChild('genre');
      const pcm = batch.getChild('pcm');
      if (!tracks || !genres || !pcm) throw new Error(`${file}: missing track, genre or pcm column`);
      const data = pcm.data[0];
      const offsets = data.valueOffsets;
      const values = data.children[0].values as Int16Array;
      for (let i = 0; i < batch.numRows; i++) {
        yield {
          track: String(tracks.get(i)),
          genre: Number(genres.get(i)),
          pcm: values.slice(offsets[i], offsets[i + 1]),
        };
      }
    }
  } finally {
    await handle.close();
  }
}
