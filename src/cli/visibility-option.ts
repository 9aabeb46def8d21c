import { UserError } from '../domain/user-error.js';
import { VISIBILITIES, type Visibility } from '../store/visibility.js';

export const VISIBILITY_HELP =
  '看到的数据：published 仅已发布（默认）；working 含待审核批次；open 公开数据（已发布且非模拟）';

/** `--as published|working|open`. */
export function parseVisibility(value: string | undefined): Visibility {
  const v = value ?? 'published';
  if (!(VISIBILITIES as readonly string[]).includes(v))
    throw new UserError({
      place: '--as',
      value: v,
      message: '不支持的取值',
      hint: '可用 published、working 或 open',
    });
  return v as Visibility;
}
