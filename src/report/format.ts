// Numbers as Python's `%` formatting prints them, shared by the text and diff reports so
// that the same time reads the same in both. Pure.
//
// Python's `%d`, `%.Nf`, `%.Ne` and `%.Ng`, digit for digit. Number.toFixed rounds ties
// away from zero (0.25 -> "0.3") where Python rounds the exact binary value half to even
// ("0.2"), and line_profiler's numbers hit such ties (250 ns in microseconds), so the
// rounding is done here on the exact value with bigints.

export function formatInteger(value: number): string {
  return Number.isFinite(value) ? BigInt(Math.trunc(value)).toString() : formatSpecial(value);
}

/** `%{width}.{precision}f` */
export function formatFixed(value: number, precision: number, width = 0): string {
  if (!Number.isFinite(value)) return formatSpecial(value).padStart(width);
  const digits = roundScaled(value, precision).toString().padStart(precision + 1, '0');
  const cut = digits.length - precision;
  const text = precision === 0 ? digits : `${digits.slice(0, cut)}.${digits.slice(cut)}`;
  return (signOf(value) + text).padStart(width);
}

/** `%{width}.{precision}g` */
export function formatGeneral(value: number, precision = 6, width = 0): string {
  if (!Number.isFinite(value)) return formatSpecial(value).padStart(width);
  const p = Math.max(precision, 1);
  const [mantissa, exponent] = scientific(value, p - 1);
  let text: string;
  if (exponent >= -4 && exponent < p) {
    text = formatFixed(value, p - 1 - exponent);
  } else {
    const sign = exponent < 0 ? '-' : '+';
    text = `${signOf(value)}${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  // %g drops trailing zeros, then a trailing decimal point.
  if (text.includes('.')) text = text.replace(/(\.\d*?)0+(?=$|e)/, '$1').replace(/\.(?=$|e)/, '');
  return text.padStart(width);
}

/** Digits `d.ddd` (precision after the point) and exponent of |value|, as `%e` rounds them. */
function scientific(value: number, precision: number): [string, number] {
  if (value === 0) return [precision === 0 ? '0' : `0.${'0'.repeat(precision)}`, 0];
  let exponent = Math.floor(Math.log10(Math.abs(value)));
  // log10 can be off by one near powers of ten, and rounding can carry into a new digit.
  for (;;) {
    const digits = roundScaled(value, precision - exponent).toString();
    if (digits.length > precision + 1) exponent += 1;
    else if (digits.length < precision + 1) exponent -= 1;
    else return [precision === 0 ? digits : `${digits[0]}.${digits.slice(1)}`, exponent];
  }
}

/** |value| × 10^places rounded half to even, computed on the exact binary value. */
function roundScaled(value: number, places: number): bigint {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(value));
  const high = view.getUint32(0);
  const biased = (high >>> 20) & 0x7ff;
  const fraction = (BigInt(high & 0xfffff) << 32n) | BigInt(view.getUint32(4));
  // |value| = mantissa × 2^power; subnormals (biased 0) have no implicit leading bit.
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const power = (biased === 0 ? 1 : biased) - 1075;
  let numerator = mantissa * (places >= 0 ? 10n ** BigInt(places) : 1n);
  let denominator = places < 0 ? 10n ** BigInt(-places) : 1n;
  if (power >= 0) numerator <<= BigInt(power);
  else denominator <<= BigInt(-power);
  const quotient = numerator / denominator;
  const twiceRest = 2n * (numerator % denominator);
  const up = twiceRest > denominator || (twiceRest === denominator && quotient % 2n === 1n);
  return up ? quotient + 1n : quotient;
}

function signOf(value: number): string {
  return value < 0 || Object.is(value, -0) ? '-' : '';
}

function formatSpecial(value: number): string {
  return Number.isNaN(value) ? 'nan' : value > 0 ? 'inf' : '-inf';
}
