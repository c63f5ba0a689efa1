import { createHash } from 'node:crypto';
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Router } from 'express';
import { type AgentTarget, parseAgentBuildFileName } from '../../shared/agentBuilds.js';
import { AppError } from '../../shared/errors.js';
import { escapeHtml } from '../reports/renderReport.js';
import { pageLanguage } from './language.js';

export interface AgentBuild {
  file: string;
  version: string;
  target: AgentTarget;
  sizeBytes: number;
  sha256: string;
}

/** The page's one style block, allowed by its hash in the CSP (security.ts). */
export const DOWNLOAD_STYLE = `body{font-family:sans-serif;color:#222;max-width:960px;margin:2em auto;padding:0 1em}table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:6px 10px;text-align:left;vertical-align:top}th{background:#f4f4f4}code{font-size:.8em;word-break:break-all}.none{padding:1em;border:1px solid #c60;background:#fff6ee}nav a{margin-right:1em}`;

const CONTENT_TYPES: Record<AgentTarget, string> = { 'win-x64': 'application/vnd.microsoft.portable-executable', 'linux-x64': 'application/octet-stream' };
const TARGET_ORDER: AgentTarget[] = ['win-x64', 'linux-x64'];

/**
 * The builds in a folder, by their file names (anything else there is ignored and never served).
 * SHA-256 sums are computed once per file version (name, size, modification time).
 */
export class AgentBuilds {
  private readonly sums = new Map<string, string>();

  constructor(readonly dir: string) {}

  async list(): Promise<AgentBuild[]> {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      // No build folder yet: the same as no build.
      return [];
    }
    const builds: AgentBuild[] = [];
    for (const file of names) {
      const parsed = parseAgentBuildFileName(file);
      if (!parsed) continue;
      const stat = statSync(join(this.dir, file), { throwIfNoEntry: false });
      if (!stat?.isFile()) continue;
      builds.push({ file, ...parsed, sizeBytes: stat.size, sha256: await this.sum(file, stat.size, stat.mtimeMs) });
    }
    return builds.sort((a, b) => b.version.localeCompare(a.version, 'en', { numeric: true }) || TARGET_ORDER.indexOf(a.target) - TARGET_ORDER.indexOf(b.target));
  }

  private async sum(file: string, size: number, mtimeMs: number): Promise<string> {
    const key = `${file}\0${size}\0${mtimeMs}`;
    const known = this.sums.get(key);
    if (known) return known;
    const hash = createHash('sha256');
    await pipeline(createReadStream(join(this.dir, file)), hash);
    const sum = hash.digest('hex');
    this.sums.set(key, sum);
    return sum;
  }
}

type Lang = 'ko' | 'en';

const TEXT = {
  ko: {
    title: 'RemoteAssist Support 내려받기',
    intro: '상담원이 안내하면 아래 프로그램을 내려받아 실행하고, 상담원이 불러 주는 9자리 코드를 입력하세요. 설치는 필요 없습니다.',
    file: '파일',
    version: '버전',
    system: '운영체제',
    size: '크기',
    sum: 'SHA-256',
    targets: { 'win-x64': 'Windows 10/11 (64비트)', 'linux-x64': 'Linux (64비트, X11)' },
    none: '아직 내려받을 수 있는 프로그램이 없습니다. 관리자가 프로그램을 만들어야 합니다.',
    howToBuild: '관리자: 서버의 소스 폴더에서 다음을 실행한 뒤 이 페이지를 새로 고치세요.',
    requirement: 'Windows 10 이상이 필요합니다(Windows 7·8·XP는 지원하지 않습니다).',
    other: 'English',
  },
  en: {
    title: 'Download RemoteAssist Support',
    intro: 'When the HelpDesk engineer asks you to, download the program below, run it and enter the 9-digit code they read to you. Nothing needs to be installed.',
    file: 'File',
    version: 'Version',
    system: 'System',
    size: 'Size',
    sum: 'SHA-256',
    targets: { 'win-x64': 'Windows 10/11 (64-bit)', 'linux-x64': 'Linux (64-bit, X11)' },
    none: 'No program is available for download yet. An administrator has to build it first.',
    howToBuild: 'Administrators: run this in the server’s source folder, then reload this page.',
    requirement: 'Needs Windows 10 or later (Windows 7, 8 and XP are not supported).',
    other: '한국어',
  },
} as const;

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

export function renderDownloadPage(builds: readonly AgentBuild[], lang: Lang): string {
  const t = TEXT[lang];
  const other: Lang = lang === 'ko' ? 'en' : 'ko';
  const body = builds.length
    ? `<table><thead><tr><th>${t.file}</th><th>${t.system}</th><th>${t.version}</th><th>${t.size}</th><th>${t.sum}</th></tr></thead><tbody>${builds
        .map((b) => `<tr><td><a href="/download/${encodeURIComponent(b.file)}" download>${escapeHtml(b.file)}</a></td><td>${escapeHtml(t.targets[b.target])}</td><td>${escapeHtml(b.version)}</td><td>${mib(b.sizeBytes)}</td><td><code>${b.sha256}</code></td></tr>`)
        .join('')}</tbody></table><p>${t.requirement}</p>`
    : `<p class="none" role="status">${t.none}</p><p>${t.howToBuild}</p><pre><code>npm run build:agent</code></pre>`;
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${t.title}</title><style>${DOWNLOAD_STYLE}</style></head><body>
<nav><a href="/">RemoteAssist</a><a href="/download?lang=${other}" hreflang="${other}" lang="${other}">${t.other}</a></nav>
<h1>${t.title}</h1><p>${t.intro}</p>${body}</body></html>`;
}

/**
 * `/download`: the page listing the end-user agent builds (no login: the end user has none),
 * and `/download/<file>` for each of them. Only names the listing shows are served, so nothing
 * else in the folder (and nothing outside it) can be reached.
 */
export function downloadRoutes(builds: AgentBuilds): Router {
  const router = Router();
  router.get('/download', async (req, res) => {
    const lang = pageLanguage(req);
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Vary', 'Accept-Language');
    res.type('html').send(renderDownloadPage(await builds.list(), lang));
  });
  router.get('/download/:file', async (req, res) => {
    const build = (await builds.list()).find((b) => b.file === req.params['file']);
    // Answered here, not passed on: the web app's catch-all would serve its page for any path.
    if (!build) throw new AppError('NOT_FOUND', 'No such build. The list is at /download.');
    res.attachment(build.file);
    res.setHeader('Content-Type', CONTENT_TYPES[build.target]);
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(build.file, { root: builds.dir, dotfiles: 'deny' });
  });
  return router;
}
