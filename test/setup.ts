import 'reflect-metadata';

// Tests never load the demo data unless a spec asks for it, and log only errors.
process.env.NODE_ENV = process.env.NODE_ENV ?? 'test';
process.env.DEMO_DATA = process.env.DEMO_DATA ?? 'false';
process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'error';
