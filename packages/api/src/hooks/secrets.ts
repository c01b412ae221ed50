import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HOOK_SOURCES, type HookSource } from './payloads.ts';

/** The secret of each source; a source without one is switched off (503). */
export type HookSecrets = Readonly<Partial<Record<HookSource, string>>>;

export const hookSecretVariable = (source: HookSource) => `HOOK_SECRET_${source.toUpperCase()}`;

/**
 * `HOOK_SECRET_CRM`, `HOOK_SECRET_ERP`, `HOOK_SECRET_LMS`, `HOOK_SECRET_OA` when set (at least
 * 16 characters). Otherwise, in development, a random secret kept in
 * `<dataDir>/hook-secret-<source>` (so the systems you point at it keep working across
 * restarts); in production that source stays off.
 */
export async function hookSecrets(env: NodeJS.ProcessEnv, dataDir: string): Promise<HookSecrets> {
  const secrets: Partial<Record<HookSource, string>> = {};
  for (const source of HOOK_SOURCES) {
    const variable = hookSecretVariable(source);
    const value = env[variable]?.trim();
    if (value) {
      if (value.length < 16) throw new Error(`${variable} must be at least 16 characters`);
      secrets[source] = value;
      continue;
    }
    if (env.NODE_ENV === 'production') continue;
    const file = path.join(dataDir, `hook-secret-${source}`);
    try {
      secrets[source] = (await readFile(file, 'utf8')).trim();
    } catch {
      const secret = randomBytes(32).toString('base64url');
      await mkdir(dataDir, { recursive: true });
      await writeFile(file, `${secret}\n`, { mode: 0o600 });
      secrets[source] = secret;
    }
  }
  return secrets;
}
