import { describe, expect, it } from 'vitest';
import { ProtoWriter } from '@shared/export/protobuf';

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');

describe('the protobuf encoder', () => {
  it('writes the encoding guide\'s examples: varint 150 in field 1, "testing" in field 2', () => {
    expect(hex(new ProtoWriter().varint(1, 150).finish())).toBe('08 96 01');
    expect(hex(new ProtoWriter().string(2, 'testing').finish())).toBe('12 07 74 65 73 74 69 6e 67');
  });

  it('embeds a message as length-delimited bytes (the guide\'s field 3 holding {1: 150})', () => {
    expect(hex(new ProtoWriter().message(3, new ProtoWriter().varint(1, 150)).finish())).toBe('1a 03 08 96 01');
  });

  it('writes varints above 2^32 and floats little-endian', () => {
    expect(hex(new ProtoWriter().varint(1, 2 ** 35 + 1).finish())).toBe('08 81 80 80 80 80 01');
    expect(hex(new ProtoWriter().float(2, 1).finish())).toBe('15 00 00 80 3f');
  });

  it('keeps field order across byte arrays and scalars', () => {
    const bytes = new ProtoWriter().varint(1, 1).bytes(2, Uint8Array.of(9, 9)).varint(3, 300).finish();
    expect(hex(bytes)).toBe('08 01 12 02 09 09 18 ac 02');
  });

  it('refuses negative or non-integer varints and field 0', () => {
    expect(() => new ProtoWriter().varint(1, -1)).toThrow(/varints from 0/);
    expect(() => new ProtoWriter().varint(1, 1.5)).toThrow(/got 1.5/);
    expect(() => new ProtoWriter().varint(0, 1)).toThrow(/start at 1/);
  });
});
