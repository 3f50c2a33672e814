/**
 * The generator's only source of randomness: sfc32 (Chris Doty-Humphrey's "Small Fast
 * Chaotic" generator from PractRand, 128 bits of state, 32-bit output), restartable at
 * any (seed, stream) pair. Each household is its own stream, so household n can be made
 * without making households 0..n-1 and a run can start at any offset.
 */

// Chris Wellons' "lowbias32" integer hash: spreads nearby seeds and stream numbers
// (0, 1, 2, …) over the whole state space before sfc32 ever sees them.
const hash32 = (x: number): number => {
  x ^= x >>> 16
  x = Math.imul(x, 0x7feb352d)
  x ^= x >>> 15
  x = Math.imul(x, 0x846ca68b)
  x ^= x >>> 16
  return x >>> 0
}

const twoPow32 = 4294967296

export class Random {
  private a = 0
  private b = 0
  private c = 0
  private d = 0

  constructor(seed: number, stream = 0) {
    this.reset(seed, stream)
  }

  /** Restarts at the beginning of stream `stream` of `seed` (both non-negative safe integers). */
  reset(seed: number, stream: number): void {
    const seedLo = seed >>> 0
    const seedHi = Math.floor(seed / twoPow32) >>> 0
    const streamLo = stream >>> 0
    const streamHi = Math.floor(stream / twoPow32) >>> 0
    this.a = hash32(seedLo ^ 0x9e3779b9)
    this.b = hash32(seedHi ^ this.a)
    this.c = hash32(streamLo ^ this.b)
    this.d = hash32(streamHi ^ this.c ^ 0x85ebca6b)
    // PractRand seeds sfc32 and discards 12 outputs; the hashed state needs no more.
    for (let i = 0; i < 12; i++) this.uint32()
  }

  /** A uniform 32-bit unsigned integer. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return t >>> 0
  }

  /** A uniform number in [0, 1). */
  float(): number {
    return this.uint32() / twoPow32
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n)
  }

  /** A uniform integer in [min, max], both included. */
  between(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1))
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.float() < p
  }

  /** A standard normal draw (Box–Muller; the second value is dropped to keep no state). */
  normal(): number {
    const u = 1 - this.float()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.float())
  }

  /** An index into `cumulative` (ascending, last entry 1) drawn with those probabilities. */
  pick(cumulative: ArrayLike<number>): number {
    const u = this.float()
    let i = 0
    while (i < cumulative.length - 1 && u >= cumulative[i]!) i++
    return i
  }
}
