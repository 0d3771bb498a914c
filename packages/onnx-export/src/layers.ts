import type { GraphBuilder } from './graph';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** A layer or option the ONNX export cannot translate. */
export class OnnxExportError extends Error {
  override name = 'OnnxExportError';
}

/** A float32 weight in row-major order. */
export interface Weight {
  shape: number[];
  data: Float32Array;
}

/**
 * A value flowing through the graph: its ONNX name, its shape as the tfjs model sees it (channels last, batch
 * first as null) and, for rank-4 tensors, whether it is held channels first (ONNX's `Conv` and pools want NCHW;
 * a run of convolutions stays NCHW and is turned back only where a layer needs channels last).
 */
export interface Value {
  name: string;
  shape: (number | null)[];
  channelsFirst: boolean;
}

/** One tfjs layer as the rules see it: its serialised config (snake_case, as model.json holds it) and its weights. */
export interface LayerInput {
  name: string;
  className: string;
  config: JsonObject;
  weights: Map<string, Weight>;
  outputShape: (number | null)[];
}

type Rule = (g: GraphBuilder, layer: LayerInput, inputs: Value[], r: ConfigReader) => Value;

// Keys that say nothing about what a layer computes at inference.
const IGNORED = [
  'name',
  'trainable',
  'dtype',
  'batch_input_shape',
  'batch_size',
  'input_dtype',
  'kernel_initializer',
  'bias_initializer',
  'recurrent_initializer',
  'beta_initializer',
  'gamma_initializer',
  'moving_mean_initializer',
  'moving_variance_initializer',
  'kernel_regularizer',
  'bias_regularizer',
  'recurrent_regularizer',
  'activity_regularizer',
  'beta_regularizer',
  'gamma_regularizer',
  'kernel_constraint',
  'bias_constraint',
  'recurrent_constraint',
  'beta_constraint',
  'gamma_constraint',
  'momentum',
  'seed',
  'noise_shape',
  'rate',
  'implementation',
  'unit_forget_bias',
  'dropout',
  'recurrent_dropout',
];

/** Reads a layer's config; any option left unread that is not one of IGNORED makes the export refuse the layer. */
export class ConfigReader {
  private readonly read = new Set<string>(IGNORED);
  constructor(
    private readonly layer: LayerInput,
    private readonly config: JsonObject,
  ) {}

  fail(message: string): never {
    throw new OnnxExportError(`layer "${this.layer.name}" (${this.layer.className}): ${message}`);
  }

  get(key: string): Json {
    this.read.add(key);
    return this.config[key] ?? null;
  }

  number(key: string, fallback?: number): number {
    const v = this.get(key) ?? fallback ?? null;
    if (typeof v !== 'number') this.fail(`${key} must be a number, not ${JSON.stringify(v)}`);
    return v;
  }

  ints(key: string, rank: number, fallback?: number[]): number[] {
    const v = this.get(key) ?? fallback ?? null;
    const list = typeof v === 'number' ? Array<number>(rank).fill(v) : v;
    if (!Array.isArray(list) || list.length !== rank || !list.every((x) => typeof x === 'number'))
      this.fail(`${key} must be ${rank} integers, not ${JSON.stringify(v)}`);
    return list as number[];
  }

  /** The value of `key` (or `fallback` when absent), refused unless it is one of `allowed`. */
  oneOf<T extends Json>(key: string, allowed: readonly T[], fallback: T): T {
    const v = (this.get(key) ?? fallback) as T;
    if (!allowed.includes(v))
      this.fail(`${key} ${JSON.stringify(v)} has no ONNX export (supported: ${allowed.join(', ')})`);
    return v;
  }

  /** Refuses every option not read. */
  done(): void {
    const unread = Object.entries(this.config).filter(([k, v]) => !this.read.has(k) && v !== null && v !== false);
    if (unread.length > 0) this.fail(`option ${unread.map(([k]) => k).join(', ')} has no ONNX export`);
  }
}

const weight = (r: ConfigReader, layer: LayerInput, key: string): Weight =>
  layer.weights.get(key) ?? r.fail(`weight "${key}" is missing from the saved model`);

function toChannelsLast(g: GraphBuilder, v: Value): Value {
  if (!v.channelsFirst) return v;
  return { ...v, name: g.node('Transpose', [v.name], { perm: [0, 2, 3, 1] }, 'to_nhwc'), channelsFirst: false };
}

function toChannelsFirst(g: GraphBuilder, v: Value): Value {
  if (v.channelsFirst) return v;
  if (v.shape.length !== 4)
    throw new OnnxExportError(`a 2-D convolution or pool needs a rank-4 input, got rank ${v.shape.length}`);
  return { ...v, name: g.node('Transpose', [v.name], { perm: [0, 3, 1, 2] }, 'to_nchw'), channelsFirst: true };
}

/** tfjs activation names as model.json writes them (`hard_sigmoid`, `hardSigmoid`, …) → ONNX nodes. */
export function activation(g: GraphBuilder, name: string, x: string, prefix: string, r: ConfigReader): string {
  switch (name.replace(/_/g, '').toLowerCase()) {
    case 'linear':
      return x;
    case 'relu':
      return g.node('Relu', [x], {}, `${prefix}/relu`);
    case 'relu6':
      return g.node('Clip', [x, g.float('zero', [0], []), g.float('six', [6], [])], {}, `${prefix}/relu6`);
    case 'sigmoid':
      return g.node('Sigmoid', [x], {}, `${prefix}/sigmoid`);
    case 'hardsigmoid':
      // tfjs: clip(0.2·x + 0.5, 0, 1).
      return g.node('HardSigmoid', [x], { alpha: { f: 0.2 }, beta: { f: 0.5 } }, `${prefix}/hard_sigmoid`);
    case 'tanh':
      return g.node('Tanh', [x], {}, `${prefix}/tanh`);
    case 'softmax':
      return g.node('Softmax', [x], { axis: -1 }, `${prefix}/softmax`);
    case 'elu':
      return g.node('Elu', [x], {}, `${prefix}/elu`);
    case 'selu':
      return g.node('Selu', [x], {}, `${prefix}/selu`);
    case 'softplus':
      return g.node('Softplus', [x], {}, `${prefix}/softplus`);
    case 'softsign':
      return g.node('Softsign', [x], {}, `${prefix}/softsign`);
    default:
      return r.fail(`activation ${name} has no ONNX export`);
  }
}

/** The name ONNX's LSTM gives an activation (`Sigmoid`, `Tanh`, `HardSigmoid`, …) with its alpha/beta. */
function lstmActivation(name: string, r: ConfigReader): { op: string; alpha?: number; beta?: number } {
  switch (name.replace(/_/g, '').toLowerCase()) {
    case 'sigmoid':
      return { op: 'Sigmoid' };
    case 'hardsigmoid':
      return { op: 'HardSigmoid', alpha: 0.2, beta: 0.5 };
    case 'tanh':
      return { op: 'Tanh' };
    case 'relu':
      return { op: 'Relu' };
    default:
      return r.fail(`LSTM activation ${name} has no ONNX export`);
  }
}

const out = (name: string, layer: LayerInput, channelsFirst = false): Value => ({
  name,
  shape: layer.outputShape,
  channelsFirst,
});

function pool2d(op: 'MaxPool' | 'AveragePool'): Rule {
  return (g, layer, [input], r) => {
    r.oneOf('data_format', ['channels_last'], 'channels_last');
    const kernel = r.ints('pool_size', 2);
    const strides = r.ints('strides', 2, kernel);
    const padding = r.oneOf('padding', ['valid', 'same'], 'valid');
    const x = toChannelsFirst(g, input);
    // SAME_UPPER puts the odd padding after, as TensorFlow does; padded cells never count (max, and average by default).
    const name = g.node(
      op,
      [x.name],
      { kernel_shape: kernel, strides, auto_pad: padding === 'same' ? 'SAME_UPPER' : 'VALID' },
      layer.name,
    );
    return out(name, layer, true);
  };
}

function globalPool(op: 'ReduceMean' | 'ReduceMax', rank: 1 | 2): Rule {
  return (g, layer, [input], r) => {
    r.oneOf('data_format', ['channels_last'], 'channels_last');
    r.oneOf('keepdims', [false], false);
    const axes = rank === 1 ? [1] : input.channelsFirst ? [2, 3] : [1, 2];
    return out(g.node(op, [input.name], { axes, keepdims: 0 }, layer.name), layer);
  };
}

/** One entry per tfjs class the export translates. */
export const LAYER_RULES: Record<string, Rule> = {
  Dense(g, layer, [input], r) {
    r.number('units');
    const x = toChannelsLast(g, input);
    const kernel = weight(r, layer, 'kernel');
    let y = g.node(
      'MatMul',
      [x.name, g.float(`${layer.name}/kernel`, kernel.data, kernel.shape)],
      {},
      `${layer.name}/matmul`,
    );
    if (r.get('use_bias') !== false) {
      const bias = weight(r, layer, 'bias');
      y = g.node('Add', [y, g.float(`${layer.name}/bias`, bias.data, bias.shape)], {}, `${layer.name}/bias_add`);
    }
    return out(activation(g, String(r.get('activation') ?? 'linear'), y, layer.name, r), layer);
  },
  Conv2D(g, layer, [input], r) {
    r.oneOf('data_format', ['channels_last'], 'channels_last');
    r.number('filters');
    const kernelSize = r.ints('kernel_size', 2);
    const strides = r.ints('strides', 2, [1, 1]);
    const dilations = r.ints('dilation_rate', 2, [1, 1]);
    const padding = r.oneOf('padding', ['valid', 'same'], 'valid');
    const x = toChannelsFirst(g, input);
    const k = weight(r, layer, 'kernel');
    const [kh, kw, cin, cout] = k.shape;
    // [kh, kw, in, out] → [out, in, kh, kw].
    const w = new Float32Array(k.data.length);
    for (let i = 0; i < kh; i++)
      for (let j = 0; j < kw; j++)
        for (let c = 0; c < cin; c++)
          for (let o = 0; o < cout; o++)
            w[((o * cin + c) * kh + i) * kw + j] = k.data[((i * kw + j) * cin + c) * cout + o];
    const inputs = [x.name, g.float(`${layer.name}/kernel`, w, [cout, cin, kh, kw])];
    if (r.get('use_bias') !== false) inputs.push(g.float(`${layer.name}/bias`, weight(r, layer, 'bias').data));
    const y = g.node(
      'Conv',
      inputs,
      { kernel_shape: kernelSize, strides, dilations, auto_pad: padding === 'same' ? 'SAME_UPPER' : 'VALID' },
      layer.name,
    );
    return out(activation(g, String(r.get('activation') ?? 'linear'), y, layer.name, r), layer, true);
  },
  MaxPooling2D: pool2d('MaxPool'),
  AveragePooling2D: pool2d('AveragePool'),
  GlobalAveragePooling1D: globalPool('ReduceMean', 1),
  GlobalAveragePooling2D: globalPool('ReduceMean', 2),
  GlobalMaxPooling1D: globalPool('ReduceMax', 1),
  GlobalMaxPooling2D: globalPool('ReduceMax', 2),
  // genre-model's FastBatchNorm is saved as this class too. Inference: (x − mean)·γ/√(var + ε) + β = x·scale + shift.
  BatchNormalization(g, layer, [input], r) {
    const rank = input.shape.length;
    const axis = r.number('axis', -1);
    if (axis !== -1 && axis !== rank - 1) r.fail(`only the last axis is normalised by the export, not axis ${axis}`);
    const epsilon = r.number('epsilon', 1e-3);
    const center = r.get('center') !== false;
    const scaled = r.get('scale') !== false;
    const mean = weight(r, layer, 'moving_mean').data;
    const variance = weight(r, layer, 'moving_variance').data;
    const gamma = scaled ? weight(r, layer, 'gamma').data : null;
    const beta = center ? weight(r, layer, 'beta').data : null;
    const n = mean.length;
    const scale = new Float32Array(n);
    const shift = new Float32Array(n);
    for (let c = 0; c < n; c++) {
      const s = (gamma ? gamma[c] : 1) / Math.sqrt(variance[c] + epsilon);
      scale[c] = s;
      shift[c] = (beta ? beta[c] : 0) - mean[c] * s;
    }
    const dims = input.channelsFirst ? [n, 1, 1] : [n];
    const y = g.node('Mul', [input.name, g.float(`${layer.name}/scale`, scale, dims)], {}, `${layer.name}/scale`);
    return out(
      g.node('Add', [y, g.float(`${layer.name}/shift`, shift, dims)], {}, layer.name),
      layer,
      input.channelsFirst,
    );
  },
  Activation(g, layer, [input], r) {
    const name = String(r.get('activation'));
    // Elementwise activations keep the layout; softmax is over the last (channels-last) axis.
    const x = name === 'softmax' ? toChannelsLast(g, input) : input;
    return out(activation(g, name, x.name, layer.name, r), layer, x.channelsFirst);
  },
  ReLU(g, layer, [input], r) {
    if (r.get('max_value') !== null) r.fail('max_value has no ONNX export');
    return out(g.node('Relu', [input.name], {}, layer.name), layer, input.channelsFirst);
  },
  Softmax(g, layer, [input], r) {
    const axis = r.number('axis', -1);
    if (axis !== -1) r.fail(`only softmax over the last axis is exported, not axis ${axis}`);
    return out(g.node('Softmax', [toChannelsLast(g, input).name], { axis: -1 }, layer.name), layer);
  },
  // Identity at inference.
  Dropout: (_g, _layer, [input]) => input,
  Flatten(g, layer, [input], r) {
    r.oneOf('data_format', ['channels_last'], 'channels_last');
    return out(g.node('Flatten', [toChannelsLast(g, input).name], { axis: 1 }, layer.name), layer);
  },
  Reshape(g, layer, [input], r) {
    const target = r.get('target_shape');
    if (!Array.isArray(target)) r.fail('target_shape must be a list');
    const shape = g.int64(`${layer.name}/shape`, [0, ...(target as number[])]);
    return out(g.node('Reshape', [toChannelsLast(g, input).name, shape], {}, layer.name), layer);
  },
  // genre-model's FastLstm is saved as this class too. Keras orders gates i, f, c, o; ONNX i, o, f, c.
  LSTM(g, layer, [input], r) {
    r.oneOf('return_state', [false], false);
    r.oneOf('stateful', [false], false);
    r.oneOf('go_backwards', [false], false);
    r.get('unroll'); // how tfjs computes, not what
    const units = r.number('units');
    const sequences = r.get('return_sequences') === true;
    const f = lstmActivation(String(r.get('recurrent_activation') ?? 'hard_sigmoid'), r);
    const gAct = lstmActivation(String(r.get('activation') ?? 'tanh'), r);
    const kernel = weight(r, layer, 'kernel');
    const recurrent = weight(r, layer, 'recurrent_kernel');
    const inSize = kernel.shape[0];
    const order = [0, 3, 1, 2]; // ONNX gate j comes from Keras gate order[j]
    const gates = (src: Float32Array, rows: number): Float32Array => {
      // Keras [rows, 4·units] → ONNX [4·units, rows].
      const dst = new Float32Array(4 * units * rows);
      for (let j = 0; j < 4; j++)
        for (let u = 0; u < units; u++)
          for (let i = 0; i < rows; i++) dst[(j * units + u) * rows + i] = src[i * 4 * units + order[j] * units + u];
      return dst;
    };
    // ONNX Runtime runs LSTM time-major only (layout 0): [time, batch, features].
    const timeMajor = g.node(
      'Transpose',
      [toChannelsLast(g, input).name],
      { perm: [1, 0, 2] },
      `${layer.name}/time_major`,
    );
    const inputs = [
      timeMajor,
      g.float(`${layer.name}/W`, gates(kernel.data, inSize), [1, 4 * units, inSize]),
      g.float(`${layer.name}/R`, gates(recurrent.data, units), [1, 4 * units, units]),
    ];
    if (r.get('use_bias') !== false) {
      const bias = weight(r, layer, 'bias').data;
      const b = new Float32Array(8 * units); // Wb then Rb (zero): Keras has one bias
      for (let j = 0; j < 4; j++) for (let u = 0; u < units; u++) b[j * units + u] = bias[order[j] * units + u];
      inputs.push(g.float(`${layer.name}/B`, b, [1, 8 * units]));
    }
    const acts = [f, gAct, gAct];
    const alphas = acts.flatMap((a) => (a.alpha === undefined ? [] : [a.alpha]));
    const betas = acts.flatMap((a) => (a.beta === undefined ? [] : [a.beta]));
    const [y, yh] = g.nodeN(
      'LSTM',
      inputs,
      2,
      {
        hidden_size: units,
        activations: { strings: acts.map((a) => a.op) },
        ...(alphas.length > 0 ? { activation_alpha: { floats: alphas }, activation_beta: { floats: betas } } : {}),
      },
      layer.name,
    );
    // Y: [time, 1, batch, units] → [batch, time, units]; Y_h: [1, batch, units] → [batch, units].
    const result = sequences
      ? g.node(
          'Transpose',
          [g.node('Squeeze', [y, g.int64(`${layer.name}/direction_axis`, [1])], {}, `${layer.name}/one_direction`)],
          { perm: [1, 0, 2] },
          `${layer.name}/sequences`,
        )
      : g.node('Squeeze', [yh, g.int64(`${layer.name}/direction_axis`, [0])], {}, `${layer.name}/last`);
    return out(result, layer);
  },
  // genre-model's per-band mean and std over time ([batch, frames, bands] → [batch, 2·bands]), as tf.moments and
  // sqrt(variance + 1e-6) compute them.
  SummaryStats(g, layer, [input]) {
    const x = toChannelsLast(g, input).name;
    const mean = g.node('ReduceMean', [x], { axes: [1], keepdims: 1 }, `${layer.name}/mean`);
    const dev = g.node('Sub', [x, mean], {}, `${layer.name}/deviation`);
    const sq = g.node('Mul', [dev, dev], {}, `${layer.name}/squared`);
    const variance = g.node('ReduceMean', [sq], { axes: [1], keepdims: 0 }, `${layer.name}/variance`);
    const std = g.node(
      'Sqrt',
      [g.node('Add', [variance, g.float(`${layer.name}/epsilon`, [1e-6], [])], {}, `${layer.name}/add_epsilon`)],
      {},
      `${layer.name}/std`,
    );
    const flatMean = g.node('Squeeze', [mean, g.int64(`${layer.name}/time_axis`, [1])], {}, `${layer.name}/band_mean`);
    return out(g.node('Concat', [flatMean, std], { axis: -1 }, layer.name), layer);
  },
  // An ensemble's members' probabilities, averaged (genre-model's combineModels).
  Average(g, layer, inputs) {
    return out(
      g.node(
        'Mean',
        inputs.map((v) => toChannelsLast(g, v).name),
        {},
        layer.name,
      ),
      layer,
    );
  },
};

/** Translates one layer applied to `inputs`; an unsupported class or option is one line naming the layer. */
export function translateLayer(g: GraphBuilder, layer: LayerInput, inputs: Value[]): Value {
  const rule = LAYER_RULES[layer.className];
  if (!rule)
    throw new OnnxExportError(
      `layer "${layer.name}" (${layer.className}) has no ONNX export (supported: ${Object.keys(LAYER_RULES).join(', ')})`,
    );
  const r = new ConfigReader(layer, layer.config);
  r.oneOf('dtype', ['float32'], 'float32');
  const value = rule(g, layer, inputs, r);
  r.done();
  return value;
}
