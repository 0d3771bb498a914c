// The models by name, with no TensorFlow.js: the command line and the pipeline config validate names before a
// backend loads (`@audio-dl/genre-model/schemas`). models/index.ts maps each name to its builder.

export const modelNames = ['addition', 'mlp', 'mlp-regularized', 'cnn', 'lstm', 'stats', 'mel-cnn'] as const;
export type ModelName = (typeof modelNames)[number];

/** The genre classifiers: every model but `addition` (the §07 task, samples of shape [2]). */
export const classifierNames = [
  'mlp',
  'mlp-regularized',
  'cnn',
  'lstm',
  'stats',
  'mel-cnn',
] as const satisfies readonly ModelName[];
export type ClassifierName = (typeof classifierNames)[number];
