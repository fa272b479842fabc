import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DASHBOARD_CSP, dashboardAssets, dashboardDir } from './dashboard-assets';

const ROOT = join(__dirname, '..', '..');

describe('dashboard assets', () => {
  it('finds public/dashboard from the sources and from the build output', () => {
    const dir = join(ROOT, 'public', 'dashboard');
    expect(dashboardDir()).toBe(dir);
    expect(dashboardDir(join(ROOT, 'dist', 'src', 'dashboard'))).toBe(dir);
  });

  it('lists only files that exist, each with its content type', () => {
    const assets = dashboardAssets();
    expect([...assets.keys()].sort()).toEqual([
      'api.js',
      'chart.js',
      'dashboard.css',
      'dashboard.js',
      'favicon.svg',
      'format.js',
      'vendor/graphql-ws.js',
      'vendor/inter.woff2',
    ]);
    for (const [name, asset] of assets) {
      expect([name, existsSync(asset.path)]).toEqual([name, true]);
    }
    expect(assets.get('vendor/graphql-ws.js')!.path).toMatch(/graphql-ws[\\/]umd[\\/]graphql-ws\.min\.js$/);
    expect(assets.get('vendor/inter.woff2')!.type).toBe('font/woff2');
  });

  it('every module the page imports is served', () => {
    const assets = dashboardAssets();
    for (const name of ['dashboard.js', 'api.js', 'chart.js', 'format.js']) {
      const source = readFileSync(assets.get(name)!.path, 'utf8');
      for (const [, spec] of source.matchAll(/^import [^;]* from '\.\/([^']+)';$/gm)) {
        expect([name, spec, assets.has(spec)]).toEqual([name, spec, true]);
      }
    }
  });

  it('names no other host in the page, its scripts or its styles (the SVG namespace aside)', () => {
    const dir = dashboardDir();
    for (const file of ['index.html', 'dashboard.js', 'api.js', 'chart.js', 'format.js', 'dashboard.css']) {
      const text = readFileSync(join(dir, file), 'utf8').replaceAll('http://www.w3.org/2000/svg', '');
      expect([file, text.match(/\b(?:https?|wss?):\/\/[^\s'"`)]+/g)]).toEqual([file, null]);
    }
    expect(DASHBOARD_CSP.split('; ')).toEqual(expect.arrayContaining(["default-src 'self'", "connect-src 'self'", "script-src 'self'"]));
  });
});
