/**
 * A problem caused by a user's input (a file, a command-line option, a form field).
 * It names the place, the value, the rule broken and what to do; it is printed, never thrown as a stack trace.
 */
export interface Problem {
  /** `file:line:column`, `file:line`, a form field or an option name. */
  place: string;
  /** The offending value as the user wrote it (may be empty). */
  value: string;
  /** What is wrong, in the user's language (Chinese first). */
  message: string;
  /** What to do about it. */
  hint?: string;
}

/** The longest value a message repeats; a longer one is cut, with its length stated. */
const SHOWN = 80;

/** `value` as a message shows it, on one line: at most 80 characters, then `…（共 N 字符）`. */
export function shownValue(value: string): string {
  const chars = [...value];
  const shown =
    chars.length > SHOWN ? `${chars.slice(0, SHOWN).join('')}…（共 ${chars.length} 字符）` : value;
  return shown.replace(/\r/g, '\\r').replace(/\n/g, '\\n');
}

export function formatProblem(p: Problem): string {
  const value = p.value === '' ? '' : ` ${shownValue(p.value)} —`;
  const hint = p.hint ? `（${p.hint}）` : '';
  return `${p.place}:${value} ${p.message}${hint}`;
}

/** Thrown for bad user input; the CLI prints `problems` and exits non-zero without a stack trace. */
export class UserError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem[] | Problem, summary?: string) {
    const list = Array.isArray(problems) ? problems : [problems];
    super(summary ?? list.map(formatProblem).join('\n'));
    this.name = 'UserError';
    this.problems = list;
  }
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}
