import { describe, expect, it } from 'vitest';
import { hrefOf, parseHash } from './route.js';

describe('routes', () => {
  it('reads screen, sub-page and parameters from the hash', () => {
    const route = parseHash('#/cards/new?program=prog_1&cardholder=ch_2');
    expect(route.screen).toBe('cards');
    expect(route.sub).toBe('new');
    expect(route.params.get('program')).toBe('prog_1');
  });

  it('falls back to the dashboard for an empty or unknown hash', () => {
    expect(parseHash('').screen).toBe('dashboard');
    expect(parseHash('#/nowhere').screen).toBe('dashboard');
  });

  it('round-trips through hrefOf', () => {
    const href = hrefOf('cardholders', 'new', { q: 'Siti Rahayu' });
    const route = parseHash(href);
    expect(route.screen).toBe('cardholders');
    expect(route.sub).toBe('new');
    expect(route.params.get('q')).toBe('Siti Rahayu');
  });
});
