import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The simulation reviews into a database of its own, never the app's ./data; set before the
// entities and the configuration load.
process.env.DATABASE_URL = `sqlite:${join(mkdtempSync(join(tmpdir(), 'reviews-')), 'reviews.sqlite')}`;
process.env.DEMO_DATA = 'false';
process.env.LOG_LEVEL = 'error';
