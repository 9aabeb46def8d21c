import type { Command } from 'commander';
import { ROLE_LABELS } from '../../auth/access.js';
import { type Account, Accounts } from '../../auth/accounts.js';
import { ensureDemoAccounts } from '../../auth/demo-accounts.js';
import { ioOf } from '../cli-io.js';
import { planFor, withStore } from '../context.js';
import { parseFormat, toCsv, toTable } from '../output.js';
import { cliWriter as writer } from './batches.js';

const REASON = '原因（记入审计日志）';
const ACTOR = '操作人（默认当前系统用户）';

const collect = (value: string, previous: string[] = []): string[] => [
  ...previous,
  ...value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean),
];

async function withAccounts<T>(cmd: Command, fn: (accounts: Accounts) => Promise<T>): Promise<T> {
  return withStore(cmd, async (store) => {
    const { plan } = await planFor(store);
    return fn(new Accounts(store.driver, plan));
  });
}

function scopeOf(a: Account): string {
  return [...a.areas, ...a.enterprises, ...(a.platform ? [a.platform] : [])].join(',') || '全部';
}

function state(a: Account): string {
  if (a.disabled) return '已停用';
  if (a.lockedUntil && new Date(a.lockedUntil) > new Date()) return `锁定至 ${a.lockedUntil.slice(0, 16)}`;
  return '正常';
}

export function registerUsers(program: Command): void {
  const users = program.command('users').description('账号与角色 / accounts and roles');
  users
    .command('add <name>')
    .description('新建账号（未给 --password 时生成密码并只显示一次）/ add an account')
    .requiredOption(
      '--role <R>',
      `角色：${Object.entries(ROLE_LABELS)
        .filter(([r]) => r !== 'anonymous')
        .map(([r, l]) => `${r}（${l.zh}）`)
        .join('、')}`,
    )
    .option('--area <CODES>', '区县填报员/审核员负责的区划代码或片区，可逗号分隔或重复', collect)
    .option('--enterprise <USCC>', '企业填报员的统一社会信用代码，可逗号分隔或重复', collect)
    .option('--platform <P>', '平台数据接口的平台代码，如 sim-mall（生成令牌并只显示一次）')
    .option('--display-name <N>', '显示名称，如 锦江区统计员张三')
    .option('--password <P>', '初始密码（至少 10 位，含字母和数字）；不给则自动生成')
    .option('--reason <TEXT>', REASON)
    .option('--actor <NAME>', ACTOR)
    .action(
      async (
        name: string,
        o: {
          role: string;
          area?: string[];
          enterprise?: string[];
          platform?: string;
          displayName?: string;
          password?: string;
          reason?: string;
          actor?: string;
        },
        cmd: Command,
      ) => {
        const io = ioOf(cmd);
        await withAccounts(cmd, async (accounts) => {
          const made = await accounts.add(
            {
              name,
              role: o.role,
              ...(o.area ? { areas: o.area } : {}),
              ...(o.enterprise ? { enterprises: o.enterprise } : {}),
              ...(o.platform !== undefined ? { platform: o.platform } : {}),
              ...(o.displayName !== undefined ? { displayName: o.displayName } : {}),
              ...(o.password !== undefined ? { password: o.password } : {}),
            },
            writer(o),
          );
          const a = made.account;
          io.out.write(`已新建账号 ${a.name}（${ROLE_LABELS[a.role].zh}，范围 ${scopeOf(a)}）\n`);
          if (made.password)
            io.out.write(`初始密码（只显示这一次，请转交本人并提醒登录后妥善保管）：${made.password}\n`);
          if (made.token)
            io.out.write(
              `平台令牌（只显示这一次，服务器只保存其摘要）：${made.token}\n用法：curl -X PUT -H "Authorization: Bearer <令牌>" --data-binary @feed.csv http://服务器/api/v1/feeds/${a.platform}/2025-03\n`,
            );
        });
      },
    );
  users
    .command('list')
    .description('列出账号 / list accounts')
    .option('--format <table|csv|json>', '输出格式', 'table')
    .action(async (o: { format: string }, cmd: Command) => {
      const format = parseFormat(o.format);
      const io = ioOf(cmd);
      await withAccounts(cmd, async (accounts) => {
        const list = await accounts.list();
        if (format === 'json') io.out.write(`${JSON.stringify(list, null, 2)}\n`);
        else if (format === 'csv')
          io.out.write(
            toCsv(
              ['name', 'displayName', 'role', 'scope', 'state', 'demo', 'createdAt'],
              list.map((a) => ({ ...a, scope: scopeOf(a), state: state(a) })),
            ),
          );
        else
          io.out.write(
            toTable(
              ['账号', '名称', '角色', '范围', '状态', '创建时间'],
              list.map((a) => [
                `${a.name}${a.demo ? '（演示）' : ''}`,
                a.displayName,
                ROLE_LABELS[a.role].zh,
                scopeOf(a),
                state(a),
                a.createdAt.slice(0, 16),
              ]),
            ),
          );
      });
    });
  for (const [verb, disabled, zh] of [
    ['disable', true, '停用'],
    ['enable', false, '启用'],
  ] as const)
    users
      .command(`${verb} <name>`)
      .description(`${zh}账号${disabled ? '（并结束其所有会话、令牌失效）' : ''} / ${verb} an account`)
      .option('--reason <TEXT>', REASON)
      .option('--actor <NAME>', ACTOR)
      .action(async (name: string, o: { reason?: string; actor?: string }, cmd: Command) => {
        await withAccounts(cmd, async (accounts) => {
          await accounts.setDisabled(name, disabled, writer(o));
          ioOf(cmd).out.write(`已${zh}账号 ${name}\n`);
        });
      });
  users
    .command('reset-password <name>')
    .description('重置密码并解除锁定（平台账号：换发新令牌，旧令牌失效）/ reset a password')
    .option('--password <P>', '新密码（至少 10 位，含字母和数字）；不给则自动生成')
    .option('--reason <TEXT>', REASON)
    .option('--actor <NAME>', ACTOR)
    .action(async (name: string, o: { password?: string; reason?: string; actor?: string }, cmd: Command) => {
      const io = ioOf(cmd);
      await withAccounts(cmd, async (accounts) => {
        const r = await accounts.resetPassword(name, o.password, writer(o));
        io.out.write(`已重置账号 ${name}，其已登录的会话均已结束。\n`);
        if (r.password) io.out.write(`新密码（只显示这一次）：${r.password}\n`);
        if (r.token) io.out.write(`新令牌（只显示这一次，旧令牌已失效）：${r.token}\n`);
      });
    });
  users
    .command('set-scope <name>')
    .description('更改账号的角色与范围（结束其会话；记入审计日志）/ change an account’s role and scope')
    .requiredOption('--role <R>', '角色（不变也须给出）')
    .option('--area <CODES>', '区划代码或片区，可逗号分隔或重复', collect)
    .option('--enterprise <USCC>', '统一社会信用代码，可逗号分隔或重复', collect)
    .option('--platform <P>', '平台代码（平台数据接口账号）')
    .option('--reason <TEXT>', REASON)
    .option('--actor <NAME>', ACTOR)
    .action(
      async (
        name: string,
        o: {
          role: string;
          area?: string[];
          enterprise?: string[];
          platform?: string;
          reason?: string;
          actor?: string;
        },
        cmd: Command,
      ) => {
        await withAccounts(cmd, async (accounts) => {
          const a = await accounts.setScope(
            name,
            {
              role: o.role,
              ...(o.area ? { areas: o.area } : {}),
              ...(o.enterprise ? { enterprises: o.enterprise } : {}),
              ...(o.platform !== undefined ? { platform: o.platform } : {}),
            },
            writer(o),
          );
          ioOf(cmd).out.write(`已更改账号 ${a.name}：${ROLE_LABELS[a.role].zh}，范围 ${scopeOf(a)}\n`);
        });
      },
    );
  users
    .command('demo')
    .description('创建演示账号（已有则启用）；--off 停用全部演示账号 / demo accounts')
    .option('--off', '停用演示账号')
    .action(async (o: { off?: boolean }, cmd: Command) => {
      const io = ioOf(cmd);
      await withAccounts(cmd, async (accounts) => {
        const lines = await ensureDemoAccounts(accounts, !o.off);
        if (o.off) {
          if (lines.length) io.out.write(`演示账号已停用（${lines.length} 个）。\n`);
          return;
        }
        const fresh = lines.filter((l) => l.created);
        if (!fresh.length) {
          io.out.write(
            '演示账号已启用（密码见 README「演示账号」；平台令牌可用 ecmon users reset-password demo-sim-mall 换发）。\n',
          );
          return;
        }
        io.out.write(
          '已创建演示账号（标记为演示，仅供体验；正式使用前请用 npm start -- --no-demo 停用）：\n',
        );
        io.out.write(
          toTable(
            ['账号', '角色', '密码 / 令牌（只显示这一次）'],
            fresh.map((l) => [l.name, l.displayName, l.secret ?? '']),
          ),
        );
      });
    });
}
