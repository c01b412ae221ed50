import { chmod, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from './embedded.ts';

// Started as root, the embedded server runs as the system user "postgres". A data folder under
// a folder that user may not enter (a home folder of mode 700, say) used to fail inside the
// library as `spawn initdb EACCES`; it is refused first, naming the folder and what to do.
const locked: string[] = [];
afterAll(async () => {
  for (const dir of locked) await rm(dir, { recursive: true, force: true });
});

describe('the embedded PostgreSQL started as root', () => {
  it.skipIf(userInfo().uid !== 0)(
    'refuses a data folder under a folder the postgres user may not enter, naming it, before writing anything',
    async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'trackrecord-locked-'));
      locked.push(dir);
      await chmod(dir, 0o700);
      const started = startEmbeddedPostgres({ dataDir: path.join(dir, 'postgres'), persistent: false });
      await expect(started).rejects.toThrow(`may not enter ${dir} (mode 700)`);
      await expect(started).rejects.toThrow(/TRACKRECORD_DATA_DIR|DATABASE_URL/);
      expect(await readdir(dir)).toEqual([]);
    },
  );
});
