import 'reflect-metadata';
import { join } from 'node:path';

/** The benchmark database: a SQLite file of its own under bench/data/ (gitignored). */
export const BENCH_DB = process.env.BENCH_DB ?? join(__dirname, 'data', 'bench.sqlite');
