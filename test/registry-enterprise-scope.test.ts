/**
 * An enterprise reporter (企业填报员) is scoped to its own enterprise (its 统一社会信用代码) on every engine:
 * it corrects its own record through the registry form and reads its own credit records in full; another
 * enterprise's record answers 404 exactly like one that does not exist, and adding records, designations
 * or credit records stays the city's (403).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usccCheckChar } from '../src/domain/uscc.js';
import { type AuthServer, openAuthServer } from './support/auth-server.js';
import { engines } from './support/engines.js';
import { USCC } from './support/feed-rows.js';

const uscc = (n: number): string => {
  const stem = `91510100MA${String(n).padStart(7, '0')}`;
  return stem + usccCheckChar(stem);
};
const OTHER = uscc(601);
const NOWHERE = uscc(602);
const firm = (id: string, name: string) => ({ id, name, area: '510104', domain: '零售电商' });
const SECRET = '成市监罚〔2024〕内9号';

describe.each(engines())('an enterprise reporter’s scope on $engine', (target) => {
  let s: AuthServer;
  const save = (
    caller: 'analyst' | 'enterprise',
    role: string,
    mode: string,
    values: object,
    reason?: string,
  ) =>
    s.as(caller, 'POST', `/api/v1/registry/forms/${role}`, { mode, values, ...(reason ? { reason } : {}) });

  beforeAll(async () => {
    s = await openAuthServer(target);
    for (const [id, name] of [
      [USCC, '成都本企电商有限公司'],
      [OTHER, '成都别家电商有限公司'],
    ] as const)
      expect((await save('analyst', 'enterprise', 'add', firm(id, name))).statusCode).toBe(200);
    for (const [id, document] of [
      [USCC, SECRET],
      [OTHER, '成市监罚〔2024〕内10号'],
    ]) {
      const credit = await save('analyst', 'credit', 'add', {
        entity_id: id,
        credit_type: '行政处罚',
        record_date: '2024-03-01',
        document,
        public: '否',
        source: '市场监管局',
      });
      expect(credit.statusCode, credit.body).toBe(200);
    }
  });
  afterAll(async () => {
    await s.close();
    await target.cleanup();
  });

  it('corrects its own enterprise’s record, recorded as its account', async () => {
    const r = await save(
      'enterprise',
      'enterprise',
      'edit',
      firm(USCC, '成都本企数字科技有限公司'),
      '企业更名',
    );
    expect(r.statusCode, r.body).toBe(200);
    const page = (await s.as('enterprise', 'GET', `/api/v1/registry/entities/${USCC}`)).json();
    expect(page.entity.name).toBe('成都本企数字科技有限公司');
    expect(
      page.history
        .filter((h: { record: string }) => h.record === 'entity')
        .map((h: { recorded_by: string; reason: string | null }) => [h.recorded_by, h.reason]),
    ).toEqual([
      ['m-analyst', null],
      ['m-enterprise', '企业更名'],
    ]);
  });

  it('another enterprise answers 404 exactly like one that does not exist; nothing is written', async () => {
    const theirs = await save('enterprise', 'enterprise', 'edit', firm(OTHER, '改名'), '越权');
    const none = await save('enterprise', 'enterprise', 'edit', firm(NOWHERE, '改名'), '越权');
    expect([theirs.statusCode, none.statusCode]).toEqual([404, 404]);
    expect(theirs.json().detail.replace(OTHER, 'X')).toBe(none.json().detail.replace(NOWHERE, 'X'));
    expect(theirs.json().detail).toBe(`找不到企业「${OTHER}」。`);
    const page = (await s.as('anonymous', 'GET', `/api/v1/registry/entities/${OTHER}`)).json();
    expect(page.entity.name).toBe('成都别家电商有限公司');
  });

  it('adding records, designations and credit records stays the city’s: 403', async () => {
    const tries = [
      await save('enterprise', 'enterprise', 'add', firm(NOWHERE, '新企业')),
      await save('enterprise', 'designation', 'add', {
        entity_id: USCC,
        designation: '瞪羚企业',
        valid_from: '2024-01-01',
      }),
      await save('enterprise', 'credit', 'edit', { entity_id: USCC }, '撤销'),
    ];
    expect(tries.map((r) => r.statusCode)).toEqual([403, 403, 403]);
    expect(tries[0]?.json().detail).toBe(
      '企业填报员只能更正本企业的信息（记录类型 enterprise，mode edit）；新增记录、认定和信用记录由市局办理。',
    );
  });

  it('reads its own non-public credit records; another enterprise’s page and the public see public ones only', async () => {
    const documents = async (caller: 'enterprise' | 'anonymous', id: string) =>
      (await s.as(caller, 'GET', `/api/v1/registry/entities/${id}`))
        .json()
        .credit.map((c: { document: string }) => c.document);
    expect(await documents('enterprise', USCC)).toEqual([SECRET]);
    expect(await documents('anonymous', USCC)).toEqual([]);
    expect(await documents('enterprise', OTHER)).toEqual([]);
  });
});
