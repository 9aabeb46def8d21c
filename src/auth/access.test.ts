import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { type Actor, ANONYMOUS, allows, canSeeArea, notInScope, readScopeOf } from './access.js';
import { enforceAccess } from './enforce-access.js';

const jinjiang: Actor = {
  id: 'u1',
  name: 'jinjiang-tj',
  role: 'district_reporter',
  areas: ['510104'],
  enterprises: [],
  platform: null,
  via: 'session',
};
const analyst: Actor = { ...jinjiang, name: 'analyst', role: 'analyst', areas: 'all' };

describe('who may call a route', () => {
  it('public routes admit everyone; role lists admit only those roles and never the public', () => {
    expect(allows('public', ANONYMOUS)).toBe(true);
    expect(allows('signed_in', ANONYMOUS)).toBe(false);
    expect(allows('signed_in', jinjiang)).toBe(true);
    expect(allows(['analyst', 'admin'], jinjiang)).toBe(false);
    expect(allows(['analyst', 'admin'], analyst)).toBe(true);
  });

  it('a district account sees its own area only; an analyst every area', () => {
    expect(canSeeArea(jinjiang, '510104')).toBe(true);
    expect(canSeeArea(jinjiang, '510105')).toBe(false);
    expect(canSeeArea(analyst, '510105')).toBe(true);
  });

  it('reads: the public published only, a district its own pending figures, an analyst all pending', () => {
    expect(readScopeOf(ANONYMOUS)).toEqual({ visibility: 'published' });
    expect(readScopeOf(jinjiang)).toEqual({ visibility: 'working', workingAreas: ['510104'] });
    expect(readScopeOf(analyst)).toEqual({ visibility: 'working' });
  });

  it('an object outside the scope answers 404 worded like a missing one', () => {
    const p = notInScope('id', 'S-1', '报表');
    expect(p.status).toBe(404);
    expect(p.detail).toBe('找不到报表「S-1」。');
  });

  it('a guarded route registered without an access declaration does not build', () => {
    const app = Fastify();
    enforceAccess(app, async () => null);
    expect(() => app.get('/api/v1/secret', async () => 'x')).toThrow(/declares no access/);
    expect(() => app.get('/api/v1/open', { config: { access: 'public' } }, async () => 'x')).not.toThrow();
    expect(() => app.get('/about', async () => 'x')).not.toThrow();
  });
});
