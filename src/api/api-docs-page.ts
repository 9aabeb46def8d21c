/**
 * `GET /api/v1/docs`: a self-contained HTML page listing the endpoints of the OpenAPI document and the
 * problem types errors point to (no scripts, no CDN).
 */

const escapeHtml = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

interface Operation {
  summary?: string;
  parameters?: {
    name: string;
    in: string;
    required: boolean;
    description: string;
    example?: string;
    schema?: { enum?: string[] };
  }[];
  'x-example'?: string;
  'x-access'?: string[];
}

export function apiDocsPage(doc: Record<string, unknown>): string {
  const info = doc.info as { title: string; description: string };
  const paths = doc.paths as Record<string, { get?: Operation; post?: Operation }>;
  const operations = Object.entries(paths).flatMap(([path, item]) =>
    (['get', 'post'] as const).flatMap((verb) => {
      const op = item[verb];
      return op ? [{ path, verb, op }] : [];
    }),
  );
  const sections = operations.map(({ path, verb, op }) => {
    const params = op.parameters ?? [];
    const rows = params
      .map(
        (p) =>
          `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${p.in}</td><td>${p.required ? '是 yes' : '否 no'}</td><td>${escapeHtml(
            p.description,
          )}${p.schema?.enum ? ` <code>${escapeHtml(p.schema.enum.join(' | '))}</code>` : ''}${
            p.example ? ` 例 e.g. <code>${escapeHtml(p.example)}</code>` : ''
          }</td></tr>`,
      )
      .join('');
    const table = params.length
      ? `<table><thead><tr><th>参数 parameter</th><th>位置 in</th><th>必填 required</th><th>说明 description</th></tr></thead><tbody>${rows}</tbody></table>`
      : '<p class="none">无参数 no parameters</p>';
    const example = op['x-example']
      ? `<p>示例 example: <a href="${escapeHtml(op['x-example'])}">${escapeHtml(op['x-example'])}</a></p>`
      : '';
    const access = op['x-access']
      ? `<p>可调用角色 access: <code>${escapeHtml(op['x-access'].join(', '))}</code>；请求体 JSON body（见 openapi.json）</p>`
      : '';
    return `<section><h2><span class="verb">${verb.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h2><p>${escapeHtml(
      op.summary ?? '',
    )}</p>${table}${example}${access}</section>`;
  });
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(info.title)}</title>
<style>
body{font-family:system-ui,"WenQuanYi Zen Hei","Microsoft YaHei",sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1f2937;line-height:1.5}
h1{font-size:1.5rem}h2{font-size:1.1rem;margin:0 0 .25rem}section{border:1px solid #e5e7eb;border-radius:6px;padding:1rem;margin:1rem 0}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border-bottom:1px solid #e5e7eb;text-align:left;padding:.35rem .5rem;vertical-align:top}
.verb{background:#1d4ed8;color:#fff;border-radius:4px;padding:0 .4rem;font-size:.8rem}code{font-size:.9em}.none{color:#6b7280}
a:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
</style></head>
<body><h1>${escapeHtml(info.title)}</h1><p>${escapeHtml(info.description)}</p>
<p>机器可读文档 machine-readable: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI ${escapeHtml(String(doc.openapi))})</p>
${sections.join('\n')}
<h2>错误 Problems</h2>
<p>错误以 RFC 9457 Problem Details 返回（<code>application/problem+json</code>：type、title、status、detail、instance；参数错误另有 parameter、value；表单错误另有 errors，逐项给出 field、label、value、message、hint）。</p>
<section id="problem-bad-parameter"><h2>400 bad-parameter</h2><p>参数不符合规则：detail 说明参数、收到的值和规则。</p></section>
<section id="problem-not-found"><h2>404 not-found</h2><p>未知的指标、区划代码、片区或路径。</p></section>
<section id="problem-internal"><h2>500 internal</h2><p>服务器内部错误；详情只写入日志。</p></section>
</body></html>`;
}
