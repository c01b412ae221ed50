import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { GraphiQLOptions } from 'graphql-yoga';

/**
 * GraphiQL without the internet. graphql-yoga's default page loads GraphiQL's script and
 * styles from a CDN; here they come from `@graphql-yoga/render-graphiql` (the same GraphiQL,
 * bundled into the package) and are served by the API under `/graphiql/`, cached by the
 * browser. The page at `/graphql` is a small shell around them that, when the visitor is
 * signed in to the dashboard on this origin, prefills the headers editor with their token
 * (`Authorization: Bearer …`) and the dashboard's language (`Accept-Language`).
 */
export const GRAPHIQL_ASSETS = '/graphiql/';

/** Where the dashboard keeps its session and language (see packages/dashboard/src/lib). */
const SESSION_KEY = 'trackrecord.session';
const LOCALE_KEY = 'trackrecord.locale';

interface Asset {
  readonly type: string;
  readonly body: Buffer;
  readonly gzip: Buffer;
  readonly etag: string;
}

const FILES = {
  'graphiql.js': ['js', 'text/javascript; charset=utf-8'],
  'graphiql.css': ['css', 'text/css; charset=utf-8'],
  'editor.worker.js': ['editorWorkerService', 'text/javascript; charset=utf-8'],
  'json.worker.js': ['jsonWorker', 'text/javascript; charset=utf-8'],
  'graphql.worker.js': ['graphqlWorker', 'text/javascript; charset=utf-8'],
} as const;
type FileName = keyof typeof FILES;

let assets: Promise<Map<FileName, Asset>> | undefined;

/** The bundle is 9 MB of JavaScript: loaded (and compressed) on the first request only. */
function loadAssets(): Promise<Map<FileName, Asset>> {
  assets ??= import('@graphql-yoga/render-graphiql/graphiql').then((bundle) => {
    const map = new Map<FileName, Asset>();
    for (const [name, [key, type]] of Object.entries(FILES) as [FileName, (typeof FILES)[FileName]][]) {
      const body = Buffer.from(bundle[key], 'utf8');
      const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
      map.set(name, { type, body, gzip: gzipSync(body), etag });
    }
    return map;
  });
  return assets;
}

/** Answers `GET /graphiql/<file>`: GraphiQL's script, styles and editor workers. */
export async function serveGraphiQLAsset(req: IncomingMessage, res: ServerResponse, pathname: string) {
  const name = pathname.slice(GRAPHIQL_ASSETS.length);
  if (!(name in FILES) || (req.method !== 'GET' && req.method !== 'HEAD')) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('not found');
    return;
  }
  const asset = (await loadAssets()).get(name as FileName);
  if (!asset) throw new Error(`GraphiQL asset ${name} missing from the bundle`);
  const headers: Record<string, string> = {
    'content-type': asset.type,
    'cache-control': 'public, max-age=86400',
    etag: asset.etag,
    vary: 'accept-encoding',
  };
  if (req.headers['if-none-match'] === asset.etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const body = gzip ? asset.gzip : asset.body;
  res.writeHead(200, {
    ...headers,
    'content-length': String(body.length),
    ...(gzip ? { 'content-encoding': 'gzip' } : {}),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** A query to start from: who am I, and a first look at people. */
export const DEFAULT_QUERY = `# Track Record GraphQL API. Your token is in the Headers tab below
# (filled in when you are signed in to the dashboard in this browser).
query Start {
  headPosition
  people(first: 5) {
    edges { node { id name level branchId teamId } }
  }
}
`;

const escapeScript = (json: string) => json.replace(/</g, '\\u003c');

/**
 * The GraphiQL page (yoga's `renderGraphiQL`): loads the bundle from `/graphiql/`, runs the
 * editor's workers from there too, and fills the headers from the dashboard's session.
 */
export function renderOfflineGraphiQL(options: GraphiQLOptions = {}): string {
  const title = (options.title ?? 'GraphiQL').replace(/[<>&"]/g, '');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title}</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="${GRAPHIQL_ASSETS}graphiql.css" />
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>GraphiQL needs JavaScript.</noscript>
    <div id="root" style="height: 100vh"></div>
    <script>
      self.MonacoEnvironment = {
        globalAPI: false,
        getWorkerUrl: function (_moduleId, label) {
          var file = { editorWorkerService: 'editor', json: 'json', graphql: 'graphql' }[label] || 'editor';
          return '${GRAPHIQL_ASSETS}' + file + '.worker.js';
        },
      };
    </script>
    <script src="${GRAPHIQL_ASSETS}graphiql.js"></script>
    <script>
      (function () {
        var options = ${escapeScript(JSON.stringify(options))};
        var headers = { Authorization: 'Bearer <token: dashboard → your name → Copy API token>' };
        try {
          var session = JSON.parse(localStorage.getItem(${JSON.stringify(SESSION_KEY)}) || 'null');
          if (session && typeof session.token === 'string') headers.Authorization = 'Bearer ' + session.token;
          var locale = localStorage.getItem(${JSON.stringify(LOCALE_KEY)});
          headers['Accept-Language'] = locale === 'zh' || (!locale && /^zh/i.test(navigator.language)) ? 'zh' : 'en';
        } catch (e) {}
        var text = JSON.stringify(headers, null, 2);
        options.headers = text;
        options.defaultHeaders = text;
        options.defaultEditorToolsVisibility = 'headers';
        YogaGraphiQL.renderYogaGraphiQL(document.querySelector('#root'), options);
      })();
    </script>
  </body>
</html>`;
}
