/** A file that cannot be decoded. `reason` is plain words ("truncated: …"); the message names the file too. */
export class AudioDecodeError extends Error {
  override name = 'AudioDecodeError';
  readonly file: string;
  readonly reason: string;

  constructor(file: string, reason: string) {
    super(`${file}: ${reason}`);
    this.file = file;
    this.reason = reason;
  }
}
