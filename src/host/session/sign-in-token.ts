import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The sign-in link printed at start-up (as Jupyter does): whoever can read the host's output owns
 * the installation, and opening the link once signs them in. It works once, then never again.
 */
export class SignInToken {
  readonly value = randomBytes(24).toString('base64url');
  private used = false;

  /** True exactly once, for the right value. */
  consume(candidate: string | null): boolean {
    if (this.used || candidate === null) return false;
    const a = Buffer.from(candidate);
    const b = Buffer.from(this.value);
    if (a.length !== b.length || !timingSafeEqual(a, b)) return false;
    this.used = true;
    return true;
  }

  get isUsed(): boolean {
    return this.used;
  }
}
