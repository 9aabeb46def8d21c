/**
 * Passwords: the policy an account's password must meet, and scrypt hashes with a per-password random salt,
 * compared in constant time. The hash records its parameters, so they can be raised without breaking old
 * hashes.
 */
import { randomBytes, randomInt, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

/** scrypt cost: N = 2^15, r = 8, p = 1 (32 MiB, about 0.1 s here). */
const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
export const MIN_PASSWORD_LENGTH = 10;
const MAX_PASSWORD_LENGTH = 200;

function derive(password: string, salt: Buffer, o: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { N: o.N, r: o.r, p: o.p, maxmem: 256 * o.N * o.r };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (e, key) => (e ? reject(e) : resolve(key))),
  );
}

/** `scrypt$N$r$p$salt$key` (salt and key base64). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** A hash of nothing anyone knows: unknown accounts are checked against it, so they take as long. */
let decoy: Promise<string> | null = null;

/** Whether `password` matches `hash`; a missing hash (no such account) takes as long and answers false. */
export async function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  const [kind, n, r, p, salt, key] = (hash ?? (await decoy)).split('$');
  if (kind !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const got = await derive(password, Buffer.from(salt, 'base64'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return hash !== null && got.length === expected.length && timingSafeEqual(got, expected);
}

/** Why a password may not be used (Chinese, says what to do), or null. */
export function passwordProblem(password: string, accountName?: string): string | null {
  const rule = `密码须至少 ${MIN_PASSWORD_LENGTH} 位，并同时包含字母和数字`;
  if (password.length < MIN_PASSWORD_LENGTH) return `${rule}（当前只有 ${password.length} 位）`;
  if (password.length > MAX_PASSWORD_LENGTH) return `密码最长 ${MAX_PASSWORD_LENGTH} 位`;
  if (!/\p{L}/u.test(password) || !/\p{Nd}/u.test(password))
    return `${rule}（当前${/\p{L}/u.test(password) ? '缺少数字' : '缺少字母'}）`;
  if (accountName && password.toLowerCase().includes(accountName.toLowerCase())) return '密码不能包含账号名';
  return null;
}

/** A random password that meets the policy (shown once to whoever creates or resets an account). */
export function generatePassword(): string {
  // 16 characters from an alphabet without look-alikes, with at least one letter and one digit.
  const letters = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
  const digits = '23456789';
  const all = letters + digits;
  for (;;) {
    const pw = Array.from({ length: 16 }, () => all[randomInt(all.length)]).join('');
    if (passwordProblem(pw) === null) return pw;
  }
}
