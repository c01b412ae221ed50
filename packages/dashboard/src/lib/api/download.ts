import { ApiError } from '$lib/api/client.ts';
import { session } from '$lib/session.svelte.ts';

/**
 * Downloads a file the API serves to a signed-in viewer (a statement CSV, a personal data
 * export) with the viewer's token and saves it as `filename`; a refusal arrives as an
 * `ApiError` carrying the server's message, in the language the request asked for.
 */
export async function downloadWithToken(path: string, filename: string): Promise<void> {
  const token = session.current?.token;
  let response: Response;
  try {
    response = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  } catch (error) {
    throw new ApiError('network', error instanceof Error ? error.message : String(error));
  }
  if (!response.ok) {
    throw new ApiError(response.status === 401 ? 'auth' : 'server', await response.text());
  }
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
