/**
 * Money, exactly: amounts in integer cents (bigint), rounding half-up, as
 * the database rounds them; the one copy every area's tests compute with.
 */

/** "12.35", 12.35 or "12" → 1235n cents. Refuses more than 2 decimals. */
export function cents(value: string | number): bigint {
  const text = typeof value === "number" ? value.toFixed(2) : value.trim();
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) throw new Error(`not an amount with at most 2 decimals: ${value}`);
  const [, sign, whole = "0", fraction = ""] = match;
  const amount = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, "0"));
  return sign === "-" ? -amount : amount;
}

/** 1235n → 12.35 (the JSON number a jsonb numeric 12.35 parses to). */
export function asNumber(amount: bigint): number {
  return Number(amount) / 100;
}

/** numerator / denominator for non-negative integers, rounded half-up (away from zero). */
export function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (numerator < 0n || denominator <= 0n) throw new Error("divideHalfUp takes non-negative amounts");
  return (2n * numerator + denominator) / (2n * denominator);
}

/** numerator / denominator for any sign of numerator, rounded half-up (away from zero): a refund's share of a line. */
export function shareHalfUp(numerator: bigint, denominator: bigint): bigint {
  return numerator >= 0n ? divideHalfUp(numerator, denominator) : -divideHalfUp(-numerator, denominator);
}

/** Tax in cents on a net amount in cents at a percentage with at most 2 decimals (13 → 13%), half-up. */
export function taxOf(netCents: bigint, ratePercent: string | number): bigint {
  const rateHundredths = cents(ratePercent); // 13 → 1300 hundredths of a percent
  return divideHalfUp(netCents * rateHundredths, 10_000n);
}

/** Banker's rounding (half-even) of the same tax, to show a case where the two differ. */
export function taxHalfEven(netCents: bigint, ratePercent: string | number): bigint {
  const numerator = netCents * cents(ratePercent);
  const quotient = numerator / 10_000n;
  const remainder = numerator % 10_000n;
  if (remainder * 2n > 10_000n) return quotient + 1n;
  if (remainder * 2n < 10_000n) return quotient;
  return quotient % 2n === 0n ? quotient : quotient + 1n;
}
