import { randomBytes } from "node:crypto";

/** A small seeded generator (mulberry32), so the demo tells the same story on every run. */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Seconds with a long tail, like the time people take to open an email. */
  delaySeconds(medianSeconds: number, spread = 1): number {
    const normal = Math.sqrt(-2 * Math.log(1 - this.next())) * Math.cos(2 * Math.PI * this.next());
    return Math.max(1, Math.round(medianSeconds * Math.exp(normal * spread * 0.8)));
  }
}

/** Ids in the shape of the app's cuid ids (lower-case letters and digits, 25 characters). */
export function demoId(): string {
  return `c${randomBytes(16).toString("hex").slice(0, 24)}`;
}

export function randomHex(bytes = 32): string {
  return randomBytes(bytes).toString("hex");
}
