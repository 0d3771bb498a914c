import type { Dataset } from '@audio-dl/dataset/portable';
import { formatShape } from './models';

/**
 * The part of `@audio-dl/dataset`'s `loadDataset` result that training reads: `features` is
 * [n, frames, nMfcc] row-major; `tracks[i]` names the track of sample i ('' when the file does not say).
 */
export type GenreData = Pick<Dataset, 'mapping' | 'labels' | 'features' | 'shape' | 'tracks'> & {
  params?: Dataset['params'];
  /** Segment index of each sample within its track (-1 unknown): random crops join consecutive segments. */
  segments?: Dataset['segments'];
  meta?: Dataset['meta'];
  /** Group of each sample (what must never be split); '' or absent when the data does not say. */
  groups?: Dataset['groups'];
  /** Predefined fold of each sample; '' or absent when the data does not say. */
  folds?: Dataset['folds'];
};

/** Whether every sample names its group, so the data can be split by group. */
export const hasGroups = (data: Pick<GenreData, 'groups'>): boolean =>
  data.groups !== undefined && data.groups.length > 0 && data.groups.every((g) => g !== '');

/** Whether every sample names its fold. */
export const hasFolds = (data: Pick<GenreData, 'folds'>): boolean =>
  data.folds !== undefined && data.folds.length > 0 && data.folds.every((f) => f !== '');

/** Whether every sample names its track (the course's data_10.json does not). */
export const hasTracks = (data: Pick<GenreData, 'tracks'>): boolean => data.tracks.every((t) => t !== '');

/** The first label outside the mapping, said in words; null when every label is in it. */
function labelProblem(data: Pick<GenreData, 'labels' | 'mapping'>): string | null {
  const bad = data.labels.find((label) => !(label >= 0 && label < data.mapping.length));
  return bad === undefined ? null : `label ${bad} outside the ${data.mapping.length} labels of the mapping`;
}

/** Throws a clear error naming `source` if a label is outside the mapping. */
export function checkLabels(data: Pick<GenreData, 'labels' | 'mapping'>, source: string): void {
  const problem = labelProblem(data);
  if (problem) throw new Error(`${source}: ${problem}`);
}

/** Throws a clear error if the arrays of `data` disagree with its shape (`source` names the file). */
export function checkGenreData(data: GenreData, source: string): void {
  const [n, frames, nMfcc] = data.shape;
  const problems: string[] = [];
  if (data.features.length !== n * frames * nMfcc)
    problems.push(`${data.features.length} feature values for shape ${formatShape(data.shape)}`);
  if (data.labels.length !== n) problems.push(`${data.labels.length} labels for ${n} samples`);
  if (data.tracks.length !== n) problems.push(`${data.tracks.length} track names for ${n} samples`);
  const labels = labelProblem(data);
  if (labels) problems.push(labels);
  if (problems.length > 0) throw new Error(`${source}: ${problems.join('; ')}`);
}
