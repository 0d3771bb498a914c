import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { z } from 'zod';
import { readJson, StageError } from './io';

const schema = z.object({ sr: z.number().int().positive(), mapping: z.array(z.string()) });

describe('readJson', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'audio-dl-io-'));
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('returns the validated content', async () => {
    const file = path.join(dir, 'good.json');
    await fs.writeFile(file, JSON.stringify({ sr: 22050, mapping: ['blues', 'rock'], extra: 1 }));
    expect(await readJson(file, 'segment', schema)).toEqual({ sr: 22050, mapping: ['blues', 'rock'] });
  });

  it('names the stage, the file and the offending fields when the content is unexpected', async () => {
    const file = path.join(dir, 'stale.json');
    await fs.writeFile(file, JSON.stringify({ sr: -1, mapping: 'blues' }));
    const read = readJson(file, 'report', schema);
    await expect(read).rejects.toThrow(StageError);
    await expect(read).rejects.toThrow(
      new RegExp(
        `^stage report failed: ${file}: unexpected content \\(sr: .*; mapping: .*\\); rerun the stage that wrote it$`,
      ),
    );
  });

  it('says when the file is missing or not JSON', async () => {
    await expect(readJson(path.join(dir, 'absent.json'), 'mfcc', schema)).rejects.toThrow(
      `stage mfcc failed: ${path.join(dir, 'absent.json')}: missing; run its upstream stage first`,
    );
    const file = path.join(dir, 'truncated.json');
    await fs.writeFile(file, '{"sr": 22');
    await expect(readJson(file, 'mfcc', schema)).rejects.toThrow(`stage mfcc failed: ${file}: SyntaxError`);
  });
});
