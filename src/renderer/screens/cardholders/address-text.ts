/** The engine's address object on one line, in the order people write it. */
export function addressText(address: Record<string, unknown> | null): string | null {
  if (!address) return null;
  const parts = ['line1', 'line2', 'city', 'state', 'postal_code', 'country'].map((key) => address[key]).filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  return parts.length ? parts.join(', ') : null;
}
