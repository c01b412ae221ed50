import type { AnyVariables, DocumentInput } from '@urql/core';
import { i18n } from '../i18n.svelte.ts';
import { session } from '../session.svelte.ts';
import { ApiError, apiClient } from './client.ts';

/** A refusal of the import's API: the message in the page's language and the field it names. */
export class ImportRefusal extends Error {
  override readonly name = 'ImportRefusal';
  constructor(
    message: string,
    /** `file`, `kind`, `column`, `role`, …: where the page shows it. */
    readonly field: string,
  ) {
    super(message);
  }
}

const language = () => (i18n.locale === 'zh' ? 'zh-CN,zh;q=0.9' : 'en');

/** Uploads a file to import (`POST /imports/files`); its id, or the refusal in the page's language. */
export async function uploadImportFile(file: File): Promise<{ id: string; fileName: string; size: number }> {
  let response: Response;
  try {
    response = await fetch(`/imports/files?name=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      headers: {
        'accept-language': language(),
        'content-type': 'application/octet-stream',
        ...(session.current ? { authorization: `Bearer ${session.current.token}` } : {}),
      },
      body: file,
    });
  } catch (error) {
    throw new ApiError('network', error instanceof Error ? error.message : String(error));
  }
  const body = (await response.json().catch(() => ({}))) as {
    id?: string;
    fileName?: string;
    size?: number;
    error?: string;
    field?: string;
  };
  if (response.status === 401) throw new ApiError('auth', body.error ?? 'sign in again');
  if (!response.ok || !body.id)
    throw new ImportRefusal(body.error ?? response.statusText, body.field ?? 'file');
  return { id: body.id, fileName: body.fileName ?? file.name, size: body.size ?? file.size };
}

/**
 * Runs an import query or mutation, fresh (never from the cache); a refusal of the request
 * (BAD_USER_INPUT, a role refused) becomes an {@link ImportRefusal} naming its field.
 */
export async function importRequest<T, V extends AnyVariables>(
  document: DocumentInput<T, V>,
  variables: V,
  kind: 'query' | 'mutation' = 'query',
): Promise<T> {
  const client = apiClient();
  const result =
    kind === 'mutation'
      ? await client.mutation(document, variables).toPromise()
      : await client.query(document, variables, { requestPolicy: 'network-only' }).toPromise();
  if (result.error) {
    if (result.error.networkError) throw new ApiError('network', result.error.networkError.message);
    const first = result.error.graphQLErrors[0];
    if (first) throw new ImportRefusal(first.message, String(first.extensions?.field ?? ''));
    throw new ApiError('server', result.error.message);
  }
  if (!result.data) throw new ApiError('server', 'the API answered without data');
  return result.data;
}
