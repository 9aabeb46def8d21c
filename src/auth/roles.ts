/**
 * The roles of ecmon's users. Scope comes with the account: areas for district roles, enterprises, a platform.
 * Pure data: the web app reads them through the contract (src/api/contract/roles.ts).
 */
export const ROLES = [
  'admin',
  'analyst',
  'district_reporter',
  'district_reviewer',
  'enterprise_reporter',
  'platform',
  'anonymous',
] as const;
export type Role = (typeof ROLES)[number];

/** The roles an account can have (anonymous is nobody's account). */
export type AccountRole = Exclude<Role, 'anonymous'>;
export const ACCOUNT_ROLES = ROLES.filter((r): r is AccountRole => r !== 'anonymous');

/** What each role is called (zh first) and what it may do. */
export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  admin: { zh: '系统管理员', en: 'Administrator' },
  analyst: { zh: '市局分析员', en: 'City analyst' },
  district_reporter: { zh: '区县填报员', en: 'District reporter' },
  district_reviewer: { zh: '区县审核员', en: 'District reviewer' },
  enterprise_reporter: { zh: '企业填报员', en: 'Enterprise reporter' },
  platform: { zh: '平台数据接口', en: 'Platform feed token' },
  anonymous: { zh: '公众', en: 'Public' },
};
