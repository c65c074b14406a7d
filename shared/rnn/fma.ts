/**
 * Fused multiply-add: fma(a, b, c) = a·b + c rounded once (to nearest, ties to
 * even), as C's fma and the x86 FMA instructions compute it. JavaScript has no
 * fma, and a*b + c rounds twice, which can differ in the last bit (or
 * entirely: fma(1 + 2^-52, 1 − 2^-52, −1) = −2^-104, while a*b + c = 0).
 *
 * Fast path (Boldo & Melquiond, "Emulation of a FMA and correctly rounded sums:
 * proved algorithms using rounding to odd", IEEE Trans. Computers 57(4), 2008):
 * a·b = uh + ul exactly (Dekker's product with Veltkamp's splitting),
 * c + uh = th + tl exactly (Knuth's two-sum), v = tl + ul rounded to odd, and
 * th + v rounded to nearest is the correctly rounded a·b + c. Its premises (no
 * overflow in the splitting, no underflow in the product's error term, a
 * result far from the subnormal and overflow ranges) are checked; operands
 * outside them, which never occur in the logarithm, take an exact BigInt path.
 */

const SPLITTER = 134217729; // 2^27 + 1, Veltkamp's splitting constant
const TWO_POW_995 = 2 ** 995; // |x| below this: SPLITTER·x cannot overflow
const TWO_POW_1000 = 2 ** 1000;
const TWO_POW_M900 = 2 ** -900;
const TWO_POW_M960 = 2 ** -960;
const TWO_POW_M969 = 2 ** -969;

const view = new DataView(new ArrayBuffer(8));

/** a·b + c with a single rounding to nearest, ties to even. */
export function fma(a: number, b: number, c: number): number {
  // Infinite or NaN a or b: the exact product is ±∞ or NaN, so IEEE arithmetic is already right.
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a * b + c;
  // Finite product plus ±∞ or NaN is c.
  if (!Number.isFinite(c)) return c;
  // An exact zero product keeps its sign; zero + c is then exact but for the sign rule, which + applies.
  if (a === 0 || b === 0) return a * b + c;
  // A nonzero product plus a zero is the product, rounded once (an underflow keeps the product's sign).
  if (c === 0) return a * b;

  const absA = Math.abs(a), absB = Math.abs(b), absC = Math.abs(c);
  const uh = a * b;
  const absU = Math.abs(uh);
  if (
    absA < TWO_POW_995 && absB < TWO_POW_995 && absA >= TWO_POW_M969 && absB >= TWO_POW_M969 &&
    absU < TWO_POW_1000 && absU >= TWO_POW_M900 && absC < TWO_POW_1000
  ) {
    // a·b = uh + ul exactly (Dekker).
    const ca = SPLITTER * a, aHi = ca - (ca - a), aLo = a - aHi;
    const cb = SPLITTER * b, bHi = cb - (cb - b), bLo = b - bHi;
    const ul = aLo * bLo - (((uh - aHi * bHi) - aLo * bHi) - aHi * bLo);
    // c + uh = th + tl exactly (two-sum).
    const th = c + uh;
    const tv = th - c;
    const tl = (c - (th - tv)) + (uh - tv);
    const absT = Math.abs(th);
    if (absT >= TWO_POW_M960 && absT < TWO_POW_1000) return th + addRoundToOdd(tl, ul);
  }
  return fmaExact(a, b, c);
}

/** x + y rounded to odd: exact if representable, else whichever neighbour has an odd last bit. */
function addRoundToOdd(x: number, y: number): number {
  const s = x + y;
  const yv = s - x;
  const e = (x - (s - yv)) + (y - yv);
  if (e === 0) return s;
  view.setFloat64(0, s);
  const lo = view.getUint32(4);
  if (lo & 1) return s;
  // s is even and the exact sum lies between s and its neighbour towards e: step one unit to it.
  // (s ≠ 0 here, since a two-sum that rounds to zero is exact.)
  const hi = view.getUint32(0);
  if ((e > 0) === (s > 0)) {
    // Away from zero: add one to the 64-bit pattern (the low word is even, so no carry).
    view.setUint32(4, lo + 1);
  } else {
    // Towards zero: subtract one, borrowing from the high word when the low word is 0.
    if (lo === 0) {
      view.setUint32(0, hi - 1);
      view.setUint32(4, 0xffffffff);
    } else {
      view.setUint32(4, lo - 1);
    }
  }
  return view.getFloat64(0);
}

/** A finite double as m·2^e with an integer m (signed) and e ≥ −1074. */
function decompose(x: number): [bigint, number] {
  view.setFloat64(0, x);
  const hi = view.getUint32(0), lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biased !== 0) m |= 1n << 52n;
  return [hi >>> 31 ? -m : m, biased === 0 ? -1074 : biased - 1075];
}

/**
 * a·b + c for finite, nonzero a, b, c, computed exactly in BigInt and rounded
 * once: to nearest, ties to even, with gradual underflow and overflow to ±∞.
 */
function fmaExact(a: number, b: number, c: number): number {
  const [ma, ea] = decompose(a);
  const [mb, eb] = decompose(b);
  const [mc, ec] = decompose(c);
  const ep = ea + eb;
  const e0 = Math.min(ep, ec);
  const sum = ((ma * mb) << BigInt(ep - e0)) + (mc << BigInt(ec - e0));
  if (sum === 0n) return 0; // an exact cancellation is +0 when rounding to nearest
  const negative = sum < 0n;
  const mag = negative ? -sum : sum;
  const length = mag.toString(2).length;
  // The result's last bit: 53 significant bits, but never below 2^-1074.
  const q = Math.max(e0 + length - 53, -1074);
  let m: bigint;
  let exponent = q;
  if (q <= e0) {
    m = mag << BigInt(e0 - q);
  } else {
    const shift = BigInt(q - e0);
    m = mag >> shift;
    const rest = mag - (m << shift);
    const half = 1n << (shift - 1n);
    if (rest > half || (rest === half && (m & 1n) === 1n)) m += 1n;
    if (m === 1n << 53n) {
      m >>= 1n;
      exponent += 1;
    }
  }
  // m·2^exponent with m < 2^53; m < 2^52 only when exponent = −1074 (subnormal or zero field).
  let hi: number, lo: number;
  if (m < 1n << 52n) {
    hi = Number(m >> 32n);
    lo = Number(m & 0xffffffffn);
  } else {
    const biased = exponent + 1075;
    if (biased >= 2047) return negative ? -Infinity : Infinity;
    const fraction = m - (1n << 52n);
    hi = (biased << 20) | Number(fraction >> 32n);
    lo = Number(fraction & 0xffffffffn);
  }
  view.setUint32(0, (negative ? 0x80000000 | hi : hi) >>> 0);
  view.setUint32(4, lo);
  return view.getFloat64(0);
}
