/**
 * An HTTP error with its status, sent as RFC 9457 Problem Details (`application/problem+json`). Thrown by the
 * service and the validation; the server's error handler sends it as is (the status is never guessed).
 *
 * @example
 * throw HttpProblem.notFound('indicator', 'gdp', '参数 indicator 的值「gdp」不是本规划的指标编号');
 */
import type { Problem } from './contract/schemas.js';

const TITLES: Record<number, string> = {
  400: '请求参数无效 Bad request',
  401: '需要登录 Unauthorized',
  403: '无权访问 Forbidden',
  404: '找不到 Not found',
  409: '冲突 Conflict',
  413: '请求内容过大 Payload too large',
  429: '请求过多 Too many requests',
  500: '服务器内部错误 Internal server error',
};

/** Problem types, documented on the docs page under these anchors. */
export const PROBLEM_TYPES = {
  400: '/api/v1/docs#problem-bad-parameter',
  401: '/api/v1/docs#problem-unauthorized',
  403: '/api/v1/docs#problem-forbidden',
  404: '/api/v1/docs#problem-not-found',
  409: '/api/v1/docs#problem-conflict',
  413: '/api/v1/docs#problem-too-large',
  429: '/api/v1/docs#problem-too-many-requests',
  500: '/api/v1/docs#problem-internal',
} as const;

export type ProblemStatus = keyof typeof PROBLEM_TYPES;

export class HttpProblem extends Error {
  constructor(
    readonly status: ProblemStatus,
    readonly detail: string,
    readonly parameter?: string,
    readonly value?: unknown,
    /** A form's problems, each naming its field. */
    readonly errors?: Problem['errors'],
  ) {
    super(detail);
    this.name = 'HttpProblem';
  }

  /** Headers sent with the problem (e.g. `Retry-After` with a 429). */
  readonly headers: Record<string, string> = {};

  withHeader(name: string, value: string): this {
    this.headers[name] = value;
    return this;
  }

  static badParameter(parameter: string, value: unknown, detail: string): HttpProblem {
    return new HttpProblem(400, detail, parameter, value);
  }

  /** A form that did not pass: `detail` lists every problem, `errors` names each field. */
  static form(errors: NonNullable<Problem['errors']>): HttpProblem {
    const detail = errors.map((e) => `${e.label}：${e.value ? `「${e.value}」` : ''}${e.message}`).join('；');
    return new HttpProblem(400, `表单有误：${detail}`, errors[0]?.field, errors[0]?.value, errors);
  }

  static notFound(parameter: string, value: string, detail: string): HttpProblem {
    return new HttpProblem(404, detail, parameter, value);
  }

  /** The Problem Details body for a request to `instance` (its path). */
  body(instance: string): Problem {
    return {
      type: PROBLEM_TYPES[this.status],
      title: TITLES[this.status] ?? '',
      status: this.status,
      detail: this.detail,
      instance,
      ...(this.parameter !== undefined ? { parameter: this.parameter, value: this.value } : {}),
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}
