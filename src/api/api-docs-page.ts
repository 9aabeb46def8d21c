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
    description?: string;
    example?: string;
    schema?: { enum?: string[] };
  }[];
  'x-example'?: string;
  'x-access'?: string | string[];
}

/** Who may call an operation, as the docs page words it. */
function accessText(access: Operation['x-access']): string {
  if (access === undefined || access === 'public') return '公开 public';
  if (access === 'signed_in') return '登录用户 signed in';
  if (access === 'cli') return '本机 ecmon 命令 local CLI';
  return `角色 roles: ${(Array.isArray(access) ? access : [access]).join(', ')}`;
}

export function apiDocsPage(doc: Record<string, unknown>): string {
  const info = doc.info as { title: string; description: string };
  const paths = doc.paths as Record<string, Record<string, Operation>>;
  const operations = Object.entries(paths).flatMap(([path, item]) =>
    Object.entries(item).map(([verb, op]) => ({ path, verb: verb.toUpperCase(), op })),
  );
  const sections = operations.map(({ path, verb, op }) => {
    const body = (op as { 'x-example-body'?: unknown })['x-example-body'];
    const params = op.parameters ?? [];
    const rows = params
      .map(
        (p) =>
          `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${p.in}</td><td>${p.required ? '是 yes' : '否 no'}</td><td>${escapeHtml(
            p.description ?? '',
          )}${p.schema?.enum ? ` <code>${escapeHtml(p.schema.enum.join(' | '))}</code>` : ''}${
            p.example ? ` 例 e.g. <code>${escapeHtml(p.example)}</code>` : ''
          }</td></tr>`,
      )
      .join('');
    const table = params.length
      ? `<table><thead><tr><th>参数 parameter</th><th>位置 in</th><th>必填 required</th><th>说明 description</th></tr></thead><tbody>${rows}</tbody></table>`
      : '<p class="none">无参数 no parameters</p>';
    const example = !op['x-example']
      ? ''
      : body
        ? `<p>示例 example: <code>${verb} ${escapeHtml(op['x-example'])} ${escapeHtml(JSON.stringify(body))}</code></p>`
        : `<p>示例 example: <a href="${escapeHtml(op['x-example'])}">${escapeHtml(op['x-example'])}</a></p>`;
    return `<section><h2><span class="verb">${verb}</span> <code>${escapeHtml(path)}</code></h2><p>${escapeHtml(
      op.summary ?? '',
    )}</p><p class="none">访问 access: ${escapeHtml(accessText(op['x-access']))}</p>${table}${verb === 'GET' || body ? example : ''}</section>`;
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
<section id="problem-unauthorized"><h2>401 unauthorized</h2><p>需要登录（或会话已过期、令牌无效）：先通过 POST /api/v1/auth/login 登录，或在 Authorization: Bearer 中给出平台令牌。</p></section>
<section id="problem-forbidden"><h2>403 forbidden</h2><p>已登录，但当前角色无权执行该操作（或缺少 X-CSRF-Token 请求头）。</p></section>
<section id="problem-not-found"><h2>404 not-found</h2><p>未知的指标、区划代码、片区或路径；也包括当前账号权限范围以外的对象（不透露其是否存在）。</p></section>
<section id="problem-conflict"><h2>409 conflict</h2><p>与现有数据冲突，例如账号名已存在。</p></section>
<section id="problem-too-large"><h2>413 too-large</h2><p>请求体超过服务器允许的大小。</p></section>
<section id="problem-too-many-requests"><h2>429 too-many-requests</h2><p>登录失败次数过多，账号暂时锁定：Retry-After 给出可重试的秒数。</p></section>
<section id="problem-internal"><h2>500 internal</h2><p>服务器内部错误；详情只写入日志。</p></section>
</body></html>`;
}
