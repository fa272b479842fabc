import 'reflect-metadata';

// Tests never load the demo data unless a spec asks for it, and log only errors.
process.env.NODE_ENV = process.env.NODE_ENV ?? 'test';
process.env.DEMO_DATA = process.env.DEMO_DATA ?? 'false';
process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'error';
// Two jest workers on a busy machine lag the event loop by seconds at times: no test sheds load
// for it unless it asks (the overload test sets its own thresholds).
process.env.OVERLOAD_MAX_EVENT_LOOP_DELAY_MS = process.env.OVERLOAD_MAX_EVENT_LOOP_DELAY_MS ?? '0';
