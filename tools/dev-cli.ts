// Runs `audio-dl` straight from the TypeScript sources (no build): `npx tsx tools/dev-cli.ts <command> …`.
import { main } from '../packages/pipeline/src/cli';

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
