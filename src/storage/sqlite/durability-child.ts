/**
 * @module Child process of the kill -9 durability test: writes keys through SqliteBackend without
 * awaiting them one by one, and prints `ack <key> <revision>` for every acknowledged write.
 * Usage: node --import tsx durability-child.ts <db path> <count>
 */
import { createSqliteBackend } from './sqlite-backend.ts';

const [path, countArg] = process.argv.slice(2);
if (path === undefined) throw new Error('usage: durability-child.ts <db path> <count>');
const backend = await createSqliteBackend({ path, compactIntervalMs: 0 });
const count = Number(countArg ?? '100000');
process.stdout.write('ready\n');
// Waves of un-awaited writes so group commit batches them; each ack is printed as it resolves.
for (let i = 0; i < count; i += 50) {
  const wave = Array.from({ length: Math.min(50, count - i) }, (_, j) => {
    const key = `/d/${i + j}`;
    return backend.create(key, `value-${i + j}`).then((kv) => {
      process.stdout.write(`ack ${kv.key} ${kv.modRevision}\n`);
    });
  });
  await Promise.all(wave);
}
await backend.close();
