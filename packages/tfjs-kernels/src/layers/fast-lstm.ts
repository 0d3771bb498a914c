import * as tf from '@tensorflow/tfjs';
import { LSTM_BACKWARD } from '../kernels/lstm-backward';
import { LSTM_FORWARD } from '../kernels/lstm-forward';
import type { Constraint, Initializer, Regularizer } from './weight-parts';

/** The arguments of `tf.layers.lstm`, minus the options the fused recurrence does not implement. */
export type FastLstmArgs = Parameters<typeof tf.layers.lstm>[0];

/** The parts of tfjs's LSTM cell we reuse, so initialisers, regularisers and defaults are exactly its own. */
interface LstmCellParts {
  units: number;
  recurrentActivation: { getClassName(): string };
  activation: { getClassName(): string };
  useBias: boolean;
  unitForgetBias: boolean;
  kernelInitializer: Initializer;
  recurrentInitializer: Initializer;
  biasInitializer: Initializer;
  kernelRegularizer?: Regularizer;
  recurrentRegularizer?: Regularizer;
  biasRegularizer?: Regularizer;
  kernelConstraint?: Constraint;
  recurrentConstraint?: Constraint;
  biasConstraint?: Constraint;
}

function gate(z: tf.Tensor, hard: boolean): tf.Tensor {
  return hard ? tf.clipByValue(tf.add(tf.mul(z, 0.2), 0.5), 0, 1) : tf.sigmoid(z);
}

/** The recurrence with ordinary ops (any backend; autodiff gives the gradient). */
function recurrenceOps(xw: tf.Tensor3D, u: tf.Tensor2D, hard: boolean): tf.Tensor3D {
  const [batch, , four] = xw.shape;
  const units = four / 4;
  let h: tf.Tensor = tf.zeros([batch, units]);
  let c: tf.Tensor = tf.zeros([batch, units]);
  const outputs: tf.Tensor[] = [];
  for (const x of tf.unstack(xw, 1)) {
    const [zi, zf, zg, zo] = tf.split(tf.add(x, tf.matMul(h, u)), 4, 1);
    c = tf.add(tf.mul(gate(zf, hard), c), tf.mul(gate(zi, hard), tf.tanh(zg)));
    h = tf.mul(gate(zo, hard), tf.tanh(c));
    outputs.push(h);
  }
  return tf.stack(outputs, 1) as tf.Tensor3D;
}

/** The recurrence as two fused kernels (forward, backward through time) on backends that have them. */
function recurrenceFused(xw: tf.Tensor3D, u: tf.Tensor2D, hard: boolean): tf.Tensor3D {
  const attrs = { hardSigmoid: hard };
  const op = tf.customGrad((xwIn, uIn, save) => {
    const [hs, cs, gates, tanhCs] = tf
      .engine()
      .runKernel(
        LSTM_FORWARD,
        { xw: xwIn as tf.Tensor, recurrent: uIn as tf.Tensor },
        attrs as unknown as tf.NamedAttrMap,
      ) as tf.Tensor[];
    (save as tf.GradSaveFunc)([hs, cs, gates, tanhCs, uIn as tf.Tensor]);
    return {
      value: hs as tf.Tensor3D,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [hsS, csS, gatesS, tanhS, uS] = saved;
        const dz = tf
          .engine()
          .runKernel(
            LSTM_BACKWARD,
            { dhs: dy, cs: csS, tanhCs: tanhS, gates: gatesS, recurrent: uS },
            attrs as unknown as tf.NamedAttrMap,
          ) as tf.Tensor3D;
        const [batch, steps, four] = dz.shape;
        const units = four / 4;
        // h_{t-1} for every step (zero before the first), against dz_t: dU = Σ_t h_{t-1}ᵀ·dz_t.
        const hPrev = tf.concat([tf.zeros([batch, 1, units]), tf.slice(hsS, [0, 0, 0], [batch, steps - 1, units])], 1);
        const du = tf.matMul(tf.reshape(hPrev, [batch * steps, units]), tf.reshape(dz, [batch * steps, four]), true);
        return [dz, du];
      },
    };
  });
  return op(xw, u) as tf.Tensor3D;
}

/**
 * The LSTM recurrence over a projected sequence `xw` [B, T, 4H] with recurrent kernel `u` [H, 4H], zero
 * initial state: all hidden states [B, T, H]. Fused kernels where the backend has them, ops elsewhere.
 */
export function lstmRecurrence(xw: tf.Tensor3D, u: tf.Tensor2D, hardSigmoid: boolean): tf.Tensor3D {
  const fused = tf.getKernel(LSTM_FORWARD, tf.getBackend()) !== undefined;
  return fused ? recurrenceFused(xw, u, hardSigmoid) : recurrenceOps(xw, u, hardSigmoid);
}

/**
 * `tf.layers.lstm` with the same weights, initialisers and numbers, computed as one input projection
 * for all time steps (a single matmul) and the recurrence as one fused kernel each way on the wasm
 * backend (ordinary ops elsewhere). It serialises as a plain `LSTM`, so saved models load anywhere
 * `tf.loadLayersModel` runs, without this package. Supports tanh activation, sigmoid or hard-sigmoid
 * gates, `returnSequences`; no dropout, state or reversal options.
 */
export class FastLstm extends tf.layers.Layer {
  static className = 'FastLSTM';
  private readonly reference: tf.layers.Layer;
  private readonly cell: LstmCellParts;
  private readonly units: number;
  private readonly returnSequences: boolean;
  private readonly hard: boolean;
  private kernel: tf.LayerVariable | null = null;
  private recurrentKernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(args: FastLstmArgs) {
    super(args);
    const unsupported = (['returnState', 'goBackwards', 'stateful', 'unroll'] as const).filter((k) => args[k]);
    if ((args.dropout ?? 0) > 0) unsupported.push('dropout' as 'unroll');
    if ((args.recurrentDropout ?? 0) > 0) unsupported.push('recurrentDropout' as 'unroll');
    if (unsupported.length > 0) throw new Error(`FastLstm does not support: ${unsupported.join(', ')}`);
    this.reference = tf.layers.lstm({ ...args, name: this.name });
    this.cell = (this.reference as unknown as { cell: LstmCellParts }).cell;
    if (this.cell.activation.getClassName() !== 'tanh') throw new Error('FastLstm supports only the tanh activation');
    const gateName = this.cell.recurrentActivation.getClassName();
    if (gateName !== 'sigmoid' && gateName !== 'hardSigmoid') {
      throw new Error(`FastLstm supports sigmoid or hardSigmoid gates, not ${gateName}`);
    }
    this.hard = gateName === 'hardSigmoid';
    this.units = this.cell.units;
    this.returnSequences = args.returnSequences ?? false;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const dim = shape[shape.length - 1];
    if (dim === null) throw new Error('FastLstm needs a known feature dimension');
    const cell = this.cell;
    const units = this.units;
    this.kernel = this.addWeight(
      'kernel',
      [dim, 4 * units],
      'float32',
      cell.kernelInitializer,
      cell.kernelRegularizer,
      true,
      cell.kernelConstraint,
    );
    this.recurrentKernel = this.addWeight(
      'recurrent_kernel',
      [units, 4 * units],
      'float32',
      cell.recurrentInitializer,
      cell.recurrentRegularizer,
      true,
      cell.recurrentConstraint,
    );
    if (cell.useBias) {
      const bias = this.addWeight(
        'bias',
        [4 * units],
        'float32',
        cell.biasInitializer,
        cell.biasRegularizer,
        true,
        cell.biasConstraint,
      );
      // tfjs's unitForgetBias: forget-gate biases start at 1.
      if (cell.unitForgetBias) {
        tf.tidy(() => {
          const init = bias.read();
          bias.write(tf.concat([init.slice(0, units), tf.ones([units]), init.slice(2 * units)]));
        });
      }
      this.bias = bias;
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return this.returnSequences ? [shape[0], shape[1], this.units] : [shape[0], this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
      const [batch, steps, dim] = x.shape;
      const units = this.units;
      const w = this.kernel!.read() as tf.Tensor2D;
      const u = this.recurrentKernel!.read() as tf.Tensor2D;
      const flat = tf.reshape(x, [batch * steps, dim]) as tf.Tensor2D;
      const projected =
        this.bias === null
          ? tf.matMul(flat, w)
          : tf.fused.matMul({ a: flat, b: w, bias: this.bias.read() as tf.Tensor1D });
      const xw = tf.reshape(projected, [batch, steps, 4 * units]) as tf.Tensor3D;
      const hs = lstmRecurrence(xw, u, this.hard);
      if (this.returnSequences) return hs;
      return tf.reshape(tf.slice(hs, [0, steps - 1, 0], [batch, 1, units]), [batch, units]);
    });
  }

  /** Serialised exactly as the equivalent `tf.layers.lstm`. */
  override getClassName(): string {
    return 'LSTM';
  }

  override getConfig(): tf.serialization.ConfigDict {
    const base = super.getConfig();
    return { ...this.reference.getConfig(), ...base };
  }
}

tf.serialization.registerClass(FastLstm);

/** `tf.layers.lstm` arguments in, a fast layer out (the drop-in for model builders). */
export function fastLstm(args: FastLstmArgs): FastLstm {
  return new FastLstm(args);
}
