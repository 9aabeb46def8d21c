/**
 * Who makes a request, in one place: the actor a write records (registry versions: who, when, why) and what
 * a reader may see. Until accounts land (the auth issue), every reader is the public (published batches,
 * public credit records) and the actor is the `X-Ecmon-Actor` header or `网页用户`; the auth branch replaces
 * these two functions with the signed-in account and its role.
 */
import type { FastifyRequest } from 'fastify';
import type { Visibility } from '../store/visibility.js';

export interface Reader {
  /** Which batches' figures the reader sees. */
  visibility: Visibility;
  /** Whether credit records not marked public (公示) are shown (bureau staff only). */
  internal: boolean;
}

/** The public reader: published figures, public credit records only. */
export const PUBLIC_READER: Reader = { visibility: 'published', internal: false };

export function readerOf(_request: FastifyRequest): Reader {
  return PUBLIC_READER;
}

const ACTOR = /^[\p{L}\p{N} ._@-]{1,64}$/u;

/** The name a write records as its author. */
export function actorOf(request: FastifyRequest): string {
  const given = request.headers['x-ecmon-actor'];
  let name = '';
  try {
    name = typeof given === 'string' ? decodeURIComponent(given).trim() : '';
  } catch {
    name = '';
  }
  return ACTOR.test(name) ? name : '网页用户';
}
