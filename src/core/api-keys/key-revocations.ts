/**
 * A counter bumped whenever a key is revoked through a bus in this process (after the commit).
 * Caches of verified keys remember the value they were filled at and treat an entry from an
 * older value as a miss: a revocation here takes effect on the very next request, with no
 * listener to register or forget. Revocations are rare, so dropping every cached key is cheap.
 */
let generation = 0;

export function keyRevocationGeneration(): number {
  return generation;
}

export function announceKeyRevoked(): void {
  generation++;
}
