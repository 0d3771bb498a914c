// GTZAN-sized preprocessing benchmark (issue 5): generates 10 genres × 100 tracks × 30 s of demo data once
// (cached under tmp/data), then times `preprocess` to Arrow (10 segments, course defaults) several times, and in the
// same run the course's own script with librosa (tools/bench/course_preprocess.py: walk, librosa.load, MFCC per
// segment, json.dump; one process, one core) on the same tree, alternating with audio-dl's runs. Both are timed as
// the whole call, tree to written file.
// Usage: npx tsx tools/bench/dataset-preprocess.ts [--runs 3] [--course-runs 3] [--workers 2] [--tracks 100]
//          [--genres 10] [--python ~/.cache/audio-dl/venv-librosa/bin/python]
import { spawnSync } from 'node:child_process';
import { existsSync, promises as fs, rmSync } from 'node:fs';
import { availableParallelism, cpus, homedir, loadavg } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultFeatureParams, preprocess, trackFeatures, walkTree } from '@audio-dl/dataset';
import { generateDemoData } from '@audio-dl/demo-data';
import { loadAudio } from '@audio-dl/dsp/node';
import { z } from 'zod';
import { median } from './harness';

const flags = z
  .object({
    runs: z.coerce.number().int().positive().default(3),
    workers: z.coerce.number().int().min(0).default(availableParallelism()),
    tracks: z.coerce.number().int().positive().default(100),
    genres: z.coerce.number().int().min(1).max(10).default(10),
    // 0 skips the course script; with none the comparison is not printed.
    'course-runs': z.coerce.number().int().min(0).default(3),
    python: z.string().default(path.join(homedir(), '.cache/audio-dl/venv-librosa/bin/python')),
  })
  .parse(
    parseArgs({
      options: {
        runs: { type: 'string' },
        workers: { type: 'string' },
        tracks: { type: 'string' },
        genres: { type: 'string' },
        'course-runs': { type: 'string' },
        python: { type: 'string' },
      },
    }).values,
  );

async function main(): Promise<void> {
  const base = path.resolve(__dirname, '../../tmp/data');
  const root = path.join(base, `bench-${flags.genres}x${flags.tracks}`);
  const marker = path.join(root, '.complete');
  if (!(await fs.stat(marker).catch(() => null))) {
    const started = performance.now();
    await fs.rm(root, { recursive: true, force: true });
    await generateDemoData({ root, genres: flags.genres, tracksPerGenre: flags.tracks, seed: 1 }, (_f, done, total) => {
      if (done % 100 === 0) process.stderr.write(`generate: ${done}/${total}\n`);
    });
    await fs.writeFile(marker, '');
    console.log(
      `generated ${flags.genres * flags.tracks} tracks in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }

  // One-thread cost per track, split into decode and ten-segment MFCC.
  const tree = await walkTree(root);
  const sample = tree.tracks.filter((_, i) => i % Math.ceil(tree.tracks.length / 20) === 0);
  const params = defaultFeatureParams; // the course's parameters
  // CPU time (process.cpuUsage, all threads; the pool is idle here) is less disturbed by a shared machine than wall.
  const cpuMs = (since?: NodeJS.CpuUsage): number => {
    const u = process.cpuUsage(since);
    return (u.user + u.system) / 1000;
  };
  const decodeMs: number[] = [];
  const mfccMs: number[] = [];
  for (const t of [sample[0], ...sample]) {
    let c0 = process.cpuUsage();
    const audio = await loadAudio(t.path, { sr: 22050, mono: true, duration: 30 });
    decodeMs.push(cpuMs(c0));
    c0 = process.cpuUsage();
    trackFeatures(audio.signal, params);
    mfccMs.push(cpuMs(c0));
  }
  decodeMs.shift(); // warm-up
  mfccMs.shift();

  const out = path.join(base, 'bench.arrow');
  const walls: number[] = [];
  const cpu: number[] = [];
  let last: Awaited<ReturnType<typeof preprocess>> | undefined;
  const courseRuns = existsSync(flags.python) ? flags['course-runs'] : 0;
  if (courseRuns === 0 && flags['course-runs'] > 0)
    console.log(
      `course script skipped: ${flags.python} not found (python3 -m venv ~/.cache/audio-dl/venv-librosa && ~/.cache/audio-dl/venv-librosa/bin/pip install --retries 0 librosa)`,
    );
  const course: z.infer<typeof courseSchema>[] = [];
  for (let r = 0; r < Math.max(flags.runs, courseRuns); r++) {
    if (r < courseRuns) {
      course.push(courseScript(root, path.join(base, 'course.json')));
      const c = course[course.length - 1];
      console.log(
        `course run ${r + 1}: ${c.seconds.toFixed(2)} s wall (${c.features_seconds.toFixed(2)} s before json.dump), ${c.cpu_seconds.toFixed(2)} s CPU, ${c.segments} segments`,
      );
    }
    if (r >= flags.runs) continue;
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    last = await preprocess(root, { out, workers: flags.workers });
    walls.push((performance.now() - t0) / 1000);
    cpu.push(cpuMs(c0) / 1000);
    console.log(`run ${r + 1}: ${walls[r].toFixed(2)} s wall, ${cpu[r].toFixed(2)} s CPU (all threads)`);
  }
  const wall = median(walls);
  const n = tree.tracks.length;
  console.log(
    [
      `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average now ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} (shared machine: other work competes for the cores)`,
      `tracks ${n}, segments ${last?.segments}, workers ${last?.workers}, output ${((await fs.stat(out)).size / 2 ** 20).toFixed(1)} MiB`,
      `wall: median ${wall.toFixed(2)} s of ${flags.runs} runs [${walls.map((w) => w.toFixed(2)).join(', ')}]`,
      `per track: ${((wall * 1000) / n).toFixed(1)} ms wall, ${((median(cpu) * 1000) / n).toFixed(1)} ms CPU (median run CPU ${median(cpu).toFixed(2)} s)`,
      `CPU time / ${last?.workers} workers = ${(median(cpu) / (last?.workers || 1)).toFixed(1)} s: the wall time on idle cores`,
      `one thread, CPU per track, median of ${decodeMs.length} tracks: decode ${median(decodeMs).toFixed(1)} ms, 10-segment MFCC ${median(mfccMs).toFixed(1)} ms`,
      `goal ≤ 20 s: ${wall <= 20 ? 'met' : 'NOT met'}`,
      ...(course.length
        ? [
            `course script (librosa ${course[0].librosa}, one process): median ${median(course.map((c) => c.seconds)).toFixed(2)} s of ${course.length} runs [${course.map((c) => c.seconds.toFixed(2)).join(', ')}], ${median(course.map((c) => c.features_seconds)).toFixed(2)} s before json.dump, CPU ${median(course.map((c) => c.cpu_seconds)).toFixed(2)} s`,
            `course script / audio-dl, medians of this run: wall ${(median(course.map((c) => c.seconds)) / wall).toFixed(1)}×, CPU ${(median(course.map((c) => c.cpu_seconds)) / median(cpu)).toFixed(1)}×`,
          ]
        : []),
    ].join('\n'),
  );
}

const courseSchema = z.object({
  seconds: z.number(),
  features_seconds: z.number(),
  cpu_seconds: z.number(),
  segments: z.number().int(),
  librosa: z.string(),
});

/** One run of the course's script on `root`, timed by itself around its save_mfcc call (imports outside). */
function courseScript(root: string, out: string): z.infer<typeof courseSchema> {
  const r = spawnSync(flags.python, [path.join(__dirname, 'course_preprocess.py'), root, out, '10'], {
    encoding: 'utf8',
  });
  rmSync(out, { force: true }); // hundreds of MB of indented JSON at GTZAN size
  if (r.status !== 0) throw new Error(`course_preprocess.py failed: ${r.stderr.trim().split('\n').pop()}`);
  return courseSchema.parse(JSON.parse(r.stdout.trim().split('\n').pop() ?? ''));
}

main().catch((err: Error) => {
  console.error(`bench: ${err.message}`);
  process.exitCode = 1;
});
