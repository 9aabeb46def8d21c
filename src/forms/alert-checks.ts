/** The alerts each event raises, worded in Chinese and English with the cell or indicator they concern. */
import type { IndicatorResult } from '../engine/indicator-result.js';
import type { NewAlert } from './alerts.js';
import type { PlanNames } from './cell-label.js';
import type { Violation } from './evaluate-rules.js';
import { PROGRESS_ZH, type ProgressRow } from './progress.js';

/** 逾期未报: a form not submitted after its deadline (one alert per form × area × period). */
export function deadlineAlerts(rows: readonly ProgressRow[], names: PlanNames): NewAlert[] {
  return rows
    .filter((r) => r.days_overdue > 0)
    .map((r) => {
      const where = `${names.form(r.form).zh} · ${names.area(r.area).zh} · ${r.period}`;
      return {
        kind: 'deadline_passed',
        key: `deadline|${r.form}|${r.area}|${r.period}`,
        form_id: r.form,
        area: r.area,
        period: r.period,
        subject: r.batch_id,
        message_zh: `${where}：截止 ${r.deadline}，已逾期 ${r.days_overdue} 天，状态为${PROGRESS_ZH[r.state]}`,
        message_en: `${names.form(r.form).en} · ${names.area(r.area).en} · ${r.period}: due ${r.deadline}, ${r.days_overdue} day(s) overdue (${r.state.replace('_', ' ')})`,
      };
    });
}

/** 校验未通过: a rule that failed but let the submission through with a comment or explanation, or a Σ check. */
export function ruleAlerts(
  violations: readonly Violation[],
  subject: string,
  notes: Readonly<Record<string, string>>,
): NewAlert[] {
  return violations.map((v) => {
    const note = notes[v.note_key];
    return {
      kind: 'rule_failed',
      key: `rule|${subject}|${v.note_key}|${v.cell.area}`,
      form_id: v.cell.form,
      area: v.cell.area,
      period: v.cell.period,
      subject,
      message_zh: `${v.label.zh}：${v.message.zh}${note ? `；说明：${note}` : ''}`,
      message_en: `${v.label.en}: ${v.message.en}${note ? `; note: ${note}` : ''}`,
    };
  });
}

/** 平台数据被拒收: a delivery refused as a whole. */
export function feedRejectedAlert(platform: string, file: string, rows: number, errors: number): NewAlert {
  return {
    kind: 'feed_rejected',
    key: `feed|${platform}|${file}|${Date.now()}`,
    subject: platform,
    message_zh: `平台 ${platform} 的数据 ${file} 被拒收：${rows} 行中 ${errors} 行有错误，整批未写入`,
    message_en: `Feed ${file} from ${platform} was rejected: ${errors} of ${rows} rows have errors, nothing written`,
  };
}

/** 指标亮红灯: an indicator whose schedule light is red for an area and period. */
export function redLightAlerts(results: readonly IndicatorResult[], names: PlanNames): NewAlert[] {
  return results
    .filter((r) => r.schedule?.status === 'red')
    .map((r) => ({
      kind: 'light_red',
      key: `light|${r.indicator}|${r.area}|${r.period}`,
      area: r.area,
      period: r.period,
      subject: r.indicator,
      message_zh: `${r.name}（${names.area(r.area).zh} ${r.period}）亮红灯：低于序时进度${r.schedule?.gap === null || r.schedule?.gap === undefined ? '' : ` ${(Math.abs(r.schedule.gap) * 100).toFixed(1)}%`}`,
      message_en: `${r.indicator} (${names.area(r.area).en} ${r.period}) turned red: behind schedule`,
    }));
}
