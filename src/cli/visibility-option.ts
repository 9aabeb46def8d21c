import { UserError } from '../domain/user-error.js';
import { VISIBILITIES, type Visibility } from '../store/visibility.js';

export const VISIBILITY_HELP = '看到的数据：published 仅已发布（默认）；working 含待审核批次';

/** `--as published|working`. */
export function parseVisibility(value: string | undefined): Visibility {
  const v = value ?? 'published';
  if (!(VISIBILITIES as readonly string[]).includes(v))
    throw new UserError({
      place: '--as',
      value: v,
      message: '不支持的取值',
      hint: '可用 published 或 working',
    });
  return v as Visibility;
}
