import { dirname, join } from 'node:path';
import { projectRoot } from '../common/project-root';

/** One file the dashboard page loads, always from this server. */
export interface DashboardAsset {
  path: string;
  type: string;
}

/** public/dashboard at the project root (from src/, the compiled build or the bundle). */
export function dashboardDir(from = __dirname): string {
  return join(projectRoot(from), 'public', 'dashboard');
}

/** A file of an installed package (resolved through the package's own exports). */
function packageFile(specifier: string): string {
  return require.resolve(specifier);
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
};

function typeOf(path: string): string {
  const ext = path.slice(path.lastIndexOf('.'));
  return TYPES[ext] ?? 'application/octet-stream';
}

/**
 * Every file served under /assets/, by name: a fixed list, so no request can reach anything
 * else on disk. The page's own files come from public/dashboard; the WebSocket client
 * (graphql-ws's browser build) and the typeface (Inter, SIL OFL) from node_modules.
 */
export function dashboardAssets(dir = dashboardDir()): Map<string, DashboardAsset> {
  const files: Record<string, string> = {
    'dashboard.css': join(dir, 'dashboard.css'),
    'dashboard.js': join(dir, 'dashboard.js'),
    'api.js': join(dir, 'api.js'),
    'chart.js': join(dir, 'chart.js'),
    'format.js': join(dir, 'format.js'),
    'favicon.svg': join(dir, 'favicon.svg'),
    'vendor/graphql-ws.js': join(dirname(packageFile('graphql-ws')), '..', 'umd', 'graphql-ws.min.js'),
    'vendor/inter.woff2': packageFile('@fontsource-variable/inter/files/inter-latin-wght-normal.woff2'),
  };
  return new Map(Object.entries(files).map(([name, path]) => [name, { path, type: typeOf(path) }]));
}

/**
 * What the page may load: only this origin (the WebSocket to /graphql included), no inline
 * script, nothing from elsewhere. A browser refuses anything else before it asks.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
