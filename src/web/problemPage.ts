/** Problems as pages, not JSON: 400/403/404/409/422 with a title and what the person can do. */
import type { FastifyReply, FastifyRequest } from "fastify";

export function problemPage(
  reply: FastifyReply,
  status: number,
  title: string,
  detail: string,
  request?: FastifyRequest,
) {
  return reply.code(status).view("problem.njk", {
    title,
    detail,
    status,
    who: request?.session?.who,
    csrfToken: request?.session?.who ? reply.generateCsrf?.() : undefined,
  });
}
