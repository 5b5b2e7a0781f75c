/**
 * Errors as RFC 9457 problem details (`application/problem+json`). Every field-level error names its path
 * (`section`, `criteria.0.code`) and a JSON pointer, so a form can put the message beside the field.
 */
import type { FastifyReply } from "fastify";
import type { z } from "zod";

export interface FieldError {
  path: string;
  pointer: string;
  message: string;
  code?: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

const TYPE_BASE = "https://send-evidence-store.example/problems/";

export function fieldError(path: readonly PropertyKey[], message: string, code?: string): FieldError {
  const parts = path.map(String);
  return {
    path: parts.length > 0 ? parts.join(".") : "(body)",
    pointer: `/${parts.map((p) => p.replaceAll("~", "~0").replaceAll("/", "~1")).join("/")}`,
    message,
    ...(code ? { code } : {}),
  };
}

/** One field error per zod issue; an unexpected key is named as its own field. */
export const fromZodIssues = (issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[] = []) =>
  issues.flatMap((i) =>
    i.code === "unrecognized_keys"
      ? i.keys.map((k) => fieldError([...prefix, ...i.path, k], "is not a field of this command", i.code))
      : [fieldError([...prefix, ...i.path], i.message, i.code)],
  );

export function problem(status: number, slug: string, title: string, extra: Partial<Problem> = {}): Problem {
  return { type: `${TYPE_BASE}${slug}`, title, status, ...extra };
}

export function sendProblem(reply: FastifyReply, p: Problem) {
  return reply
    .code(p.status)
    .type("application/problem+json")
    .send({ ...p, instance: p.instance ?? reply.request.url });
}
