import { mulberry32 } from '@audio-dl/dsp';
import * as tf from '@tensorflow/tfjs';

interface OrthogonalLike {
  apply(shape: number[], dtype?: tf.DataType): tf.Tensor;
}

// tfjs does not export its Initializer base class; take the constructor of its own Orthogonal.
const TfjsOrthogonal = tf.initializers.orthogonal({}).constructor as new (args: {
  gain?: number;
  seed?: number;
}) => OrthogonalLike;

/**
 * tfjs' Orthogonal initializer (the LSTM recurrent kernel's default) runs a QR decomposition as
 * hundreds of small tensor ops: ~15 s per 64-unit LSTM layer on the cpu backend. This one does
 * modified Gram–Schmidt on a Gaussian matrix in plain JS (same Haar distribution, milliseconds).
 * It keeps the class name `Orthogonal`, so saved models stay standard and loading uses it too.
 */
export class FastOrthogonal extends TfjsOrthogonal {
  static className = 'Orthogonal';
  private readonly fastGain: number;
  private readonly fastSeed: number | undefined;

  constructor(args: { gain?: number; seed?: number } = {}) {
    super(args);
    this.fastGain = args.gain ?? 1;
    this.fastSeed = args.seed;
  }

  override apply(shape: number[], dtype?: tf.DataType): tf.Tensor {
    if (shape.length < 2) throw new Error('Orthogonal initializer: shape must be at least 2D');
    const cols = shape[shape.length - 1];
    const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const long = Math.max(rows, cols);
    const short = Math.min(rows, cols);
    const rand = mulberry32(this.fastSeed ?? Math.floor(Math.random() * 2 ** 32));
    const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    // `short` orthonormal vectors of length `long`, one per row of q.
    const q = new Float64Array(short * long);
    for (let j = 0; j < short; j++) {
      const v = q.subarray(j * long, (j + 1) * long);
      for (let i = 0; i < long; i++) v[i] = gauss();
      for (let p = 0; p < j; p++) {
        const u = q.subarray(p * long, (p + 1) * long);
        let dot = 0;
        for (let i = 0; i < long; i++) dot += u[i] * v[i];
        for (let i = 0; i < long; i++) v[i] -= dot * u[i];
      }
      let norm = 0;
      for (let i = 0; i < long; i++) norm += v[i] * v[i];
      norm = Math.sqrt(norm);
      for (let i = 0; i < long; i++) v[i] /= norm;
    }
    // As a rows × cols matrix: the vectors are its columns when rows ≥ cols, else its rows.
    const out = new Float32Array(rows * cols);
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < cols; c++)
        out[r * cols + c] = this.fastGain * (rows >= cols ? q[c * long + r] : q[r * long + c]);
    return tf.tensor(out, shape, dtype === 'int32' ? 'int32' : 'float32');
  }
}

tf.serialization.registerClass(
  FastOrthogonal as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>,
);
