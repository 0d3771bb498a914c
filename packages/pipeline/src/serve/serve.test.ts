import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { encodeWav } from '@audio-dl/dsp';
import { trainTinyMlp, writeModelData } from '../__fixtures__/model-data';
import { runCli } from '../__fixtures__/run-cli';
import { tinyTrack } from '../__fixtures__/tiny-data';
import { type RunningServer, startServer } from './server';

// Training and starting workers take seconds alone but far longer on a loaded, shared machine.
jest.setTimeout(240_000);

const sr = 11025;
const TOKEN = 'test-token';
let dir: string;
let model: string;
let server: RunningServer;
let song: Buffer;
let songPath: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'serve-'));
  const { data } = await writeModelData(dir);
  model = path.join(dir, 'model');
  await trainTinyMlp(data, model, '--epochs', '8', '--lr', '0.001', '--standardize');
  song = Buffer.from(encodeWav(tinyTrack(1, 9, 4, sr), sr));
  songPath = path.join(dir, 'song.wav');
  await fs.writeFile(songPath, song);
  server = await startServer({
    model,
    port: 0,
    token: TOKEN,
    concurrency: 2,
    maxQueue: 64,
    maxBytes: '1M',
    maxSeconds: 20,
    requestTimeout: 1500,
    backend: 'wasm',
  });
});
afterAll(async () => {
  await server?.close();
  await fs.rm(dir, { recursive: true, force: true });
});

const auth = { authorization: `Bearer ${TOKEN}` };

async function post(body: Uint8Array | string, query = '', headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}/v1/predict${query}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/octet-stream', ...auth, ...headers },
  });
  const text = await res.text();
  return { status: res.status, text, json: JSON.parse(text), headers: res.headers };
}

/** The server's resident memory as its /metrics reports it, in MB. */
async function rssMb(): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`, { headers: auth })).text();
  const m = /^process_resident_memory_bytes (\d+)$/m.exec(text);
  return Number(m?.[1]) / 2 ** 20;
}

/** Sends the headers and a little of a body that never comes, and waits for what the server answers. */
function slowClient(): Promise<string> {
  return new Promise((resolve, reject) => {
    const { port } = new URL(server.url);
    const socket = net.connect(Number(port), '127.0.0.1', () => {
      socket.write(
        `POST /v1/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/octet-stream\r\nContent-Length: 100000\r\n\r\n`,
      );
      socket.write(song.subarray(0, 100));
    });
    let answer = '';
    socket.on('data', (d) => {
      answer += d.toString();
    });
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('audio-dl serve', () => {
  it('answers health without a token, and the model with one', async () => {
    expect((await fetch(`${server.url}/v1/health`)).status).toBe(200);
    const denied = await fetch(`${server.url}/v1/model`);
    expect(denied.status).toBe(401);
    expect(await denied.json()).toEqual({ error: expect.stringMatching(/token/) });
    const info = (await (await fetch(`${server.url}/v1/model`, { headers: auth })).json()) as { features: unknown };
    const hash = createHash('sha256');
    for (const f of ['model.json', 'weights.bin', 'audio-dl.json']) hash.update(await fs.readFile(path.join(model, f)));
    expect(info).toMatchObject({ labels: ['blues', 'jazz'], segmentSeconds: 1, sha256: hash.digest('hex') });
    expect(info.features).toMatchObject({ sr, nMfcc: 13 });
  });

  it('answers what `predict --json` prints for the file, with the timeline when asked (1e-4)', async () => {
    const cli = await runCli('predict', '--model', model, songPath, '--timeline', '--top', '2', '--backend', 'wasm');
    expect(cli.code).toBe(0);
    const [expected] = JSON.parse(cli.stdout);
    const { status, json } = await post(song, '?top=2&timeline=1&name=song.wav');
    expect(status).toBe(200);
    expect(json).toMatchObject({ file: 'song.wav', ok: true, segments: expected.segments });
    for (const [i, p] of json.probabilities.entries()) {
      expect(p.genre).toBe(expected.probabilities[i].genre);
      expect(Math.abs(p.probability - expected.probabilities[i].probability)).toBeLessThan(1e-4);
    }
    expect(json.windows).toHaveLength(expected.windows.length);
    for (const [i, w] of json.windows.entries()) {
      expect([w.start, w.end]).toEqual([expected.windows[i].start, expected.windows[i].end]);
      expect(Math.abs(w.top[0].probability - expected.windows[i].top[0].probability)).toBeLessThan(1e-4);
    }
  });

  it('survives bad input interleaved with good requests: every bad one its status, every good one right', async () => {
    const good = await post(song);
    expect(good.status).toBe(200);
    // Warm: the first requests grow the heaps; memory is compared after them.
    for (let i = 0; i < 3; i++) await post(song);
    const before = await rssMb();
    const truncated = Buffer.from(song.subarray(0, 44 + 1000));
    const long = encodeWav(tinyTrack(0, 1, 25, sr), sr);
    const huge = new Uint8Array(1.5 * 2 ** 20);
    huge.set(song.subarray(0, 44));
    const cases: [string, () => Promise<{ status: number; text: string }>, number, RegExp][] = [
      ['malformed', () => post(Buffer.from('RIFF\x00\x00\x00\x00WAVEjunk and more junk')), 422, /body: truncated/],
      [
        'random bytes',
        () => post(Uint8Array.from({ length: 5000 }, (_, i) => (i * 7919) % 251)),
        415,
        /unrecognised audio format/,
      ],
      ['truncated', () => post(truncated), 422, /body: /],
      ['empty', () => post(new Uint8Array(0)), 422, /empty body/],
      ['huge', () => post(huge), 413, /larger than the server's limit/],
      ['JSON', () => post('{"audio": "no"}', '', { 'content-type': 'application/json' }), 415, /unrecognised/],
      ['too long', () => post(long), 422, /longer than the server's limit of 20 s/],
      ['bad query', () => post(song, '?top=0'), 400, /query: top/],
      ['unknown query', () => post(song, '?colour=red'), 400, /query: /],
      ['no token', () => post(song, '', { authorization: '' }), 401, /token/],
      ['wrong token', () => post(song, '', { authorization: 'Bearer nope' }), 401, /token/],
    ];
    for (let round = 0; round < 3; round++) {
      const slow = slowClient();
      const answers = await Promise.all(
        cases.flatMap(([name, send, status, message]) => [
          send().then((r) => ({ name, status: r.status, text: r.text, want: status, message })),
          post(song).then((r) => ({ name: 'good', status: r.status, text: r.text, want: 200, message: /"ok":true/ })),
        ]),
      );
      for (const a of answers) {
        expect({ name: a.name, status: a.status }).toEqual({ name: a.name, status: a.want });
        expect(a.text).toMatch(a.message);
        // One JSON line, never a stack trace.
        expect(a.text.includes('\n')).toBe(false);
        if (a.name === 'good') expect(JSON.parse(a.text).probabilities).toEqual(good.json.probabilities);
      }
      expect(await slow).toMatch(/^HTTP\/1\.1 408/);
    }
    expect((await fetch(`${server.url}/v1/health`)).status).toBe(200);
    const after = await rssMb();
    expect(after).toBeLessThan(before + 100);
    const metrics = await (await fetch(`${server.url}/metrics`, { headers: auth })).text();
    expect(metrics).toMatch(/^audio_dl_requests_total\{route="\/v1\/predict",status="415"\} [1-9]\d*$/m);
    expect(metrics).toMatch(/^audio_dl_request_duration_seconds_count [1-9]\d*$/m);
    expect(metrics).toMatch(/^audio_dl_queue_length 0$/m);
  });
});
