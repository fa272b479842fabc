import { COMMITMENT_MODEL, DEFAULT_MIN_CONFIDENCE, fitCalibration, logit, probability, reasons, rocAuc, sigmoid, trainLogistic, type Example } from './commitment-model';

/** 'good' mostly on positives, 'bad' mostly on negatives, 'noise' on both alike. */
function toyExamples(): Example[] {
  const out: Example[] = [];
  for (let i = 0; i < 40; i++) {
    const positive = i % 2 === 0;
    const features: Record<string, number> = { noise: 1 };
    if (positive ? i % 10 !== 0 : i % 10 === 1) features.good = 1;
    if (!positive ? i % 10 !== 1 : i % 10 === 0) features.bad = 1;
    out.push({ features, label: positive ? 1 : 0 });
  }
  return out;
}

describe('logistic regression', () => {
  it('learns the sign of each feature and nothing from noise', () => {
    const fit = trainLogistic(toyExamples(), 1);
    expect(fit.weights.good).toBeGreaterThan(1);
    expect(fit.weights.bad).toBeLessThan(-1);
    expect(Math.abs(fit.weights.noise)).toBeLessThan(Math.abs(fit.weights.good) / 2);
  });

  it('is deterministic: the same examples give the same weights, and another order the same optimum', () => {
    const a = trainLogistic(toyExamples(), 1);
    expect(trainLogistic(toyExamples(), 1)).toEqual(a);
    const b = trainLogistic([...toyExamples()].reverse(), 1);
    for (const name of Object.keys(a.weights)) expect(b.weights[name]).toBeCloseTo(a.weights[name], 3);
  });

  it('shrinks weights as the L2 penalty grows', () => {
    const [small, large] = [0.1, 30].map((l2) => trainLogistic(toyExamples(), l2));
    expect(Math.abs(large.weights.good)).toBeLessThan(Math.abs(small.weights.good));
  });

  it('counts weighted examples as that much of one', () => {
    const one = trainLogistic([{ features: { a: 1 }, label: 1 }, { features: { a: 1 }, label: 0, weight: 3 }], 0.01);
    expect(sigmoid(one.bias + one.weights.a)).toBeCloseTo(0.25, 2);
  });
});

describe('scoring and explaining', () => {
  const model = { ...COMMITMENT_MODEL, bias: -1, weights: { strong: 2, weak: 0.5, against: -1.5 }, calibration: { a: 1, b: 0 } };

  it.each<[Record<string, number>, number]>([
    [{}, -1],
    [{ strong: 1 }, 1],
    [{ strong: 1, against: 1 }, -0.5],
    [{ unknown: 1, weak: 1 }, -0.5],
  ])('logit of %j is %d', (features, z) => {
    expect(logit(model, features)).toBeCloseTo(z, 10);
    expect(probability(model, features)).toBeCloseTo(sigmoid(z), 10);
  });

  it('gives the features that weighed most, strongest first, with their signed weight', () => {
    expect(reasons(model, { weak: 1, against: 1, strong: 1, unknown: 1 })).toEqual(['strong +2.00', 'against -1.50', 'weak +0.50']);
    expect(reasons(model, { weak: 1, against: 1, strong: 1 }, 1)).toEqual(['strong +2.00']);
  });

  it('calibrates scores with Platt scaling: a rising curve through the data', () => {
    const scores = [-3, -2, -1, -0.5, 0, 0.5, 1, 2, 3, 4];
    const labels: Array<0 | 1> = [0, 0, 0, 1, 0, 1, 0, 1, 1, 1];
    const { a, b } = fitCalibration(scores, labels);
    expect(a).toBeGreaterThan(0);
    expect(sigmoid(a * 3 + b)).toBeGreaterThan(0.8);
    expect(sigmoid(a * -3 + b)).toBeLessThan(0.2);
  });
});

describe('ROC AUC', () => {
  it.each<[number[], Array<0 | 1>, number]>([
    [[0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1], 1],
    [[0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1], 0],
    [[0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1], 0.5],
    [[0.1, 0.6, 0.4, 0.9], [0, 0, 1, 1], 0.75],
  ])('%j with labels %j -> %d', (scores, labels, auc) => {
    expect(rocAuc(scores, labels)).toBeCloseTo(auc, 10);
  });
});

describe('the committed model', () => {
  it('is a readable table: finite weights by feature name, a calibration and a default threshold', () => {
    expect(Object.keys(COMMITMENT_MODEL.weights).length).toBeGreaterThan(20);
    for (const [name, w] of Object.entries(COMMITMENT_MODEL.weights)) expect({ name, finite: Number.isFinite(w) }).toEqual({ name, finite: true });
    expect(COMMITMENT_MODEL.calibration.a).toBeGreaterThan(0);
    expect(DEFAULT_MIN_CONFIDENCE).toBe(COMMITMENT_MODEL.threshold);
    expect(DEFAULT_MIN_CONFIDENCE).toBeGreaterThan(0);
    expect(DEFAULT_MIN_CONFIDENCE).toBeLessThan(1);
  });

  it('weighs a future undertaking by a government for, and past tense and first-person-singular talk against', () => {
    const w = COMMITMENT_MODEL.weights;
    expect(w['anchor:future']).toBeGreaterThan(0);
    expect(w['future+actor+action']).toBeGreaterThan(0);
    expect(w['anchor:finite']).toBeLessThan(0);
    expect(w['future+subject:i'] ?? 0).toBeLessThan(w['future+subject:government'] ?? 0);
  });
});
