// A fixed-memory log-linear histogram for simulated latencies, in the same
// encoding as the engine's (native/core/histogram.hpp): values below 2^(b+1)
// ns are counted exactly, and above, every power of two splits into 2^b
// buckets (b = 6: at most 1.6% relative bucket width). Memory does not grow
// with the number of values, so a simulation of any length streams into it.

const MAX_VALUE_BITS = 62;
const SUB_BUCKET_BITS = 6;

export type Bucket = [lowNs: number, highNs: number, count: number];

export class StreamingHistogram {
  private readonly subBuckets: number;
  private readonly counts: Float64Array;
  private total = 0;
  private sum = 0;
  private smallest = Infinity;
  private largest = -Infinity;

  constructor(readonly subBucketBits = SUB_BUCKET_BITS) {
    this.subBuckets = 2 ** subBucketBits;
    this.counts = new Float64Array(2 * this.subBuckets + (MAX_VALUE_BITS - subBucketBits) * this.subBuckets);
  }

  get count(): number {
    return this.total;
  }

  get meanNs(): number {
    return this.total ? this.sum / this.total : Number.NaN;
  }

  get minNs(): number {
    return this.total ? this.smallest : Number.NaN;
  }

  get maxNs(): number {
    return this.total ? this.largest : Number.NaN;
  }

  indexOf(valueNs: number): number {
    const value = Math.min(Math.max(0, Math.round(valueNs)), 2 ** (MAX_VALUE_BITS + 1) - 1);
    const s = this.subBuckets;
    if (value < 2 * s) return value;
    const exponent = Math.floor(Math.log2(value));
    // Math.log2 can round up at an exact power of two minus a little: correct it.
    const e = 2 ** exponent > value ? exponent - 1 : exponent;
    const sub = Math.floor(value / 2 ** (e - this.subBucketBits)) - s;
    return 2 * s + (e - this.subBucketBits - 1) * s + sub;
  }

  lowerBound(index: number): number {
    const s = this.subBuckets;
    if (index < 2 * s) return index;
    const k = Math.floor((index - 2 * s) / s);
    return (s + ((index - 2 * s) % s)) * 2 ** (k + 1);
  }

  upperBound(index: number): number {
    const s = this.subBuckets;
    if (index < 2 * s) return index + 1;
    return this.lowerBound(index) + 2 ** (Math.floor((index - 2 * s) / s) + 1);
  }

  record(valueNs: number): void {
    this.counts[this.indexOf(valueNs)]! += 1;
    this.total += 1;
    this.sum += valueNs;
    if (valueNs < this.smallest) this.smallest = valueNs;
    if (valueNs > this.largest) this.largest = valueNs;
  }

  /**
   * Nearest-rank quantile: the middle of the bucket holding the rank (exact
   * below 2^(b+1) ns), clamped to the smallest and largest value recorded.
   */
  quantile(q: number): number {
    if (this.total === 0) return Number.NaN;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) {
        const low = this.lowerBound(i),
          high = this.upperBound(i);
        const middle = high - low <= 1 ? low : (low + high) / 2;
        return Math.min(this.largest, Math.max(this.smallest, middle));
      }
    }
    return this.largest;
  }

  /** Non-empty buckets as [lowNs, highNs, count], ascending: the results document's encoding. */
  buckets(): Bucket[] {
    const out: Bucket[] = [];
    for (let i = 0; i < this.counts.length; i++) {
      const n = this.counts[i]!;
      if (n > 0) out.push([this.lowerBound(i), this.upperBound(i), n]);
    }
    return out;
  }

  clear(): void {
    this.counts.fill(0);
    this.total = 0;
    this.sum = 0;
    this.smallest = Infinity;
    this.largest = -Infinity;
  }
}
