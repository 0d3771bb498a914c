import * as path from 'node:path';
import { listClips } from '@audio-dl/dataset';
import { AudioDecodeError } from '@audio-dl/dsp';
import { loadAudio } from '@audio-dl/dsp/node';
import { dataRoot } from '../config';
import { progress } from '../progress';
import { readDemoManifest } from './data';
import { type StageContext, StageError, writeJson } from './io';
import type { TrackIndex } from './records';
import { signalsWriter } from './signals';

/**
 * Walks `data.root`, decodes every track (`decode.duration` s from `decode.offset`, mono, `decode.sr`) to int16
 * Arrow. Only that span of each file is read and decoded.
 */
export async function decode(ctx: StageContext, out: string): Promise<Record<string, unknown>> {
  const { config } = ctx.loaded;
  const { root, demo } = dataRoot(ctx.loaded);
  let walk: {
    genres: string[];
    tracks: Awaited<ReturnType<typeof listClips>>['clips'];
    skipped: { path: string; reason: string }[];
    warnings: string[];
  };
  try {
    const { root: _root, demoDir: _dir, demo: _demo, manifest, ...source } = config.data;
    const listed = await listClips(manifest ? undefined : root, {
      ...source,
      ...(manifest ? { manifest: path.resolve(ctx.loaded.dir, manifest) } : {}),
    });
    walk = { genres: listed.genres, tracks: listed.clips, skipped: listed.skipped, warnings: listed.warnings };
  } catch (err) {
    throw new StageError('decode', root, (err as Error).message);
  }
  for (const warning of walk.warnings) ctx.log(`warning: ${warning}`);
  const index: TrackIndex = {
    root,
    sr: config.decode.sr,
    offset: config.decode.offset,
    mapping: walk.genres,
    tracks: [],
    skipped: [...walk.skipped],
    warnings: walk.warnings,
  };
  const writer = signalsWriter(path.join(out, 'signals.arrow'), { sr: config.decode.sr, mapping: walk.genres });
  const bar = progress('decode', walk.tracks.length);
  for (const track of walk.tracks) {
    try {
      const { sr } = config.decode;
      // A manifest's region: decode.offset and decode.duration apply within it.
      const offset = config.decode.offset + track.start;
      const duration =
        track.end === null ? config.decode.duration : Math.min(config.decode.duration, track.end - offset);
      if (duration <= 0)
        throw new AudioDecodeError(track.path, `no audio after offset ${config.decode.offset} s in the region`);
      const audio = await loadAudio(track.path, { sr, mono: true, offset, duration });
      const sha256 = writer.add({ track: track.relPath, genre: track.genre, signal: audio.signal });
      index.tracks.push({
        track: track.relPath,
        genre: track.genre,
        samples: audio.signal.length,
        originalSr: audio.originalSr,
        channels: audio.channels,
        sha256,
        // What a manifest says of the clip, only where it says something (a folder per label: as before).
        ...(track.group ? { group: track.group } : {}),
        ...(track.fold ? { fold: track.fold } : {}),
        ...(track.start > 0 ? { start: track.start } : {}),
        ...(Object.keys(track.metadata).length > 0 ? { metadata: track.metadata } : {}),
      });
    } catch (err) {
      if (!(err instanceof AudioDecodeError)) throw new StageError('decode', track.path, (err as Error).message);
      // A file that cannot be decoded is skipped, named with its reason, and the run goes on.
      ctx.log(`skipped ${track.relPath}: ${err.reason}`);
      index.skipped.push({ path: track.relPath, reason: err.reason });
    }
    bar.tick();
  }
  await writer.close();
  bar.done();
  if (index.tracks.length === 0) {
    throw new StageError('decode', root, `no track could be decoded (${walk.tracks.length} audio files tried)`);
  }
  await writeJson(path.join(out, 'tracks.json'), index);
  return {
    root,
    // The generated demo set's options and generation time (the report shows them as the data stage).
    demo: demo ? await readDemoManifest(root) : null,
    genres: walk.genres.length,
    tracks: index.tracks.length,
    skipped: index.skipped.length,
    samples: index.tracks.reduce((s, t) => s + t.samples, 0),
  };
}
