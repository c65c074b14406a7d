/**
 * The natural logarithm rounded correctly (but for astronomically rare ties),
 * for the polar method of NumPy-identical normals. C's log (glibc) rounds
 * almost always correctly, while Math.log (fdlibm in V8) is off by one unit in
 * the last place for about 3% of arguments, which would make about 3% of the
 * initial weights differ from a NumPy run in their last bit.
 *
 * Method: x = 2^k·m with m ∈ [√½, √2), log m = 2·atanh(u) with u = (m−1)/(m+1),
 * whose leading term 2u is carried as an exact double-double (Dekker's
 * products, no FMA needed) and whose tail 2u³/3 + 2u⁵/5 + … (at most 1% of the
 * result) is summed in plain doubles; the parts are added with an exact
 * two-sum and rounded once.
 */

// ln 2 split so that k·LN2_HI is exact for every exponent k (fdlibm's constants).
const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
const SPLITTER = 134217729; // 2^27 + 1, Dekker's splitting constant
const SQRT_HALF = Math.SQRT1_2;

const bits = new DataView(new ArrayBuffer(8));

/** log(x). Exact-rounding path for positive normal x; anything else defers to Math.log. */
export function log(x: number): number {
  if (!(x >= 2.2250738585072014e-308 && x < Infinity)) return Math.log(x);
  // x = 2^k · m with m ∈ [1, 2), read from the bits.
  bits.setFloat64(0, x);
  const high = bits.getUint32(0);
  let k = (high >>> 20) - 1023;
  bits.setUint32(0, (high & 0x000fffff) | 0x3ff00000);
  let m = bits.getFloat64(0);
  if (m > 2 * SQRT_HALF) {
    m /= 2;
    k += 1;
  }
  const f = m - 1; // exact (Sterbenz)
  // d = 2 + f as a double-double (d_hi + d_lo), exact.
  const dHi = 2 + f;
  const dLo = f - (dHi - 2);
  // u = f / d as a double-double: u_hi rounded, u_lo from the exact remainder f − u_hi·d.
  const uHi = f / dHi;
  const [pHi, pLo] = twoProduct(uHi, dHi);
  const uLo = (f - pHi - pLo - uHi * dLo) / dHi;
  // The atanh tail 2u³(1/3 + u²/5 + u⁴/7 + …), to u^23: each later term is below 2^-60 of the result.
  const u2 = uHi * uHi;
  let series = 1 / 23;
  for (let n = 21; n >= 3; n -= 2) series = 1 / n + u2 * series;
  const tail = 2 * uHi * u2 * series;
  // k·ln2 + 2u: add the two large parts exactly, then everything small, then round once.
  const a = k * LN2_HI, b = 2 * uHi;
  const sum = a + b;
  const bVirtual = sum - a;
  const error = a - (sum - bVirtual) + (b - bVirtual);
  return sum + (error + (k * LN2_LO + (2 * uLo + tail)));
}

/** a·b = hi + lo exactly (Dekker). */
function twoProduct(a: number, b: number): [number, number] {
  const hi = a * b;
  const ca = SPLITTER * a, aHi = ca - (ca - a), aLo = a - aHi;
  const cb = SPLITTER * b, bHi = cb - (cb - b), bLo = b - bHi;
  const lo = aLo * bLo - (((hi - aHi * bHi) - aLo * bHi) - aHi * bLo);
  return [hi, lo];
}
