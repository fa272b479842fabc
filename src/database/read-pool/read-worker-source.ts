/**
 * The read pool's worker thread, as plain JavaScript run with `eval`: it needs nothing but
 * better-sqlite3 (its resolved path comes in workerData), so it runs the same from the compiled
 * build, under ts-node and under ts-jest, with no loader and none of Nest or TypeORM.
 *
 * It opens its own read-only connection to the database file (WAL: it reads what is committed
 * when each statement starts) and answers `{ id, sql, params }` with `{ id, rows }` (the rows
 * better-sqlite3's `Statement.all` gives, as TypeORM's query runner would) or `{ id, error }`.
 * Prepared statements are kept, a bounded number of them. `testFunctions` (tests only) adds
 * `test_sleep(ms)`, a statement that holds its worker for that long.
 */
export const READ_WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.betterSqlite3);
const db = new Database(workerData.file, { readonly: true, fileMustExist: true, timeout: workerData.busyTimeoutMs });
if (workerData.testFunctions) {
  const cell = new Int32Array(new SharedArrayBuffer(4));
  db.function('test_sleep', (ms) => (Atomics.wait(cell, 0, 0, Number(ms)), 1));
}
const statements = new Map();
function prepared(sql) {
  let statement = statements.get(sql);
  if (!statement) {
    if (statements.size >= 200) statements.delete(statements.keys().next().value);
    statement = db.prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
}
parentPort.on('message', ({ id, sql, params }) => {
  try {
    const statement = prepared(sql);
    if (!statement.reader) throw Object.assign(new Error('the read pool runs only statements that return rows'), { code: 'READ_POOL_NOT_A_READ' });
    parentPort.postMessage({ id, rows: statement.all(...params) });
  } catch (error) {
    parentPort.postMessage({ id, error: { message: String(error && error.message), code: error && error.code } });
  }
});
parentPort.postMessage({ ready: true });
`;
