/** A token bucket: `frames` in a burst, refilled at `frames` per `windowMs`. */
export class RateLimiter {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly frames: number,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {
    this.tokens = frames;
    this.updatedAt = now();
  }

  /** Takes one token; returns 0 when allowed, otherwise how long to wait for the next one. */
  take(): number {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil(((1 - this.tokens) * this.windowMs) / this.frames));
  }

  /** True when the bucket is back to a full burst, i.e. no different from a new one. */
  isFull(): boolean {
    this.refill();
    return this.tokens >= this.frames;
  }

  private refill(): void {
    const t = this.now();
    const elapsed = Math.max(0, t - this.updatedAt);
    this.tokens = Math.min(this.frames, this.tokens + (elapsed * this.frames) / this.windowMs);
    this.updatedAt = t;
  }
}
