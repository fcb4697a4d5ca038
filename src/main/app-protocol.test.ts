import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appFileResponse, resolveAppFile } from './app-protocol.js';

let root: string;
let rendererDir: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'kartu-proto-'));
  rendererDir = join(root, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Kartu</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(root, 'secret.txt'), 'outside');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('app:// serves only the renderer folder', () => {
  it('maps the app origin to files inside the folder', () => {
    expect(resolveAppFile(rendererDir, 'app://kartu/')).toBe(join(rendererDir, 'index.html'));
    expect(resolveAppFile(rendererDir, 'app://kartu/assets/app.js?v=1')).toBe(join(rendererDir, 'assets', 'app.js'));
  });

  it.each(['app://kartu/../secret.txt', 'app://kartu/%2e%2e/secret.txt', 'app://kartu/assets/..%2f..%2fsecret.txt', 'app://kartu/assets/%2e%2e%2f%2e%2e%2fsecret.txt'])(
    'never leaves the folder for %s',
    async (url) => {
      const file = resolveAppFile(rendererDir, url);
      expect(file === null || file.startsWith(rendererDir + sep)).toBe(true);
      expect(await (await appFileResponse(rendererDir, url)).text()).not.toContain('outside');
    },
  );

  it.each([
    'app://other/index.html',
    'https://kartu/index.html',
    'app://kartu/%00',
    'app://kartu/%E0%A4%A',
  ])('refuses %s', (url) => {
    expect(resolveAppFile(rendererDir, url)).toBeNull();
  });

  it('answers files with the CSP and a content type, and 404 for the rest', async () => {
    const ok = await appFileResponse(rendererDir, 'app://kartu/index.html');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(ok.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(ok.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect((await appFileResponse(rendererDir, 'app://kartu/missing.js')).status).toBe(404);
    expect((await appFileResponse(rendererDir, 'app://kartu/%2e%2e/secret.txt')).status).toBe(404);
  });
});
