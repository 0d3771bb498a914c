/**
 * Random placement of a short clip in its segment. Preprocessing centres a clip shorter than a segment in silence,
 * and frames of pure silence have identical features: the run of frames equal to the first one and the run equal
 * to the last one are that padding. The clip (the frames between) moves to a random place, the padding fills the
 * rest. A sample without such runs (a full segment) is left as it is and draws nothing.
 */
export function randomPlacement(sample: Float32Array, frames: number, bands: number, rand: () => number): void {
  const same = (a: number, b: number): boolean => {
    for (let c = 0; c < bands; c++) if (sample[a * bands + c] !== sample[b * bands + c]) return false;
    return true;
  };
  let lead = 1;
  while (lead < frames && same(lead, 0)) lead++;
  let tail = 1;
  while (tail < frames - lead && same(frames - 1 - tail, frames - 1)) tail++;
  // Padding on both sides (as centring leaves it) and content between; else not a padded clip.
  if (lead + tail >= frames || !same(0, frames - 1) || lead < 2 || tail < 2) return;
  const silence = sample.slice(0, bands);
  const content = sample.slice(lead * bands, (frames - tail) * bands);
  const at = Math.floor(rand() * (lead + tail + 1));
  for (let t = 0; t < frames; t++) sample.set(silence, t * bands);
  sample.set(content, at * bands);
}
