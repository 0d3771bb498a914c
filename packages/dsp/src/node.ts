// `@audio-dl/dsp/node`: what needs Node's file system. `loadAudio` reads only the span of a file it decodes;
// everything else of the package (decoding from bytes, features) is in the main entry and runs anywhere.

export { loadAudio, loadAudioInfo } from './node/load';
export { type FileSource, openFileSource } from './stream/file-source';
