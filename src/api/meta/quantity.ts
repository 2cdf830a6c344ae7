/**
 * @module resource.Quantity: parsing, exact arithmetic and upstream's canonical string form
 * (`1.5Gi` → `1536Mi`, `1000` → `1k`, `0.1` → `100m`); precision is capped at nano, rounding up.
 */

/** QuantityFormat is how the canonical form is written (upstream `resource.Format`). */
export type QuantityFormat = 'DecimalExponent' | 'BinarySI' | 'DecimalSI';

const decimalSuffixes: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const binarySuffixes: Readonly<Record<string, number>> = {
  Ki: 10,
  Mi: 20,
  Gi: 30,
  Ti: 40,
  Pi: 50,
  Ei: 60,
};

const pow = (base: bigint, exp: number): bigint => base ** BigInt(exp);
const minScale = -9;

/** Quantity is an exact decimal `mantissa × 10^scale` with the format it was written in. */
export class Quantity {
  readonly mantissa: bigint;
  readonly scale: number;
  readonly format: QuantityFormat;

  constructor(mantissa: bigint, scale: number, format: QuantityFormat) {
    this.mantissa = mantissa;
    this.scale = scale;
    this.format = format;
  }

  /** scaledValue is upstream `ScaledValue(scale)`: the value in units of 10^scale, rounded up. */
  scaledValue(scale: number): bigint {
    const diff = this.scale - scale;
    if (diff >= 0) return this.mantissa * pow(10n, diff);
    const div = pow(10n, -diff);
    const q = this.mantissa / div;
    const rem = this.mantissa % div;
    if (rem === 0n) return q;
    return this.mantissa > 0n ? q + 1n : q - 1n;
  }

  /** value is the integer value, rounded up (upstream `Value()`). */
  value(): bigint {
    return this.scaledValue(0);
  }

  /** milliValue is the value in thousandths, rounded up (upstream `MilliValue()`). */
  milliValue(): bigint {
    return this.scaledValue(-3);
  }

  /** sign is -1, 0 or 1. */
  sign(): number {
    return this.mantissa === 0n ? 0 : this.mantissa > 0n ? 1 : -1;
  }

  isZero(): boolean {
    return this.mantissa === 0n;
  }

  /** cmp compares exactly: -1, 0 or 1. */
  cmp(other: Quantity): number {
    const scale = Math.min(this.scale, other.scale);
    const a = this.scaledValue(scale);
    const b = other.scaledValue(scale);
    return a === b ? 0 : a < b ? -1 : 1;
  }

  /** add returns this + other, keeping this quantity's format. */
  add(other: Quantity): Quantity {
    const scale = Math.min(this.scale, other.scale);
    return new Quantity(this.scaledValue(scale) + other.scaledValue(scale), scale, this.format);
  }

  /** sub returns this - other, keeping this quantity's format. */
  sub(other: Quantity): Quantity {
    return this.add(new Quantity(-other.mantissa, other.scale, other.format));
  }

  /** toString is upstream's canonical form. */
  toString(): string {
    if (this.mantissa === 0n) return '0';
    let format = this.format;
    if (format === 'BinarySI') {
      const exact = this.isInteger();
      const small = this.cmp(fromInt(-1024n)) > 0 && this.cmp(fromInt(1024n)) < 0;
      if (small || !exact) format = 'DecimalSI';
    }
    if (format === 'BinarySI') {
      let amount = this.value();
      let exp = 0;
      while (amount % 1024n === 0n && exp < 60) {
        amount /= 1024n;
        exp += 10;
      }
      const suffix = Object.entries(binarySuffixes).find(([, e]) => e === exp)?.[0] ?? '';
      return `${amount}${suffix}`;
    }
    let amount = this.mantissa;
    let exponent = this.scale;
    while (amount % 10n === 0n) {
      amount /= 10n;
      exponent++;
    }
    const mod = ((exponent % 3) + 3) % 3;
    amount *= pow(10n, mod);
    exponent -= mod;
    if (format === 'DecimalExponent') return exponent === 0 ? `${amount}` : `${amount}e${exponent}`;
    const suffix = Object.entries(decimalSuffixes).find(([, e]) => e === exponent)?.[0];
    return suffix === undefined ? `${amount}e${exponent}` : `${amount}${suffix}`;
  }

  toJSON(): string {
    return this.toString();
  }

  private isInteger(): boolean {
    return this.scale >= 0 || this.mantissa % pow(10n, -this.scale) === 0n;
  }
}

function fromInt(v: bigint): Quantity {
  return new Quantity(v, 0, 'DecimalSI');
}

const quantityRe = /^([+-]?)(\d*)(?:\.(\d*))?(.*)$/;

/** QuantityParseError is thrown for malformed quantities (upstream `ErrFormatWrong`/`ErrSuffix`). */
export class QuantityParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QuantityParseError';
  }
}

function parseSuffix(
  suffix: string,
): { base10exp: number; base2exp: number; format: QuantityFormat } | undefined {
  const dec = decimalSuffixes[suffix];
  if (dec !== undefined) return { base10exp: dec, base2exp: 0, format: 'DecimalSI' };
  const bin = binarySuffixes[suffix];
  if (bin !== undefined) return { base10exp: 0, base2exp: bin, format: 'BinarySI' };
  const m = /^[eE]([+-]?\d+)$/.exec(suffix);
  if (m) return { base10exp: Number(m[1]), base2exp: 0, format: 'DecimalExponent' };
  return undefined;
}

/** parseQuantity parses `100m`, `1.5Gi`, `2e3`, `64`, or a JSON number; throws on bad input. */
export function parseQuantity(input: string | number): Quantity {
  const s = typeof input === 'number' ? numberToString(input) : input;
  if (s.length === 0)
    throw new QuantityParseError(
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    );
  const m = quantityRe.exec(s);
  const whole = m?.[2] ?? '';
  const frac = m?.[3] ?? '';
  if (!m || whole.length + frac.length === 0) {
    throw new QuantityParseError(
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    );
  }
  const parsed = parseSuffix(m[4] ?? '');
  if (!parsed) throw new QuantityParseError("unable to parse quantity's suffix");
  const negative = m[1] === '-';
  let mantissa = BigInt(`${whole}${frac}` || '0');
  let scale = parsed.base10exp - frac.length;
  if (parsed.base2exp > 0) mantissa *= pow(2n, parsed.base2exp);
  if (scale < minScale) {
    // Upstream keeps at most nano precision and rounds up.
    const q = new Quantity(mantissa, scale, parsed.format);
    mantissa = q.scaledValue(minScale);
    scale = minScale;
  }
  return new Quantity(negative ? -mantissa : mantissa, scale, parsed.format);
}

function numberToString(n: number): string {
  if (!Number.isFinite(n)) throw new QuantityParseError('quantities must be finite numbers');
  return String(n).replace('e+', 'e');
}

/** isValidQuantity reports whether `parseQuantity` would accept the input. */
export function isValidQuantity(input: unknown): boolean {
  if (typeof input !== 'string' && typeof input !== 'number') return false;
  try {
    parseQuantity(input);
    return true;
  } catch {
    return false;
  }
}
