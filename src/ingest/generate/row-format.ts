/**
 * One feed row as text: a CSV line, an NDJSON line, or the cell values of an XLSX row. Columns follow
 * FEED_COLUMNS. Values are ASCII codes and numbers, so no CSV quoting or JSON escaping is needed.
 */

import { FEED_COLUMNS } from '../../feed-format/feed-schema.js';
import type { FeedRow } from './feed-rows.js';
import { centsToYuan } from './simulated-totals.js';

export const CSV_HEADER = `${FEED_COLUMNS.join(',')}\n`;

export function csvLine(r: FeedRow): string {
  return `${r.period},${r.platform},${r.storeId},${r.sellerArea},${r.sellerUscc},${r.category},${r.goodsOrService},${r.tradeMode},${r.isLive},${r.isSocial},${r.isCustom},${r.isRuralSeller},${r.isAgricultural},${r.crossBorder},${centsToYuan(r.gmv)},${r.orders},${centsToYuan(r.refunds)}\n`;
}

/** An NDJSON line: gmv, refunds and orders as JSON numbers, flags as 0/1, no USCC as "". */
export function ndjsonLine(r: FeedRow): string {
  return `{"period":"${r.period}","platform":"${r.platform}","store_id":"${r.storeId}","seller_area":"${r.sellerArea}","seller_uscc":"${r.sellerUscc}","category":"${r.category}","goods_or_service":"${r.goodsOrService}","trade_mode":"${r.tradeMode}","is_live":${r.isLive},"is_social":${r.isSocial},"is_custom":${r.isCustom},"is_rural_seller":${r.isRuralSeller},"is_agricultural":${r.isAgricultural},"cross_border":"${r.crossBorder}","gmv":${centsToYuan(r.gmv)},"orders":${r.orders},"refunds":${centsToYuan(r.refunds)}}\n`;
}

/** XLSX cell values: codes as text (so 510104 and 9610 stay text), amounts and counts as numbers, no USCC as an empty cell. */
export function xlsxValues(r: FeedRow): (string | number | null)[] {
  return [
    r.period,
    r.platform,
    r.storeId,
    r.sellerArea,
    r.sellerUscc === '' ? null : r.sellerUscc,
    r.category,
    r.goodsOrService,
    r.tradeMode,
    r.isLive,
    r.isSocial,
    r.isCustom,
    r.isRuralSeller,
    r.isAgricultural,
    r.crossBorder,
    r.gmv / 100,
    r.orders,
    r.refunds / 100,
  ];
}
