import { describe, expect, it } from 'vitest';
import { Router } from './router.js';

describe('Router', () => {
  const router = new Router<string>()
    .add('GET', '/v1/programs', 'list')
    .add('POST', '/v1/programs', 'create')
    .add('GET', '/v1/programs/:id', 'get')
    .add('POST', '/v1/cardholders/:id/rewards', 'rewards');

  it('matches whole segments and decodes parameters', () => {
    expect(router.match('GET', '/v1/programs')).toEqual({ kind: 'found', value: 'list', params: {} });
    expect(router.match('get', '/v1/programs/prog_1')).toEqual({ kind: 'found', value: 'get', params: { id: 'prog_1' } });
    expect(router.match('POST', '/v1/cardholders/ch%201/rewards')).toEqual({ kind: 'found', value: 'rewards', params: { id: 'ch 1' } });
    expect(router.match('GET', '/v1/programs/')).toEqual({ kind: 'not_found' });
    expect(router.match('GET', '/v1/programs/a/b')).toEqual({ kind: 'not_found' });
    expect(router.match('GET', '/v1/programs/%E0%A4%A')).toEqual({ kind: 'not_found' });
  });

  it('names the methods a path has', () => {
    expect(router.match('DELETE', '/v1/programs')).toEqual({ kind: 'method_not_allowed', allowed: ['GET', 'POST'] });
  });

  it('prefers the pattern with more literal segments, in whichever order the routes were added', () => {
    const paramFirst = new Router<string>().add('POST', '/v1/cards/:id', 'update').add('POST', '/v1/cards/bulk', 'bulk');
    const literalFirst = new Router<string>().add('POST', '/v1/cards/bulk', 'bulk').add('POST', '/v1/cards/:id', 'update');
    for (const r of [paramFirst, literalFirst]) {
      expect(r.match('POST', '/v1/cards/bulk')).toEqual({ kind: 'found', value: 'bulk', params: {} });
      expect(r.match('POST', '/v1/cards/card_1')).toEqual({ kind: 'found', value: 'update', params: { id: 'card_1' } });
      expect(r.match('GET', '/v1/cards/bulk')).toEqual({ kind: 'method_not_allowed', allowed: ['POST'] });
    }
  });

  it('refuses a route defined twice', () => {
    expect(() => new Router().add('GET', '/a', 1).add('GET', '/a', 2)).toThrow(/twice/);
  });
});
