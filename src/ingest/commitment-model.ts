/**
 * The commitment model: logistic regression over named features (commitment-features.ts),
 * its weights in commitment-weights.json (feature name -> weight), trained by
 * `npm run train:extract` (scripts/train-extract.ts). Scores are calibrated (Platt scaling on
 * cross-validated scores), so a confidence of 0.7 means about 7 in 10 such sentences were
 * commitments in the annotated corpus.
 *
 * Training is deterministic: Newton's method on the L2-penalised log-likelihood, features in
 * sorted order, no random start. Pure: no I/O.
 */
import type { Features } from './commitment-features';
import weightsFile from './commitment-weights.json';

export interface CommitmentModel {
  /** What it was trained on and how; for people reading the file. */
  about: string;
  bias: number;
  weights: Record<string, number>;
  /** p = sigmoid(a * (bias + w.x) + b) */
  calibration: { a: number; b: number };
  /** The default minConfidence: the threshold chosen from the precision/recall table. */
  threshold: number;
  l2: number;
}

export interface Example {
  features: Features;
  label: 0 | 1;
  /** Defaults to 1. */
  weight?: number;
}

export const COMMITMENT_MODEL: CommitmentModel = weightsFile as CommitmentModel;

/** The default `minConfidence` of ingest: candidates below it are not proposed. */
export const DEFAULT_MIN_CONFIDENCE = COMMITMENT_MODEL.threshold;

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** The uncalibrated score (log-odds) of a feature set. */
export function logit(model: Pick<CommitmentModel, 'bias' | 'weights'>, features: Features): number {
  let z = model.bias;
  for (const name in features) {
    const w = model.weights[name];
    if (w !== undefined) z += w * features[name];
  }
  return z;
}

/** Calibrated probability that the sentence is a commitment. */
export function probability(model: CommitmentModel, features: Features): number {
  return sigmoid(model.calibration.a * logit(model, features) + model.calibration.b);
}

/**
 * The features that weighed most, strongest first, as "name +1.23" / "name -0.80": why the
 * model proposed (or nearly dropped) the sentence.
 */
export function reasons(model: Pick<CommitmentModel, 'weights'>, features: Features, count = 4): string[] {
  return Object.keys(features)
    .filter((n) => model.weights[n])
    .map((n) => ({ n, c: model.weights[n] * features[n] }))
    .sort((x, y) => Math.abs(y.c) - Math.abs(x.c) || x.n.localeCompare(y.n))
    .slice(0, count)
    .map(({ n, c }) => `${n} ${c >= 0 ? '+' : ''}${c.toFixed(2)}`);
}

/** Solves A x = b for a symmetric positive definite A (Cholesky). */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const L = A.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i][j];
      for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
      L[i][j] = i === j ? Math.sqrt(Math.max(s, 1e-12)) : s / L[j][j];
    }
  }
  const y = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i][k] * y[k];
    y[i] = s / L[i][i];
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= L[k][i] * x[k];
    x[i] = s / L[i][i];
  }
  return x;
}

/**
 * Fits weights by Newton's method on the L2-penalised log-likelihood (the bias is not
 * penalised). Same examples, same weights: no randomness, features in sorted order.
 */
export function trainLogistic(examples: Example[], l2: number, iterations = 15): { bias: number; weights: Record<string, number> } {
  const names = Array.from(new Set(examples.flatMap((e) => Object.keys(e.features)))).sort();
  const index = new Map(names.map((n, i) => [n, i + 1]));
  const d = names.length + 1; // 0 = bias
  const rows = examples.map((e) => {
    const idx = [0];
    const val = [1];
    for (const n of Object.keys(e.features).sort()) {
      idx.push(index.get(n)!);
      val.push(e.features[n]);
    }
    return { idx, val, y: e.label, w: e.weight ?? 1 };
  });
  const beta = new Array<number>(d).fill(0);
  for (let it = 0; it < iterations; it++) {
    const grad = new Array<number>(d).fill(0);
    const H = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    for (const r of rows) {
      let z = 0;
      for (let k = 0; k < r.idx.length; k++) z += beta[r.idx[k]] * r.val[k];
      const p = sigmoid(z);
      const g = r.w * (p - r.y);
      const h = r.w * p * (1 - p);
      for (let a = 0; a < r.idx.length; a++) {
        grad[r.idx[a]] += g * r.val[a];
        for (let b = 0; b < r.idx.length; b++) H[r.idx[a]][r.idx[b]] += h * r.val[a] * r.val[b];
      }
    }
    for (let j = 1; j < d; j++) {
      grad[j] += l2 * beta[j];
      H[j][j] += l2;
    }
    H[0][0] += 1e-6;
    const step = solve(H, grad);
    let change = 0;
    for (let j = 0; j < d; j++) {
      beta[j] -= step[j];
      change = Math.max(change, Math.abs(step[j]));
    }
    if (change < 1e-6) break;
  }
  const weights: Record<string, number> = {};
  names.forEach((n, i) => {
    weights[n] = Math.round(beta[i + 1] * 1e4) / 1e4;
  });
  return { bias: Math.round(beta[0] * 1e4) / 1e4, weights };
}

/** Platt scaling: a, b such that sigmoid(a * score + b) fits the labels. */
export function fitCalibration(scores: number[], labels: Array<0 | 1>): { a: number; b: number } {
  const fit = trainLogistic(
    scores.map((s, i) => ({ features: { score: s }, label: labels[i] })),
    1e-3,
  );
  return { a: fit.weights.score ?? 1, b: fit.bias };
}

/** Area under the ROC curve (ties count half). */
export function rocAuc(scores: number[], labels: Array<0 | 1>): number {
  const pairs = scores.map((s, i) => ({ s, y: labels[i] })).sort((a, b) => a.s - b.s);
  let rankSum = 0;
  let pos = 0;
  for (let i = 0; i < pairs.length; ) {
    let j = i;
    while (j < pairs.length && pairs[j].s === pairs[i].s) j++;
    const avgRank = (i + j + 1) / 2;
    for (let k = i; k < j; k++) if (pairs[k].y === 1) {
      rankSum += avgRank;
      pos++;
    }
    i = j;
  }
  const neg = pairs.length - pos;
  if (!pos || !neg) return NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}
