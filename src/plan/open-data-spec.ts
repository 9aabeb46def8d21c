/**
 * The plan's `open_data:` block (docs/plan-format.md, docs/open-data.md): who publishes the open data (提供单位),
 * how to reach them, the licence every page and download names, the release calendar, and which registry
 * lists are public. Every field is optional; what is left out takes a default that the portal states as a
 * default (src/opendata/open-data-terms.ts).
 */
import { z } from 'zod';
import type { ReferenceIssue } from './check-plan-references.js';
import { ENTERPRISE_KIND, type RegistrySpec } from './registry-spec.js';

const text = z.string().min(1);

/** The credit lists the registry can publish beside its designation lists (a kind id never has a hyphen). */
export const CREDIT_LISTS = ['credit-dishonest', 'credit-watch'] as const;

export const openDataSpecSchema = z.strictObject({
  /** 提供单位: the body that publishes the data (default: the plan's issuer). */
  publisher: z.strictObject({ name: text, name_en: z.string().optional() }).optional(),
  /** Where users ask about the data. */
  contact: z
    .strictObject({
      name: z.string().optional(),
      email: z.string().optional(),
      phone: z.string().optional(),
      url: z.string().optional(),
    })
    .optional(),
  /** The licence of every open page and download (default: CC BY 4.0, shown as a default). */
  licence: z
    .strictObject({ name: text, name_en: z.string().optional(), url: z.string().optional() })
    .optional(),
  /** 发布日程: what is released when. */
  release_calendar: z
    .array(
      z.strictObject({
        data: text,
        data_en: z.string().optional(),
        when: text,
        when_en: z.string().optional(),
      }),
    )
    .min(1)
    .optional(),
  /**
   * The registry lists published as open data: kind ids (`enterprise`, `base`, …: who holds which
   * designation) and `credit-dishonest` / `credit-watch`. Default: every kind that can hold a designation,
   * and both credit lists.
   */
  registry_lists: z.array(text).optional(),
});

export type OpenDataSpec = z.output<typeof openDataSpecSchema>;

/** The registry lists a plan may publish: kinds that can hold a designation, then the credit lists. */
export function publishableRegistryLists(registry: RegistrySpec): string[] {
  const kinds = [ENTERPRISE_KIND, ...registry.kinds.map((k) => k.id)];
  const held = new Set(registry.designations.flatMap((d) => d.kinds));
  return [...kinds.filter((k) => held.has(k)), ...CREDIT_LISTS];
}

/** `registry_lists` names lists the plan's registry has. */
export function checkOpenDataReferences(
  spec: OpenDataSpec | undefined,
  registry: RegistrySpec,
): ReferenceIssue[] {
  const known = publishableRegistryLists(registry);
  return (spec?.registry_lists ?? []).flatMap((id, i) =>
    known.includes(id)
      ? []
      : [
          {
            path: ['open_data', 'registry_lists', i],
            message: `名单「${id}」不是本规划库中可公开的名单`,
            hint: `可选：${known.join('、')}（有认定称号的类别，以及信用名单）`,
          },
        ],
  );
}
