/**
 * A small path router: `/v1/programs/:id` style patterns, one value per (method, pattern).
 * A path that matches with another method answers with the methods it has (for 405 + Allow).
 */
export type Params = Record<string, string>;

export type Match<T> = { kind: 'found'; value: T; params: Params } | { kind: 'method_not_allowed'; allowed: string[] } | { kind: 'not_found' };

interface Compiled<T> {
  method: string;
  pattern: string;
  segments: string[];
  value: T;
}

function split(path: string): string[] {
  return path.split('/').slice(1);
}

export class Router<T> {
  private readonly routes: Compiled<T>[] = [];

  add(method: string, pattern: string, value: T): this {
    if (!pattern.startsWith('/')) throw new Error(`Route pattern must start with '/': ${pattern}`);
    const upper = method.toUpperCase();
    if (this.routes.some((r) => r.method === upper && r.pattern === pattern)) throw new Error(`Route defined twice: ${upper} ${pattern}`);
    this.routes.push({ method: upper, pattern, segments: split(pattern), value });
    return this;
  }

  /**
   * The route whose pattern has the most literal segments wins, whatever the order they were added
   * in: `POST /v1/cards/bulk` before `POST /v1/cards/:id` for the path `/v1/cards/bulk`.
   */
  match(method: string, path: string): Match<T> {
    const parts = split(path);
    const wanted = method.toUpperCase();
    const allowed: string[] = [];
    let best: { route: Compiled<T>; params: Params; literals: number } | undefined;
    for (const route of this.routes) {
      const params = matchSegments(route.segments, parts);
      if (!params) continue;
      if (route.method !== wanted) {
        if (!allowed.includes(route.method)) allowed.push(route.method);
        continue;
      }
      const literals = route.segments.filter((segment) => !segment.startsWith(':')).length;
      if (!best || literals > best.literals) best = { route, params, literals };
    }
    if (best) return { kind: 'found', value: best.route.value, params: best.params };
    return allowed.length > 0 ? { kind: 'method_not_allowed', allowed } : { kind: 'not_found' };
  }

  list(): Array<{ method: string; pattern: string; value: T }> {
    return this.routes.map(({ method, pattern, value }) => ({ method, pattern, value }));
  }
}

function matchSegments(pattern: string[], parts: string[]): Params | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Params = {};
  for (let i = 0; i < pattern.length; i++) {
    const want = pattern[i] as string;
    const got = parts[i] as string;
    if (want.startsWith(':')) {
      if (got === '') return undefined;
      let value: string;
      try {
        value = decodeURIComponent(got);
      } catch {
        return undefined;
      }
      params[want.slice(1)] = value;
    } else if (want !== got) {
      return undefined;
    }
  }
  return params;
}
