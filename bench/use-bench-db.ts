import { BENCH_DB } from './bench-db';

/**
 * Imported first by the scripts that run the app on the scale dataset, so the environment is
 * set before the app's modules load: the benchmark's own SQLite file, no demo data.
 */
process.env.DATABASE_URL = `sqlite:${BENCH_DB}`;
process.env.DEMO_DATA = 'false';
process.env.LOG_LEVEL ??= 'error';

/** `--name <number>` from the command line, else the fallback. */
export function numberArg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

export { BENCH_DB };
