/**
 * tfjs layer configs (the snake_case form `model.toJSON()` writes into model.json) → Keras 3 layer
 * configs, one table entry per tfjs class. An entry reads the options it understands through a
 * `ConfigReader`; any option left unread with a value is an error, so a tfjs setting Keras would
 * silently ignore can never slip through. An entry returns one or more Keras nodes (layers, or
 * `keras.ops` operations wired as a small graph), so a tfjs layer Keras has no class for (genre-model's
 * SummaryStats) is expressed with standard Keras parts.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** A float32 tensor in row-major order. */
export interface Tensor {
  shape: number[];
  data: Float32Array;
}

/** A tensor's shape with the batch axis (null) first. */
export type Shape = (number | null)[];

/** One layer of the tfjs model: its class, its serialised config, its weights by name (`kernel`, `bias`, …), its shapes. */
export interface TfjsLayer {
  className: string;
  config: JsonObject;
  weights: Map<string, Tensor>;
  inputShape: Shape;
  outputShape: Shape;
}

/** An input of a Keras node: another node's output (by name), a list of them, or a constant. */
export type NodeInput = string | string[] | number;

/** One node of the Keras model: a layer (with its variables in Keras' order) or a `keras.ops` operation. */
export interface KerasLayer {
  className: string;
  config: JsonObject;
  vars: Tensor[];
  /** Keras keeps an RNN layer's variables in its cell (`layers/lstm/cell/vars`), named like this. */
  cell?: string;
  /** A `keras.ops` operation (serialised from `keras.src.ops.numpy`), not a layer: no variables, no weight group. */
  op?: boolean;
  /** What it is applied to, in order: node names, lists of them, constants. */
  inputs: NodeInput[];
  outputShape: Shape;
}

/** A layer or option the Keras export cannot translate. */
export class KerasExportError extends Error {
  override name = 'KerasExportError';
}

/** A Keras object as Keras 3 serialises it (initializers, regularizers, dtype policies, layers). */
export const kerasObject = (module: string, className: string, config: JsonObject): JsonObject => ({
  module,
  class_name: className,
  config,
  registered_name: null,
});

export const FLOAT32_POLICY = kerasObject('keras', 'DTypePolicy', { name: 'float32' });

// Keys every tfjs layer config may carry; the export handles them once for all.
const COMMON_KEYS = ['name', 'trainable', 'dtype', 'batch_input_shape', 'batch_size', 'input_dtype'];

/** Reads a tfjs layer config, remembering what was read, so unread options can be refused. */
export class ConfigReader {
  private readonly read = new Set<string>(COMMON_KEYS);
  constructor(
    readonly layer: string,
    readonly className: string,
    private readonly config: JsonObject,
  ) {}

  fail(message: string): never {
    throw new KerasExportError(`layer "${this.layer}" (${this.className}): ${message}`);
  }

  /** The raw value (null when absent). */
  get(key: string): Json {
    this.read.add(key);
    return this.config[key] ?? null;
  }

  /** The value, or `fallback` when absent or null. */
  or(key: string, fallback: Json): Json {
    const v = this.get(key);
    return v === null ? fallback : v;
  }

  /** Reads `key` and fails unless its value (absent counts as `fallback`) is one of `allowed`. */
  only(key: string, allowed: Json[], fallback: Json = null): Json {
    const v = this.or(key, fallback);
    if (!allowed.some((a) => JSON.stringify(a) === JSON.stringify(v)))
      this.fail(
        `${key} ${JSON.stringify(v)} has no Keras equivalent here (supported: ${allowed.map((a) => JSON.stringify(a)).join(', ')})`,
      );
    return v;
  }

  /** Fails on options no entry read that carry a value. */
  done(): void {
    const left = Object.entries(this.config).filter(([k, v]) => !this.read.has(k) && v !== null);
    if (left.length > 0)
      this.fail(`option ${left.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')} cannot be exported to Keras`);
  }
}

// tfjs activation names (snake_case as saved) that compute exactly what Keras' do. tfjs' hard_sigmoid
// (slope 0.2) differs from Keras 3's (slope 1/6), so it is not here.
const ACTIVATIONS: Record<string, string> = {
  linear: 'linear',
  relu: 'relu',
  relu6: 'relu6',
  elu: 'elu',
  selu: 'selu',
  sigmoid: 'sigmoid',
  tanh: 'tanh',
  softmax: 'softmax',
  softplus: 'softplus',
  softsign: 'softsign',
  swish: 'silu',
};

function activation(r: ConfigReader, key: string, fallback = 'linear'): string {
  const name = r.or(key, fallback);
  const keras = typeof name === 'string' ? ACTIVATIONS[name] : undefined;
  if (!keras)
    r.fail(
      `${key} ${JSON.stringify(name)} has no exact Keras equivalent (supported: ${Object.keys(ACTIVATIONS).join(', ')})`,
    );
  return keras;
}

type Serialised = { class_name: string; config: JsonObject } | null;

const pick = (config: JsonObject, keys: string[]): JsonObject =>
  Object.fromEntries(keys.filter((k) => k in config).map((k) => [k, config[k]]));

/**
 * Initializers only decide how training starts; the trained weights replace them. Known ones are carried
 * over for a user who retrains in Keras; others become null (Keras' default).
 */
function initializer(r: ConfigReader, key: string): Json {
  const v = r.get(key) as Serialised;
  if (v === null) return null;
  const c = v.config ?? {};
  const init = (name: string, keys: string[]) => kerasObject('keras.initializers', name, pick(c, keys));
  if ('mode' in c && 'distribution' in c) {
    // tfjs' Glorot*/He*/LeCun* are VarianceScaling with fixed settings; tfjs' "normal" is truncated.
    const distribution = c.distribution === 'normal' ? 'truncated_normal' : c.distribution;
    return kerasObject('keras.initializers', 'VarianceScaling', {
      ...pick(c, ['scale', 'mode', 'seed']),
      distribution,
    });
  }
  switch (v.class_name) {
    case 'Zeros':
    case 'Ones':
      return init(v.class_name, []);
    case 'Constant':
      return init('Constant', ['value']);
    case 'RandomNormal':
    case 'TruncatedNormal':
      return init(v.class_name, ['mean', 'stddev', 'seed']);
    case 'RandomUniform':
      return init('RandomUniform', ['minval', 'maxval', 'seed']);
    case 'Orthogonal':
      return init('Orthogonal', ['gain', 'seed']);
    case 'Identity':
      return init('Identity', ['gain']);
    default:
      return null;
  }
}

/** Regularizers change what retraining in Keras optimises, so an unknown one is refused. */
function regularizer(r: ConfigReader, key: string): Json {
  const v = r.get(key) as Serialised;
  if (v === null) return null;
  if (v.class_name === 'L1L2') return kerasObject('keras.regularizers', 'L1L2', pick(v.config, ['l1', 'l2']));
  return r.fail(`${key} ${v.class_name} has no Keras export (supported: L1L2)`);
}

const CONSTRAINT_KEYS: Record<string, string[]> = {
  MaxNorm: ['max_value', 'axis'],
  UnitNorm: ['axis'],
  NonNeg: [],
  MinMaxNorm: ['min_value', 'max_value', 'rate', 'axis'],
};

function constraint(r: ConfigReader, key: string): Json {
  const v = r.get(key) as Serialised;
  if (v === null) return null;
  const keys = CONSTRAINT_KEYS[v.class_name];
  if (!keys)
    return r.fail(`${key} ${v.class_name} has no Keras export (supported: ${Object.keys(CONSTRAINT_KEYS).join(', ')})`);
  return kerasObject('keras.constraints', v.class_name, pick(v.config, keys));
}

/**
 * What a table entry returns: Keras nodes whose variables are named by their tfjs names, in Keras' order. A
 * plan of several nodes names them by `id` and wires them through `inputs` (`IN` is the tfjs layer's input);
 * its last node gives the tfjs layer's output. `shape` maps the input shape to the node's output shape.
 */
export interface LayerPlan {
  className: string;
  config: JsonObject;
  vars: string[];
  cell?: string;
  op?: boolean;
  id?: string;
  inputs?: (string | string[] | number)[];
  shape?: (input: Shape) => Shape;
}

/** In a plan's `inputs`: the input of the tfjs layer being translated. */
export const IN = '$input';

const CHANNELS_LAST = ['channels_last'];

function denseLike(r: ConfigReader): JsonObject {
  return {
    activation: activation(r, 'activation'),
    use_bias: r.or('use_bias', true),
    kernel_initializer: initializer(r, 'kernel_initializer'),
    bias_initializer: initializer(r, 'bias_initializer'),
    kernel_regularizer: regularizer(r, 'kernel_regularizer'),
    bias_regularizer: regularizer(r, 'bias_regularizer'),
    activity_regularizer: regularizer(r, 'activity_regularizer'),
    kernel_constraint: constraint(r, 'kernel_constraint'),
    bias_constraint: constraint(r, 'bias_constraint'),
  };
}

const withBias = (config: JsonObject): string[] => (config.use_bias === false ? ['kernel'] : ['kernel', 'bias']);

function conv(rank: 1 | 2) {
  return (r: ConfigReader): LayerPlan[] => {
    const config: JsonObject = {
      filters: r.get('filters'),
      kernel_size: r.get('kernel_size'),
      strides: r.or('strides', rank === 1 ? [1] : [1, 1]),
      padding: r.only('padding', ['valid', 'same'], 'valid'),
      data_format: r.only('data_format', CHANNELS_LAST, 'channels_last'),
      dilation_rate: r.or('dilation_rate', rank === 1 ? [1] : [1, 1]),
      ...denseLike(r),
    };
    return [{ className: rank === 1 ? 'Conv1D' : 'Conv2D', config, vars: withBias(config) }];
  };
}

function pooling(className: string) {
  return (r: ConfigReader): LayerPlan[] => [
    {
      className,
      config: {
        pool_size: r.get('pool_size'),
        strides: r.get('strides'),
        padding: r.only('padding', ['valid', 'same'], 'valid'),
        data_format: r.only('data_format', CHANNELS_LAST, 'channels_last'),
      },
      vars: [],
    },
  ];
}

function globalPooling(className: string) {
  return (r: ConfigReader): LayerPlan[] => [
    { className, config: { data_format: r.only('data_format', CHANNELS_LAST, 'channels_last') }, vars: [] },
  ];
}

type Rule = (r: ConfigReader) => LayerPlan[];

/** Every tfjs layer class the export translates. Add an entry here to support another one. */
export const LAYER_RULES: Record<string, Rule> = {
  Dense(r) {
    const config = { units: r.get('units'), ...denseLike(r) };
    return [{ className: 'Dense', config, vars: withBias(config) }];
  },
  Conv1D: conv(1),
  Conv2D: conv(2),
  MaxPooling1D: pooling('MaxPooling1D'),
  MaxPooling2D: pooling('MaxPooling2D'),
  AveragePooling1D: pooling('AveragePooling1D'),
  AveragePooling2D: pooling('AveragePooling2D'),
  GlobalAveragePooling1D: globalPooling('GlobalAveragePooling1D'),
  GlobalAveragePooling2D: globalPooling('GlobalAveragePooling2D'),
  GlobalMaxPooling1D: globalPooling('GlobalMaxPooling1D'),
  GlobalMaxPooling2D: globalPooling('GlobalMaxPooling2D'),
  // genre-model's FastBatchNorm is saved as this class too.
  BatchNormalization(r) {
    const config: JsonObject = {
      axis: r.or('axis', -1),
      momentum: r.or('momentum', 0.99),
      epsilon: r.or('epsilon', 1e-3),
      center: r.or('center', true),
      scale: r.or('scale', true),
      beta_initializer: initializer(r, 'beta_initializer'),
      gamma_initializer: initializer(r, 'gamma_initializer'),
      moving_mean_initializer: initializer(r, 'moving_mean_initializer'),
      moving_variance_initializer: initializer(r, 'moving_variance_initializer'),
      beta_regularizer: regularizer(r, 'beta_regularizer'),
      gamma_regularizer: regularizer(r, 'gamma_regularizer'),
      beta_constraint: constraint(r, 'beta_constraint'),
      gamma_constraint: constraint(r, 'gamma_constraint'),
    };
    const names = [
      ...(config.scale ? ['gamma'] : []),
      ...(config.center ? ['beta'] : []),
      'moving_mean',
      'moving_variance',
    ];
    return [{ className: 'BatchNormalization', config, vars: names }];
  },
  Dropout: (r) => [
    {
      className: 'Dropout',
      config: { rate: r.get('rate'), noise_shape: r.get('noise_shape'), seed: r.get('seed') },
      vars: [],
    },
  ],
  Flatten: (r) => [
    { className: 'Flatten', config: { data_format: r.only('data_format', CHANNELS_LAST, 'channels_last') }, vars: [] },
  ],
  Reshape: (r) => [{ className: 'Reshape', config: { target_shape: r.get('target_shape') }, vars: [] }],
  Permute: (r) => [{ className: 'Permute', config: { dims: r.get('dims') }, vars: [] }],
  Activation: (r) => [{ className: 'Activation', config: { activation: activation(r, 'activation') }, vars: [] }],
  Softmax: (r) => [{ className: 'Softmax', config: { axis: r.or('axis', -1) }, vars: [] }],
  ReLU: (r) => [{ className: 'ReLU', config: { max_value: r.get('max_value') }, vars: [] }],
  LeakyReLU: (r) => [{ className: 'LeakyReLU', config: { negative_slope: r.or('alpha', 0.3) }, vars: [] }],
  // genre-model's FastLstm is saved as this class too.
  LSTM(r) {
    r.only('return_state', [false], false);
    r.only('stateful', [false], false);
    r.get('implementation'); // how tfjs computes, not what
    const config: JsonObject = {
      units: r.get('units'),
      activation: activation(r, 'activation', 'tanh'),
      recurrent_activation: activation(r, 'recurrent_activation', 'hard_sigmoid'),
      use_bias: r.or('use_bias', true),
      kernel_initializer: initializer(r, 'kernel_initializer'),
      recurrent_initializer: initializer(r, 'recurrent_initializer'),
      bias_initializer: initializer(r, 'bias_initializer'),
      unit_forget_bias: r.or('unit_forget_bias', true),
      kernel_regularizer: regularizer(r, 'kernel_regularizer'),
      recurrent_regularizer: regularizer(r, 'recurrent_regularizer'),
      bias_regularizer: regularizer(r, 'bias_regularizer'),
      activity_regularizer: regularizer(r, 'activity_regularizer'),
      kernel_constraint: constraint(r, 'kernel_constraint'),
      recurrent_constraint: constraint(r, 'recurrent_constraint'),
      bias_constraint: constraint(r, 'bias_constraint'),
      dropout: r.or('dropout', 0),
      recurrent_dropout: r.or('recurrent_dropout', 0),
      return_sequences: r.or('return_sequences', false),
      go_backwards: r.or('go_backwards', false),
      unroll: r.or('unroll', false),
    };
    const names = config.use_bias === false ? ['kernel', 'recurrent_kernel'] : ['kernel', 'recurrent_kernel', 'bias'];
    return [{ className: 'LSTM', config, vars: names, cell: 'lstm_cell' }];
  },
  // genre-model's per-band mean and std over time ([batch, frames, bands] → [batch, 2·bands]), as tf.moments
  // and sqrt(variance + 1e-6) compute them, from keras.ops.
  SummaryStats: (): LayerPlan[] => {
    const bands = (s: Shape): Shape => [s[0], s[s.length - 1]];
    return [
      {
        id: 'mean',
        className: 'Mean',
        op: true,
        config: { axis: 1, keepdims: false },
        vars: [],
        inputs: [IN],
        shape: bands,
      },
      {
        id: 'var',
        className: 'Var',
        op: true,
        config: { axis: 1, keepdims: false },
        vars: [],
        inputs: [IN],
        shape: bands,
      },
      { id: 'add', className: 'Add', op: true, config: {}, vars: [], inputs: ['var', 1e-6], shape: bands },
      { id: 'sqrt', className: 'Sqrt', op: true, config: {}, vars: [], inputs: ['add'], shape: bands },
      { className: 'Concatenate', op: true, config: { axis: -1 }, vars: [], inputs: [['mean', 'sqrt']] },
    ];
  },
};

/**
 * Translates one tfjs layer applied to node `input`; an unsupported class or option is one line naming the
 * layer. The node giving the layer's output keeps the tfjs layer's name; others are named after it.
 */
export function translateLayer(layer: TfjsLayer, input: string): KerasLayer[] {
  const name = String(layer.config.name ?? layer.className);
  const rule = LAYER_RULES[layer.className];
  if (!rule)
    throw new KerasExportError(
      `layer "${name}" (${layer.className}) has no Keras export (supported: ${Object.keys(LAYER_RULES).join(', ')})`,
    );
  const r = new ConfigReader(name, layer.className, layer.config);
  r.only('dtype', ['float32'], 'float32');
  const plans = rule(r);
  r.done();
  const names = plans.map((p, i) => (i === plans.length - 1 ? name : `${name}_${p.id ?? i}`));
  const ids = new Map(plans.map((p, i) => [p.id ?? String(i), names[i]]));
  const resolve = (ref: string): string =>
    ref === IN ? input : (ids.get(ref) ?? r.fail(`plan refers to unknown node ${ref}`));
  const shapes = new Map<string, Shape>([[input, layer.inputShape]]);
  return plans.map((p, i) => {
    const inputs = p.inputs
      ? p.inputs.map((x) => (typeof x === 'number' ? x : Array.isArray(x) ? x.map(resolve) : resolve(x)))
      : [i === 0 ? input : names[i - 1]];
    const first = inputs.find((x): x is string => typeof x === 'string');
    const inShape = (first && shapes.get(first)) || layer.inputShape;
    const outputShape = i === plans.length - 1 ? layer.outputShape : p.shape ? p.shape(inShape) : inShape;
    shapes.set(names[i], outputShape);
    const common: JsonObject = p.op
      ? { name: names[i] }
      : { name: names[i], trainable: layer.config.trainable ?? true, dtype: FLOAT32_POLICY };
    return {
      className: p.className,
      config: { ...common, ...p.config },
      vars: p.vars.map((n) => layer.weights.get(n) ?? r.fail(`weight "${n}" is missing from the saved model`)),
      ...(p.cell ? { cell: p.cell } : {}),
      ...(p.op ? { op: true } : {}),
      inputs,
      outputShape,
    };
  });
}
