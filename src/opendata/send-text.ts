import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Sends text, gzipped when the client accepts it (pages are small; on a slow link every kilobyte counts). */
export function sendText(
  request: FastifyRequest,
  reply: FastifyReply,
  type: string,
  text: string,
  maxAge = 60,
): FastifyReply {
  reply.type(type).header('Cache-Control', `public, max-age=${maxAge}`).header('Vary', 'accept-encoding');
  if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? '')))
    return reply.header('Content-Encoding', 'gzip').send(gzipSync(Buffer.from(text)));
  return reply.send(text);
}
