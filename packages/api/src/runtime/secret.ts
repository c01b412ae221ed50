import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The token-signing secret: `AUTH_SECRET` when set (required in production); otherwise, for
 * development, a random one kept in `<dataDir>/auth-secret` so sign-ins survive restarts.
 */
export async function authSecret(env: NodeJS.ProcessEnv, dataDir: string): Promise<string> {
  if (env.AUTH_SECRET) return env.AUTH_SECRET;
  if (env.NODE_ENV === 'production')
    throw new Error('AUTH_SECRET must be set in production (32 bytes or more)');
  const file = path.join(dataDir, 'auth-secret');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const secret = randomBytes(32).toString('base64url');
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, `${secret}\n`, { mode: 0o600 });
    return secret;
  }
}
