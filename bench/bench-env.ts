import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Benchmarks run on a database of their own, never the app's ./data.
process.env.DATABASE_URL ??= `sqlite:${join(mkdtempSync(join(tmpdir(), 'bench-')), 'bench.sqlite')}`;
process.env.DEMO_DATA = 'false';
process.env.LOG_LEVEL ??= 'error';
