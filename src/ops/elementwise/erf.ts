/**
 * The error function in double precision (JavaScript has no Math.erf), for gelu. |z| < 2.5: the series
 * erf(z) = 2/√π · e^(−z²) · Σ 2ⁿ z^(2n+1) / (1·3·…·(2n+1)), whose terms are all of one sign (no cancellation);
 * beyond: erfc from its continued fraction e^(−z²)/√π · 1/(z + ½/(z + 1/(z + (3/2)/(z + …)))), evaluated from
 * a fixed depth. Within a few ulp of a correctly rounded erf.
 */
const twoOverSqrtPi = 1.1283791670955126;
const oneOverSqrtPi = 0.5641895835477563;
const seriesLimit = 2.5;
const fractionDepth = 60;

/** erf(z). */
export function erf(z: number): number {
  if (Number.isNaN(z)) return z;
  const a = Math.abs(z);
  if (a < seriesLimit) return erfSeries(z);
  const tail = erfcTail(a);
  return z > 0 ? 1 - tail : tail - 1;
}

function erfSeries(z: number): number {
  const z2 = z * z;
  let term = z;
  let sum = z;
  for (let n = 0; n < 200; n++) {
    term *= (2 * z2) / (2 * n + 3);
    sum += term;
    if (Math.abs(term) <= 1e-17 * Math.abs(sum)) break;
  }
  return twoOverSqrtPi * Math.exp(-z2) * sum;
}

/** erfc(z) for z ≥ 2.5 by the continued fraction; 0 once e^(−z²) underflows. */
function erfcTail(z: number): number {
  if (z > 27) return 0;
  let t = z;
  for (let k = fractionDepth; k >= 1; k--) t = z + k / 2 / t;
  return (oneOverSqrtPi * Math.exp(-z * z)) / t;
}
