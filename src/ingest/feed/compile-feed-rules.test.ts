import { describe, expect, it } from 'vitest';
import { loadPlan } from '../../plan/load-plan.js';
import { ENGINES } from '../../store/engines.js';
import { compileFeedFilter, FeedFilterError } from './compile-feed-filter.js';
import { CUBE_DIMENSIONS, domainPredicate, feedCellsSql } from './compile-feed-rules.js';
import { typedSelect } from './feed-columns.js';
import { validationSql } from './validate-feed.js';

const plan = loadPlan('plans/chengdu-ec-2021-2025.yaml');

describe.each(ENGINES.filter((e) => e.transactional).map((e) => [e.name, e.dialect] as const))(
  'mapping rules compiled for %s',
  (_, d) => {
    it('compiles each measure rule of the Chengdu plan to a predicate over whitelisted codes', () => {
      const compiled = Object.fromEntries(
        plan.feed_rules.map((r) => [r.measure, compileFeedFilter(r.where, d)]),
      );
      expect(compiled).toMatchInlineSnapshot(`
      {
        "agricultural_online_retail": "("is_agricultural") AND ("trade_mode" IN ('B2C', 'C2C'))",
        "cross_border_ec_volume": "("cross_border" <> 'none')",
        "ec_transaction_volume": "TRUE",
        "live_streaming_ec_volume": "("is_live") AND ("trade_mode" IN ('B2C', 'C2C'))",
        "online_retail_sales": "("trade_mode" IN ('B2C', 'C2C'))",
        "physical_goods_online_retail": "("trade_mode" IN ('B2C', 'C2C')) AND ("goods_or_service" = 'goods')",
        "service_online_retail": "("trade_mode" IN ('B2C', 'C2C')) AND ("goods_or_service" = 'service')",
      }
    `);
    });

    it('makes the rules of one domain alternatives', () => {
      const rural = plan.domain_rules.filter((r) => r.domain === 'rural_ec');
      expect(domainPredicate(rural, d)).toBe('(("is_rural_seller")) OR (("is_agricultural"))');
    });

    it('compiles the whole batch aggregation statement', () => {
      expect(feedCellsSql(plan, d)).toMatchSnapshot();
    });

    it('types a raw feed relation with the dialect’s try-casts', () => {
      expect(typedSelect(d, 'feed_raw', ['ref'])).toMatchSnapshot();
    });

    it('compiles the validation statements with the dialect’s casts, patterns and duplicate probes', () => {
      expect(validationSql(d, 'feed_rows_x', 'ref', CUBE_DIMENSIONS)).toMatchSnapshot();
    });
  },
);

describe('the filter compiler', () => {
  const d = (ENGINES[0] as (typeof ENGINES)[number]).dialect;
  it('refuses a field, an operator or a value outside the feed format', () => {
    expect(() => compileFeedFilter([{ field: 'gmv', op: 'eq', values: ['1'] }], d)).toThrow(FeedFilterError);
    expect(() => compileFeedFilter([{ field: 'is_live', op: 'eq', values: ['1'] }], d)).toThrow(
      FeedFilterError,
    );
    expect(() =>
      compileFeedFilter([{ field: 'trade_mode', op: 'in', values: ["B2C') OR 1=1 --"] }], d),
    ).toThrow(FeedFilterError);
  });
  it('compiles not_in and ne', () => {
    expect(
      compileFeedFilter(
        [
          { field: 'category', op: 'not_in', values: ['food', 'books'] },
          { field: 'is_custom', op: 'is_false' },
        ],
        d,
      ),
    ).toBe(`("category" NOT IN ('food', 'books')) AND (NOT "is_custom")`);
  });
});
