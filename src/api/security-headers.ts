/**
 * Security headers on every answer: a Content-Security-Policy the web app works under (its own scripts only;
 * inline styles, which Element Plus and ECharts set), no MIME sniffing, no referrer to other sites, never
 * framed by another page (clickjacking), and API answers never cached by shared caches.
 */
import type { FastifyInstance } from 'fastify';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function securityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply) => {
    reply.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'same-origin');
    reply.header('X-Frame-Options', 'DENY');
    reply.header('Cross-Origin-Opener-Policy', 'same-origin');
    // Answers that depend on who asks must not be kept by a shared cache.
    if (request.actor && request.actor.role !== 'anonymous' && !reply.hasHeader('cache-control'))
      reply.header('Cache-Control', 'private, no-store');
  });
}
