// Multinomial logistic regression over sparse features, trained with SGD and L2, with a
// temperature that calibrates its probabilities (fitted by cross-validation in classifier.ts).
export interface SparseVector {
  indices: number[];
  values: number[];
}

export class SoftmaxModel {
  readonly classes: number;
  readonly features: number;
  readonly #weights: Float64Array;
  readonly #bias: Float64Array;
  temperature = 1;

  constructor(classes: number, features: number) {
    this.classes = classes;
    this.features = features;
    this.#weights = new Float64Array(classes * features);
    this.#bias = new Float64Array(classes);
  }

  logits(x: SparseVector): Float64Array {
    const out = new Float64Array(this.classes);
    for (let c = 0; c < this.classes; c += 1) {
      let sum = this.#bias[c]!;
      const offset = c * this.features;
      for (let k = 0; k < x.indices.length; k += 1) sum += this.#weights[offset + x.indices[k]!]! * x.values[k]!;
      out[c] = sum;
    }
    return out;
  }

  probabilities(x: SparseVector, temperature = this.temperature): Float64Array {
    return softmax(this.logits(x), temperature);
  }

  train(samples: { x: SparseVector; y: number }[], options: { epochs: number; learningRate: number; l2: number; seed: number }): void {
    const order = samples.map((_, i) => i);
    let random = options.seed;
    const next = () => {
      random = (random * 1_103_515_245 + 12_345) % 2_147_483_648;
      return random / 2_147_483_648;
    };
    for (let epoch = 0; epoch < options.epochs; epoch += 1) {
      for (let i = order.length - 1; i > 0; i -= 1) {
        const j = Math.floor(next() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      const rate = options.learningRate / (1 + epoch * 0.15);
      for (const index of order) {
        const { x, y } = samples[index]!;
        const p = this.probabilities(x, 1);
        for (let c = 0; c < this.classes; c += 1) {
          const gradient = p[c]! - (c === y ? 1 : 0);
          if (Math.abs(gradient) < 1e-6) continue;
          const offset = c * this.features;
          for (let k = 0; k < x.indices.length; k += 1) {
            const w = offset + x.indices[k]!;
            this.#weights[w] = this.#weights[w]! - rate * (gradient * x.values[k]! + options.l2 * this.#weights[w]!);
          }
          this.#bias[c] = this.#bias[c]! - rate * gradient;
        }
      }
    }
  }
}

export function softmax(logits: Float64Array, temperature = 1): Float64Array {
  let max = -Infinity;
  for (const value of logits) max = Math.max(max, value / temperature);
  const out = new Float64Array(logits.length);
  let sum = 0;
  for (let i = 0; i < logits.length; i += 1) {
    out[i] = Math.exp(logits[i]! / temperature - max);
    sum += out[i]!;
  }
  for (let i = 0; i < out.length; i += 1) out[i] = out[i]! / sum;
  return out;
}
