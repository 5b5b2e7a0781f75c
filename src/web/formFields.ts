/** Reading a posted form as hostile input: one text field (trimmed, capped) or a repeated field as a list. */
import type { FastifyRequest } from "fastify";

const MAX = 8000;

const bodyOf = (request: FastifyRequest) => {
  const body = request.body;
  return body !== null && typeof body === "object" ? (body as Record<string, unknown>) : {};
};

/** A text field as typed (trimmed), "" when absent or not text; a repeated field gives its first value. */
export function textField(request: FastifyRequest, name: string): string {
  const raw = Object.hasOwn(bodyOf(request), name) ? bodyOf(request)[name] : undefined;
  const value = Array.isArray(raw) ? raw[0] : raw;
  return typeof value === "string" ? value.trim().slice(0, MAX) : "";
}

/** A repeated field (checkboxes) as a list of its text values, at most `limit` of them. */
export function listField(request: FastifyRequest, name: string, limit = 30): string[] {
  const raw = Object.hasOwn(bodyOf(request), name) ? bodyOf(request)[name] : undefined;
  const values = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return values.filter((v): v is string => typeof v === "string").slice(0, limit);
}

/** An error summary entry: the message and the id of the field it is about. */
export interface FieldError {
  text: string;
  href: string;
}

/** The errors as a lookup by field id, for each field's own error message. */
export const byField = (errors: readonly FieldError[]) =>
  Object.fromEntries(errors.filter((e) => e.href.startsWith("#")).map((e) => [e.href.slice(1), e.text]));
