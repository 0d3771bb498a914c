import { checkGenreData, checkLabels, type GenreData } from './data';

describe('checkLabels and checkGenreData', () => {
  const data: GenreData = {
    mapping: ['brass', 'string'],
    labels: Int32Array.from([0, 2]),
    features: new Float32Array(2 * 3 * 4),
    shape: [2, 3, 4],
    tracks: ['a.wav', 'b.wav'],
  };

  it('name the file and the label outside the mapping, in words for any labelled data', () => {
    expect(() => checkLabels(data, 'd.arrow')).toThrow('d.arrow: label 2 outside the 2 labels of the mapping');
    expect(() => checkGenreData(data, 'd.arrow')).toThrow('d.arrow: label 2 outside the 2 labels of the mapping');
    expect(() => checkGenreData({ ...data, labels: Int32Array.from([0, 1]) }, 'd.arrow')).not.toThrow();
  });
});
