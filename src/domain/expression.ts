/**
 * A tiny arithmetic language for computed indicators: numbers, identifiers (`[a-z_][a-z0-9_]*`, measure or
 * indicator ids), `+ - * /`, unary minus and parentheses. `physical_goods_online_retail / retail_sales_consumer_goods * 100`.
 */
export type Expr =
  | { kind: 'number'; value: number }
  | { kind: 'id'; name: string; column: number }
  | { kind: 'negate'; operand: Expr }
  | { kind: 'binary'; op: '+' | '-' | '*' | '/'; left: Expr; right: Expr };

/** A syntax error; `column` is 1-based within the expression text. */
export class ExpressionError extends Error {
  constructor(
    readonly column: number,
    readonly reason: string,
  ) {
    super(`第 ${column} 列：${reason}`);
    this.name = 'ExpressionError';
  }
}

interface Token {
  type: 'number' | 'id' | 'op' | 'end';
  text: string;
  column: number;
}

const TOKEN = /\s*(?:(\d+(?:\.\d+)?)|([a-z_][a-z0-9_]*)|([-+*/()]))/y;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const start = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m) {
      const at = start + (text.slice(start).length - text.slice(start).trimStart().length);
      if (at >= text.length) break;
      throw new ExpressionError(
        at + 1,
        `无法识别的字符「${text[at]}」（标识符只能用小写字母、数字和下划线）`,
      );
    }
    const column = TOKEN.lastIndex - m[0].trimStart().length + 1;
    if (m[1] !== undefined) tokens.push({ type: 'number', text: m[1], column });
    else if (m[2] !== undefined) tokens.push({ type: 'id', text: m[2], column });
    else tokens.push({ type: 'op', text: m[3] ?? '', column });
  }
  tokens.push({ type: 'end', text: '', column: text.trimEnd().length + 1 });
  return tokens;
}

/**
 * Parses an expression to an AST; throws {@link ExpressionError} naming the column.
 * @example parseExpression('a / b * 100') // binary(*, binary(/, a, b), 100)
 */
export function parseExpression(text: string): Expr {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = (): Token => tokens[pos] as Token;
  const next = (): Token => tokens[pos++] as Token;

  function primary(): Expr {
    const t = next();
    if (t.type === 'number') return { kind: 'number', value: Number(t.text) };
    if (t.type === 'id') return { kind: 'id', name: t.text, column: t.column };
    if (t.text === '-') return { kind: 'negate', operand: primary() };
    if (t.text === '(') {
      const inner = sum();
      const close = next();
      if (close.text !== ')') throw new ExpressionError(close.column, '缺少右括号「)」');
      return inner;
    }
    throw new ExpressionError(
      t.column,
      t.type === 'end' ? '表达式不完整，缺少运算数' : `此处应为数字、标识符或「(」，实际为「${t.text}」`,
    );
  }
  function product(): Expr {
    let left = primary();
    while (peek().text === '*' || peek().text === '/') {
      const op = next().text as '*' | '/';
      left = { kind: 'binary', op, left, right: primary() };
    }
    return left;
  }
  function sum(): Expr {
    let left = product();
    while (peek().text === '+' || peek().text === '-') {
      const op = next().text as '+' | '-';
      left = { kind: 'binary', op, left, right: product() };
    }
    return left;
  }

  const ast = sum();
  const rest = peek();
  if (rest.type !== 'end') throw new ExpressionError(rest.column, `多余的「${rest.text}」`);
  return ast;
}

/** The identifiers an expression references, in order of first appearance, each with its column. */
export function referencedIds(ast: Expr): { name: string; column: number }[] {
  const seen = new Map<string, number>();
  const walk = (e: Expr): void => {
    if (e.kind === 'id') {
      if (!seen.has(e.name)) seen.set(e.name, e.column);
    } else if (e.kind === 'negate') walk(e.operand);
    else if (e.kind === 'binary') {
      walk(e.left);
      walk(e.right);
    }
  };
  walk(ast);
  return [...seen].map(([name, column]) => ({ name, column }));
}

/** Evaluates an expression; null when any referenced value is null or a division is by zero. */
export function evaluate(ast: Expr, lookup: (id: string) => number | null): number | null {
  switch (ast.kind) {
    case 'number':
      return ast.value;
    case 'id':
      return lookup(ast.name);
    case 'negate': {
      const v = evaluate(ast.operand, lookup);
      return v === null ? null : -v;
    }
    case 'binary': {
      const l = evaluate(ast.left, lookup);
      const r = evaluate(ast.right, lookup);
      if (l === null || r === null) return null;
      switch (ast.op) {
        case '+':
          return l + r;
        case '-':
          return l - r;
        case '*':
          return l * r;
        case '/':
          return r === 0 ? null : l / r;
      }
    }
  }
}
