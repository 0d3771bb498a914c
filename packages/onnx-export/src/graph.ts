import { onnx } from 'onnx-proto';

/** The opset the export writes: 17 is the first with `STFT` and `MelWeightMatrix`. */
export const OPSET = 17;
/** ONNX IR version 8 goes with opsets up to 17 (onnx/docs/Versioning.md). */
export const IR_VERSION = 8;

/** An int (`number`), a float (`{ f }`), a string, ints (`number[]`), floats (`{ floats }`) or strings (`{ strings }`). */
export type AttributeValue = number | { f: number } | number[] | string | { floats: number[] } | { strings: string[] };

/** A dimension: a fixed size or a named symbolic one (`batch`). */
export type Dim = number | string;

const { DataType } = onnx.TensorProto;

/**
 * Builds one ONNX graph: constants (initializers), nodes in topological order and the graph's inputs and outputs,
 * each with a fresh name. Values are float32 unless a constant says otherwise.
 */
export class GraphBuilder {
  private readonly nodes: onnx.INodeProto[] = [];
  private readonly initializers: onnx.ITensorProto[] = [];
  private readonly inputs: onnx.IValueInfoProto[] = [];
  private readonly outputs: onnx.IValueInfoProto[] = [];
  private readonly used = new Set<string>();

  /** `base`, or `base_1`, `base_2`, … if taken. */
  fresh(base: string): string {
    const clean = base.replace(/[^A-Za-z0-9_./-]/g, '_');
    let name = clean;
    for (let i = 1; this.used.has(name); i++) name = `${clean}_${i}`;
    this.used.add(name);
    return name;
  }

  input(name: string, dims: Dim[]): string {
    const n = this.fresh(name);
    this.inputs.push(valueInfo(n, DataType.FLOAT, dims));
    return n;
  }

  output(value: string, dims: Dim[]): void {
    this.outputs.push(valueInfo(value, DataType.FLOAT, dims));
  }

  /** A float32 constant of `dims` (row-major). */
  float(name: string, data: ArrayLike<number>, dims: number[] = [data.length]): string {
    return this.constant(name, dims, { dataType: DataType.FLOAT, floatData: Array.from(data) });
  }

  /** A float64 constant (the front end computes in double, as audio-dl's features do). */
  double(name: string, data: ArrayLike<number>, dims: number[] = [data.length]): string {
    return this.constant(name, dims, { dataType: DataType.DOUBLE, doubleData: Array.from(data) });
  }

  /** An int64 constant (shapes, axes, pads). */
  int64(name: string, data: number[], dims: number[] = [data.length]): string {
    return this.constant(name, dims, { dataType: DataType.INT64, int64Data: data });
  }

  private constant(name: string, dims: number[], tensor: onnx.ITensorProto): string {
    const size = dims.reduce((a, b) => a * b, 1);
    const values = tensor.floatData ?? tensor.doubleData ?? tensor.int64Data ?? [];
    if (values.length !== size)
      throw new RangeError(`constant ${name}: ${values.length} values for shape [${dims.join(', ')}]`);
    const n = this.fresh(name);
    this.initializers.push({ ...tensor, name: n, dims });
    return n;
  }

  /** Adds a node of `op` and returns its first output's name. */
  node(op: string, inputs: string[], attributes: Record<string, AttributeValue> = {}, name = op): string {
    return this.nodeN(op, inputs, 1, attributes, name)[0];
  }

  /** Adds a node with `count` outputs (an empty input name skips an optional input). */
  nodeN(
    op: string,
    inputs: string[],
    count: number,
    attributes: Record<string, AttributeValue> = {},
    name = op,
  ): string[] {
    const base = this.fresh(name);
    const outputs = Array.from({ length: count }, (_, i) => (i === 0 ? base : this.fresh(`${base}:${i}`)));
    this.nodes.push({
      opType: op,
      name: base,
      input: inputs,
      output: outputs,
      attribute: Object.entries(attributes).map(([key, value]) => attribute(key, value)),
    });
    return outputs;
  }

  /** The serialised model: this graph, opset `OPSET`, with `metadata` as its metadata properties. */
  encode(graphName: string, metadata: Record<string, string>, docString: string): Uint8Array {
    const model: onnx.IModelProto = {
      irVersion: IR_VERSION,
      producerName: 'audio-dl',
      producerVersion: '0.1.0',
      docString,
      opsetImport: [{ domain: '', version: OPSET }],
      metadataProps: Object.entries(metadata).map(([key, value]) => ({ key, value })),
      graph: {
        name: graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    };
    return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
  }
}

function valueInfo(name: string, elemType: number, dims: Dim[]): onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

function attribute(name: string, value: AttributeValue): onnx.IAttributeProto {
  const { AttributeType } = onnx.AttributeProto;
  if (typeof value === 'string') return { name, type: AttributeType.STRING, s: new TextEncoder().encode(value) };
  if (typeof value === 'number') return { name, type: AttributeType.INT, i: value };
  if (Array.isArray(value)) return { name, type: AttributeType.INTS, ints: value };
  if ('f' in value) return { name, type: AttributeType.FLOAT, f: value.f };
  if ('strings' in value)
    return { name, type: AttributeType.STRINGS, strings: value.strings.map((v) => new TextEncoder().encode(v)) };
  return { name, type: AttributeType.FLOATS, floats: value.floats };
}
