/**
 * The demonstration accounts `npm start` creates (marked demo, one password for all, listed in the README),
 * so a new user can sign in as each kind of user; `--no-demo` disables them.
 */
import type { Accounts, NewAccount } from './accounts.js';

/** The demo password (letters and digits, 15 characters): public, like the demo accounts themselves. */
export const DEMO_PASSWORD = 'ecmon-demo-2025';

/**
 * The demo enterprise: 模拟独角兽企业001 of the simulated registry `npm start` loads (seed 20211221), designated
 * 独角兽 since 2020, so it reports the key-enterprise quarterly form (重点电子商务企业季报). A test checks the
 * generator still makes it.
 */
export const DEMO_ENTERPRISE = '91510185485343123W';

export const DEMO_ACCOUNTS: readonly NewAccount[] = [
  { name: 'demo-admin', displayName: '演示·系统管理员', role: 'admin' },
  { name: 'demo-analyst', displayName: '演示·市局分析员', role: 'analyst' },
  {
    name: 'demo-jinjiang-tb',
    displayName: '演示·锦江区填报员',
    role: 'district_reporter',
    areas: ['510104'],
  },
  {
    name: 'demo-jinjiang-sh',
    displayName: '演示·锦江区审核员',
    role: 'district_reviewer',
    areas: ['510104'],
  },
  {
    name: 'demo-qingyang-tb',
    displayName: '演示·青羊区填报员',
    role: 'district_reporter',
    areas: ['510105'],
  },
  {
    name: 'demo-enterprise',
    displayName: '演示·企业填报员（模拟独角兽企业001）',
    role: 'enterprise_reporter',
    enterprises: [DEMO_ENTERPRISE],
  },
  { name: 'demo-sim-mall', displayName: '演示·模拟商城数据接口', role: 'platform', platform: 'sim-mall' },
];

export interface DemoAccountLine {
  name: string;
  role: string;
  displayName: string;
  /** The password, or the platform token (only when the account was just created). */
  secret: string | null;
  created: boolean;
}

/**
 * With `on`: creates the demo accounts that are missing and enables those disabled; without: disables them.
 * Returns each demo account, with the secret of those just created.
 */
export async function ensureDemoAccounts(accounts: Accounts, on: boolean): Promise<DemoAccountLine[]> {
  const out: DemoAccountLine[] = [];
  for (const d of DEMO_ACCOUNTS) {
    const existing = await accounts.byName(d.name);
    if (existing) {
      if (existing.demo && existing.disabled === on) await accounts.setDisabled(d.name, !on);
      out.push({
        name: d.name,
        role: d.role,
        displayName: d.displayName ?? d.name,
        secret: null,
        created: false,
      });
    } else if (on) {
      const made = await accounts.add(
        { ...d, demo: true, ...(d.role === 'platform' ? {} : { password: DEMO_PASSWORD }) },
        'npm start',
      );
      out.push({
        name: d.name,
        role: d.role,
        displayName: d.displayName ?? d.name,
        secret: made.token ?? DEMO_PASSWORD,
        created: true,
      });
    }
  }
  return out;
}
