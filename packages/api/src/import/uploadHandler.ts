import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Kysely } from 'kysely';
import { AuthError, bearerToken, type TokenService } from '../auth/tokens.ts';
import { languageOf, roleRefusal } from '../i18n/refusals.ts';
import { ImportInputError, saveUpload } from './uploads.ts';

/**
 * `POST /imports/files?name=<file name>`: the body is the file (CSV or .xlsx), at most
 * `MAX_UPLOAD_BYTES`. HR only, with the token as for GraphQL. Answers 201 with
 * `{ id, fileName, size }`, or the reason in the request's language (`{ error, field }`).
 */
export async function serveImportUpload(
  deps: { readonly db: Kysely<unknown>; readonly tokens: TokenService },
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const language = languageOf(req.headers['accept-language']);
  const answer = (status: number, body: Record<string, unknown>) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };
  if (req.method !== 'POST') {
    req.resume();
    res.setHeader('allow', 'POST');
    return answer(405, { error: language === 'zh' ? '请用 POST 上传文件' : 'upload the file with POST' });
  }
  let role: string;
  let userId: string;
  try {
    const token = bearerToken(req.headers.authorization ?? null);
    if (!token) throw new AuthError('MISSING_TOKEN', 'sign in first: send "Authorization: Bearer <token>"');
    const viewer = await deps.tokens.verify(token);
    role = viewer.role;
    userId = viewer.userId;
    if (viewer.role !== 'hr_admin') {
      req.resume();
      return answer(403, {
        error: roleRefusal(language === 'zh' ? '导入' : 'import', ['hr_admin'], viewer.role, language),
        field: 'role',
      });
    }
  } catch (error) {
    req.resume();
    if (error instanceof AuthError) {
      return answer(401, {
        error: language === 'zh' ? `请先登录（${error.message}）` : error.message,
        code: error.code,
      });
    }
    throw error;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const name = url.searchParams.get('name') ?? '';
  try {
    const saved = await saveUpload(deps.db, userId, name, Buffer.concat(chunks));
    return answer(201, { ...saved, role });
  } catch (error) {
    if (error instanceof ImportInputError) {
      return answer(400, { error: language === 'zh' ? error.zh : error.en, field: error.field });
    }
    throw error;
  }
}
