import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const [src, out, y, h, w] = process.argv.slice(2);
const b = await chromium.launch({ executablePath: '/usr/bin/chromium' });
const p = await b.newPage({ viewport: { width: Number(w ?? 780), height: Number(h) } });
const data = readFileSync(src).toString('base64');
await p.setContent(
  `<body style="margin:0"><img src="data:image/png;base64,${data}" style="display:block;margin-top:-${y}px"></body>`,
);
await p.screenshot({ path: out });
await b.close();
