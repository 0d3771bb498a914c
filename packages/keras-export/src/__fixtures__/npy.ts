import { readFile, writeFile } from 'node:fs/promises';

const MAGIC = '\x93NUMPY';

/** Writes a float32 array of `shape` (C order) as NumPy's .npy (format 1.0). */
export async function writeNpy(path: string, data: Float32Array, shape: number[]): Promise<void> {
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  // Magic (6) + version (2) + header length (2) + header, padded with spaces to a multiple of 64, ending in \n.
  const pad = 64 - ((10 + dict.length + 1) % 64);
  const header = `${dict}${' '.repeat(pad % 64)}\n`;
  const head = Buffer.alloc(10);
  head.write(MAGIC, 0, 'latin1');
  head[6] = 1;
  head[7] = 0;
  head.writeUInt16LE(header.length, 8);
  await writeFile(
    path,
    Buffer.concat([head, Buffer.from(header, 'latin1'), Buffer.from(data.buffer, data.byteOffset, data.byteLength)]),
  );
}

/** Reads a little-endian float32 .npy file (what NumPy writes for `astype(np.float32)`). */
export async function readNpy(path: string): Promise<{ data: Float32Array; shape: number[] }> {
  const bytes = await readFile(path);
  if (bytes.toString('latin1', 0, 6) !== MAGIC) throw new Error(`${path}: not a .npy file`);
  const major = bytes[6];
  const headerLength = major === 1 ? bytes.readUInt16LE(8) : bytes.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = bytes.toString('latin1', start, start + headerLength);
  if (!header.includes("'descr': '<f4'") || header.includes("'fortran_order': True"))
    throw new Error(`${path}: expected a C-order float32 array, header ${header.trim()}`);
  const shape = (header.match(/'shape': \(([^)]*)\)/)?.[1] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  const body = bytes.subarray(start + headerLength);
  return { data: new Float32Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength)), shape };
}
