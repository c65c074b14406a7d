/**
 * The few ONNX messages the exporter writes, with field numbers from the
 * official onnx/onnx.proto (proto2; repeated scalars written unpacked).
 */

import { ProtoWriter } from './protobuf';

/** TensorProto.DataType values. */
export const DataType = { FLOAT: 1, INT64: 7 } as const;
/** AttributeProto.AttributeType values. */
const AttributeType = { INT: 2, STRINGS: 8 } as const;

/** A named initializer; data already in little-endian bytes of `dataType`. */
export function tensorProto(name: string, dims: readonly number[], dataType: number, raw: Uint8Array): ProtoWriter {
  const t = new ProtoWriter();
  for (const d of dims) t.varint(1, d); // dims
  t.varint(2, dataType); // data_type
  t.string(8, name); // name
  t.bytes(9, raw); // raw_data
  return t;
}

/** A dimension is fixed (a number) or symbolic (a dim_param name such as "batch"). */
export type Dim = number | string;

/** A graph input or output: a float or int64 tensor of the given shape. */
export function valueInfo(name: string, elemType: number, shape: readonly Dim[], doc?: string): ProtoWriter {
  const dims = new ProtoWriter();
  for (const d of shape) {
    const dim = new ProtoWriter();
    if (typeof d === 'number') dim.varint(1, d); // dim_value
    else dim.string(2, d); // dim_param
    dims.message(1, dim); // TensorShapeProto.dim
  }
  const tensorType = new ProtoWriter().varint(1, elemType).message(2, dims); // elem_type, shape
  const type = new ProtoWriter().message(1, tensorType); // TypeProto.tensor_type
  const info = new ProtoWriter().string(1, name).message(2, type);
  if (doc) info.string(3, doc);
  return info;
}

export type Attribute = { name: string; int: number } | { name: string; strings: readonly string[] };

function attributeProto(attr: Attribute): ProtoWriter {
  const a = new ProtoWriter().string(1, attr.name);
  if ('int' in attr) a.varint(3, attr.int).varint(20, AttributeType.INT);
  else {
    for (const s of attr.strings) a.string(9, s);
    a.varint(20, AttributeType.STRINGS);
  }
  return a;
}

/** A node of the graph in the default ONNX domain. */
export function nodeProto(opType: string, name: string, inputs: readonly string[], outputs: readonly string[], attributes: readonly Attribute[] = []): ProtoWriter {
  const n = new ProtoWriter();
  for (const i of inputs) n.string(1, i);
  for (const o of outputs) n.string(2, o);
  n.string(3, name).string(4, opType);
  for (const attr of attributes) n.message(5, attributeProto(attr));
  return n;
}

export interface GraphParts {
  name: string;
  doc: string;
  nodes: readonly ProtoWriter[];
  initializers: readonly ProtoWriter[];
  inputs: readonly ProtoWriter[];
  outputs: readonly ProtoWriter[];
}

export interface ModelParts {
  irVersion: number;
  opsetVersion: number;
  producerName: string;
  producerVersion: string;
  doc: string;
  metadata: Readonly<Record<string, string>>;
  graph: GraphParts;
}

/** A complete ModelProto. */
export function modelProto(parts: ModelParts): Uint8Array {
  const g = new ProtoWriter();
  for (const n of parts.graph.nodes) g.message(1, n);
  g.string(2, parts.graph.name);
  for (const t of parts.graph.initializers) g.message(5, t);
  g.string(10, parts.graph.doc);
  for (const i of parts.graph.inputs) g.message(11, i);
  for (const o of parts.graph.outputs) g.message(12, o);

  const m = new ProtoWriter()
    .varint(1, parts.irVersion)
    .string(2, parts.producerName)
    .string(3, parts.producerVersion)
    .string(6, parts.doc)
    .message(7, g)
    .message(8, new ProtoWriter().string(1, '').varint(2, parts.opsetVersion)); // the default domain
  for (const [key, value] of Object.entries(parts.metadata)) m.message(14, new ProtoWriter().string(1, key).string(2, value));
  return m.finish();
}
