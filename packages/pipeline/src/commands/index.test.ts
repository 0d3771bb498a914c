import { formatHelp } from '../command';
import { commands } from './index';

describe('the command list', () => {
  it('says label for any labelled data; only demo-data, a synthetic genre set, names genres', () => {
    const help = formatHelp('audio-dl', commands);
    expect(help).toContain('MFCC (or log-mel) of every clip segment under ROOT/<label>/ to data.arrow');
    expect(help).toContain('train a classifier (the recommended recipe');
    expect(help).toContain('predict the label of audio files with a trained model');
    const rest = commands.filter((c) => c.name !== 'demo-data');
    expect(rest.map((c) => `${c.summary} ${c.usage}`).join('\n')).not.toMatch(/genre/i);
  });
});
