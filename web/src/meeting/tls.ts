/** The TLS presentation language of RFC 9420 §2.1 as far as Conclave's extensions need it. */

/** RFC 9420 §2.1.2 variable-length integer (1, 2 or 4 bytes, minimal). */
export function writeVarint(n: number): Uint8Array<ArrayBuffer> {
  if (!Number.isInteger(n) || n < 0 || n >= 1 << 30) throw new RangeError('varint out of range');
  if (n < 64) return Uint8Array.of(n);
  if (n < 16384) return Uint8Array.of(0x40 | (n >> 8), n & 0xff);
  return Uint8Array.of(0x80 | (n >>> 24), (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff);
}

export function opaque(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return concatBytes(writeVarint(bytes.length), bytes);
}

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Malformed TLS-encoded bytes. */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
}

/** Reads vectors from `bytes`, every length checked against what remains before use. */
export class TlsReader {
  private offset = 0;
  constructor(private readonly bytes: Uint8Array) {}

  varint(): number {
    const first = this.byte();
    const prefix = first >> 6;
    if (prefix === 3) throw new DecodeError('invalid varint prefix');
    let v = first & 0x3f;
    const extra = prefix === 0 ? 0 : prefix === 1 ? 1 : 3;
    for (let i = 0; i < extra; i++) v = v * 256 + this.byte();
    const min = prefix === 0 ? 0 : prefix === 1 ? 64 : 16384;
    if (v < min) throw new DecodeError('varint not minimal');
    return v;
  }

  opaque(): Uint8Array<ArrayBuffer> {
    const n = this.varint();
    if (n > this.bytes.length - this.offset) throw new DecodeError('vector longer than its input');
    const out = this.bytes.slice(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  /** A vector of items each read by `item`. */
  list<T>(item: (r: TlsReader) => T): T[] {
    const inner = new TlsReader(this.opaque());
    const out: T[] = [];
    while (!inner.atEnd()) out.push(item(inner));
    return out;
  }

  atEnd(): boolean {
    return this.offset === this.bytes.length;
  }

  end(): void {
    if (!this.atEnd()) throw new DecodeError('trailing bytes');
  }

  private byte(): number {
    const b = this.bytes[this.offset];
    if (b === undefined) throw new DecodeError('truncated');
    this.offset++;
    return b;
  }
}
