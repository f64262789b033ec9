/**
 * A minimal ONNX model writer (protobuf wire format by hand) for the benchmark graphs: float32 tensors,
 * nodes with int / ints attributes (Conv, Relu, MaxPool, ConvTranspose, Concat). Field numbers are
 * those of onnx/onnx.proto (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto,
 * ValueInfoProto, TypeProto, TensorShapeProto).
 */

/** Protobuf writer: varints, length-delimited fields, nested messages. */
class Proto {
  private readonly bytes: number[] = [];

  private varint(v: number): void {
    let n = BigInt.asUintN(64, BigInt(v));
    while (n >= 0x80n) {
      this.bytes.push(Number(n & 0x7fn) | 0x80);
      n >>= 7n;
    }
    this.bytes.push(Number(n));
  }

  /** A varint field (int32, int64, enum). */
  int(field: number, v: number): this {
    this.varint(field << 3);
    this.varint(v);
    return this;
  }

  bytesField(field: number, data: Uint8Array): this {
    this.varint((field << 3) | 2);
    this.varint(data.length);
    for (let i = 0; i < data.length; i++) this.bytes.push(data[i]!);
    return this;
  }

  string(field: number, s: string): this {
    return this.bytesField(field, new TextEncoder().encode(s));
  }

  message(field: number, m: Proto): this {
    return this.bytesField(field, m.finish());
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

const FLOAT = 1; // TensorProto.DataType.FLOAT
const ATTR_INT = 2; // AttributeProto.AttributeType.INT
const ATTR_INTS = 7;

export type Attribute = number | readonly number[];

export interface OnnxNode {
  readonly op: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes?: Readonly<Record<string, Attribute>>;
}

export interface OnnxInitializer {
  readonly name: string;
  readonly dims: readonly number[];
  readonly data: Float32Array;
}

export interface OnnxValue {
  readonly name: string;
  readonly dims: readonly number[];
}

export interface OnnxGraph {
  readonly nodes: readonly OnnxNode[];
  readonly initializers: readonly OnnxInitializer[];
  readonly inputs: readonly OnnxValue[];
  readonly outputs: readonly OnnxValue[];
}

function attribute(name: string, value: Attribute): Proto {
  const a = new Proto().string(1, name);
  if (typeof value === "number") return a.int(20, ATTR_INT).int(3, value);
  for (const v of value) a.int(8, v);
  return a.int(20, ATTR_INTS);
}

function node(n: OnnxNode, index: number): Proto {
  const p = new Proto();
  for (const i of n.inputs) p.string(1, i);
  for (const o of n.outputs) p.string(2, o);
  p.string(3, `${n.op}_${index}`).string(4, n.op);
  for (const [k, v] of Object.entries(n.attributes ?? {})) p.message(5, attribute(k, v));
  return p;
}

function initializer(t: OnnxInitializer): Proto {
  const p = new Proto();
  for (const d of t.dims) p.int(1, d);
  const raw = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength); // little-endian, as ONNX's raw_data
  return p.int(2, FLOAT).string(8, t.name).bytesField(9, raw);
}

function valueInfo(v: OnnxValue): Proto {
  const shape = new Proto();
  for (const d of v.dims) shape.message(1, new Proto().int(1, d));
  const tensorType = new Proto().int(1, FLOAT).message(2, shape);
  return new Proto().string(1, v.name).message(2, new Proto().message(1, tensorType));
}

/** Serialises a graph as an ONNX model (IR version 8, default-domain opset 17). */
export function encodeOnnxModel(g: OnnxGraph): Uint8Array {
  const graph = new Proto();
  g.nodes.forEach((n, i) => {
    graph.message(1, node(n, i));
  });
  graph.string(2, "shapeproof-bench");
  for (const t of g.initializers) graph.message(5, initializer(t));
  for (const v of g.inputs) graph.message(11, valueInfo(v));
  for (const v of g.outputs) graph.message(12, valueInfo(v));
  return new Proto().int(1, 8).string(2, "shapeproof").message(7, graph).message(8, new Proto().string(1, "").int(2, 17)).finish();
}
