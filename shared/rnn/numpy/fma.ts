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
 * result far from the subnormal and overflow ranges) are checked. The
 * logarithm, its only caller, keeps every operand well inside them (its
 * reduced argument is below 2^-7, its constants are of order 1, its results
 * of order 1000 at most), so operands outside are a programming error and
 * throw, rather than take a slow exact path that nothing reaches.
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
    // An exact cancellation of c and the product's high part leaves the two exact error terms: one rounding.
    if (th === 0) return tl + ul;
  }
  throw new RangeError(`fma(${a}, ${b}, ${c}): operands outside the range where the emulation is exact (the logarithm never passes them)`);
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
