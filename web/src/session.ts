/** Who is signed in, loaded once and updated by signing in and out. */
import { shallowRef } from 'vue';
import type { AccountSummary, SessionResponse } from '../../src/api/contract/auth-contract.js';
import { authApi, setCsrfToken } from './api.js';

export const account = shallowRef<AccountSummary | null>(null);
/** The session has been asked for (the header waits for it before offering to sign in). */
export const sessionKnown = shallowRef(false);
/** The server has demo accounts enabled. */
export const demoAccounts = shallowRef(false);

function apply(s: SessionResponse): AccountSummary | null {
  account.value = s.account;
  demoAccounts.value = s.demo_accounts;
  setCsrfToken(s.csrf_token);
  sessionKnown.value = true;
  return s.account;
}

export async function loadSession(): Promise<AccountSummary | null> {
  try {
    return apply(await authApi.session());
  } catch {
    sessionKnown.value = true;
    return null;
  }
}

export async function signIn(name: string, password: string): Promise<AccountSummary | null> {
  return apply(await authApi.signIn(name, password));
}

export async function signOut(): Promise<void> {
  try {
    apply(await authApi.signOut());
  } catch {
    apply({ signed_in: false, account: null, csrf_token: null, demo_accounts: demoAccounts.value });
  }
}
