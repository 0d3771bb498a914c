// Copies what the tests read of ../shared/fixtures/librosa and …/librosa-effects (librosa 0.10.2 outputs, never
// edited there) into librosa/ and librosa-effects/ beside this file, so that a clone alone passes its tests.
// JSON: only the fields the schemas in librosa.ts name, plus where they came from; WAV inputs and the effects'
// float32 outputs byte for byte. track30.wav (1.3 MB) is not copied: tests regenerate it (track30.ts).
// Run from the repository root: npx tsx packages/dsp/src/__fixtures__/copy-librosa-fixtures.ts [../shared/fixtures]
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { featureFixtureNames, featureFixtureSchema, segmentsFixtureSchema } from './librosa';
import { track30Samples } from './track30';

const shared = resolve(process.argv[2] ?? join(__dirname, '../../../../../shared/fixtures'));
const out = __dirname;
const provenance = z.object({
  librosa_version: z.string(),
  versions: z.record(z.string(), z.unknown()),
  input: z.object({ generator: z.string().optional() }).passthrough(),
});

function copyJson(name: string, schema: z.ZodType): void {
  const raw: unknown = JSON.parse(readFileSync(join(shared, 'librosa', `${name}.json`), 'utf8'));
  const from = provenance.parse(raw);
  const kept = schema.parse(raw) as Record<string, unknown>;
  const copy = {
    copied_from: `shared/fixtures/librosa/${name}.json (fields the tests read; values unchanged)`,
    librosa_version: from.librosa_version,
    versions: from.versions,
    input: from.input,
    ...kept,
  };
  writeFileSync(join(out, 'librosa', `${name}.json`), `${JSON.stringify(copy)}\n`);
}

mkdirSync(join(out, 'librosa'), { recursive: true });
mkdirSync(join(out, 'librosa-effects'), { recursive: true });
for (const name of featureFixtureNames) {
  copyJson(name, featureFixtureSchema);
  copyFileSync(join(shared, 'librosa', `${name}.wav`), join(out, 'librosa', `${name}.wav`));
}
copyJson('segments', segmentsFixtureSchema);
const effects = z
  .object({ cases: z.array(z.object({ file: z.string() }).passthrough()) })
  .passthrough()
  .parse(JSON.parse(readFileSync(join(shared, 'librosa-effects', 'effects.json'), 'utf8')));
writeFileSync(
  join(out, 'librosa-effects', 'effects.json'),
  `${JSON.stringify({ copied_from: 'shared/fixtures/librosa-effects/effects.json (unchanged)', ...effects }, null, 1)}\n`,
);
for (const c of effects.cases)
  copyFileSync(join(shared, 'librosa-effects', c.file), join(out, 'librosa-effects', c.file));
// track30.wav is left out only while the generator reproduces it: its 16-bit samples follow a 44-byte header.
const stored = readFileSync(join(shared, 'librosa', 'track30.wav'));
const made = track30Samples();
const differ = made.findIndex((s, i) => stored.readInt16LE(44 + 2 * i) !== s);
if (stored.length !== 44 + 2 * made.length || differ >= 0) {
  throw new Error(`track30.ts no longer reproduces ${join(shared, 'librosa', 'track30.wav')} (sample ${differ})`);
}
console.log(`copied from ${shared} to ${out}/librosa and ${out}/librosa-effects; track30.ts reproduces track30.wav`);
