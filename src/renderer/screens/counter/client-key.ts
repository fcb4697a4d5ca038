/**
 * An idempotency key for one attempt at a money movement. Kept while the answer is unknown (a
 * connection drop), so pressing the button again cannot charge twice; replaced once the engine has
 * answered.
 */
export function newClientKey(prefix: string): string {
  const random = typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  return `${prefix}-${random}`;
}
