import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { encodeWav } from '@audio-dl/dsp';
import { trainTinyMlp, writeModelData } from '../__fixtures__/model-data';
import { tinyTrack } from '../__fixtures__/tiny-data';

// Training and starting a server process take seconds alone but far longer on a loaded, shared machine.
jest.setTimeout(240_000);

const sr = 11025;
let dir: string;
let model: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'serve-drain-'));
  const { data } = await writeModelData(dir);
  model = path.join(dir, 'model');
  await trainTinyMlp(data, model, '--epochs', '2');
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

describe('audio-dl serve in its own process', () => {
  it('answers health and 503 while busy; on SIGTERM finishes the prediction in flight, answers it and exits 0', async () => {
    const entry = path.join(dir, 'serve.cjs');
    await fs.writeFile(
      entry,
      `require(${JSON.stringify(path.join(__dirname, '../commands/serve.ts'))}).serve.run(process.argv.slice(2)).then((c) => { process.exitCode = c; });\n`,
    );
    const child = spawn(
      process.execPath,
      [
        '--require',
        require.resolve('tsx/cjs'),
        entry,
        '--model',
        model,
        '--port',
        '0',
        '--concurrency',
        '1',
        '--max-queue',
        '0',
        '--backend',
        'wasm',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (d) => {
        stderr += d.toString();
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
        if (m) resolve(m[1]);
      });
      child.on('exit', () => reject(new Error(`the server exited: ${stderr}`)));
    });
    try {
      // 20 s in windows every 10 ms: long enough to be in flight when the signal comes.
      const body = encodeWav(tinyTrack(0, 3, 20, sr), sr);
      const pending = fetch(`${url}/v1/predict?hop=0.01`, { method: 'POST', body });
      for (;;) {
        const metrics = await (await fetch(`${url}/metrics`)).text();
        if (/^audio_dl_inference_running 1$/m.test(metrics)) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      // The one worker is busy and nothing may wait: 503 with Retry-After, while health still answers.
      const busy = await fetch(`${url}/v1/predict`, { method: 'POST', body: encodeWav(tinyTrack(0, 4, 2, sr), sr) });
      expect(busy.status).toBe(503);
      expect(busy.headers.get('retry-after')).toBe('1');
      expect(await busy.json()).toEqual({ error: expect.stringMatching(/queue is full/) });
      expect((await fetch(`${url}/v1/health`)).status).toBe(200);
      child.kill('SIGTERM');
      const answer = await pending;
      expect(answer.status).toBe(200);
      expect(await answer.json()).toMatchObject({ ok: true, segments: 1905 });
      expect(await exited).toBe(0);
      expect(stderr).toMatch(/SIGTERM: draining requests in flight/);
      await expect(fetch(`${url}/v1/health`)).rejects.toThrow();
    } finally {
      child.kill('SIGKILL');
    }
  });
});
