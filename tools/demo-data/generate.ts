// Writes the deterministic synthetic genre set: `npx tsx tools/demo-data/generate.ts [--out data/demo]
// [--tracks 20] [--genres 6] [--seconds 30] [--seed 1]`. The generator is @audio-dl/demo-data's generateDemoData;
// this runs `audio-dl demo-data` from the sources, so its flags are checked by the same zod schema (a bad flag is
// a one-line error and exit code 2, not a stack trace).
import { main } from '@audio-dl/pipeline';

main(['demo-data', ...process.argv.slice(2)]).then((code) => {
  process.exitCode = code;
});
