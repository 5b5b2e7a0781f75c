/**
 * A page's form run as a command: the same command handler as the API (role, zod input, decider, append
 * with optimistic concurrency), its outcome turned into what a person sees — back to the page on success,
 * the form again with the GOV.UK error summary (400 bad input, 422 a rule broken) linked to the field,
 * a 409 page when someone else changed the record since the form was shown, a 403 page when not allowed.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { WebOptions } from "./plugin.js";
import { pageCommand } from "./pageCommand.js";
import { problemPage } from "./problemPage.js";

export interface FieldError {
  text: string;
  href: string;
}

/** The id of the form field an input path names: `["council", "name"]` → `council-name`. */
export const fieldId = (path: readonly PropertyKey[]) => path.map(String).join("-");

export interface CommandForm {
  /** A command name from the command table, e.g. `updateActionProgress`. */
  command: string;
  /** The stream id: the action id, the case id, the LA code. */
  id: string;
  input: unknown;
  /** The revision the form was shown at (a hidden field): a mismatch is someone else's change, a 409. */
  expectedRevision?: number;
  /** Field ids by input path (`fieldId`), with the words to put before the message. */
  labels: ReadonlyMap<string, string>;
  /** The field an error without a path (or an unknown one) is linked to. */
  firstField: string;
  /** Where to go once it is recorded. */
  done: string;
  /** What was being changed, for the 409 and 403 pages ("this action"). */
  what: string;
  /** Show the form again with its errors, answering with this status. */
  again: (status: 400 | 422, errors: FieldError[]) => unknown;
}

/** The error summary's rows for an outcome's issues, each linked to its field. */
export function fieldErrors(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  labels: ReadonlyMap<string, string>,
  firstField: string,
): FieldError[] {
  return issues.map((i) => {
    // The nearest path prefix that names a field on the form (a nested path names its field's part).
    let id: string | undefined;
    for (let n = i.path.length; n > 0 && id === undefined; n--) {
      const candidate = fieldId(i.path.slice(0, n));
      if (labels.has(candidate)) id = candidate;
    }
    const field = id ?? firstField;
    return { text: `${labels.get(field) ?? "This form"}: ${i.message}`, href: `#${field}` };
  });
}

/** Run the form's command and answer the page for its outcome. */
export async function submitCommand(
  request: FastifyRequest,
  reply: FastifyReply,
  o: WebOptions,
  form: CommandForm,
) {
  const outcome = await pageCommand(o, request, form.command, form.id, form.input, form.expectedRevision);
  switch (outcome.kind) {
    case "appended":
      return reply.redirect(form.done, 303);
    case "invalid":
      return form.again(400, fieldErrors(outcome.issues, form.labels, form.firstField));
    case "rejected":
      return form.again(
        outcome.error.status ?? 422,
        fieldErrors([outcome.error], form.labels, form.firstField),
      );
    case "conflict":
      return problemPage(
        reply,
        409,
        `Someone else changed ${form.what}`,
        "Someone else recorded a change since you opened this page. Reload the page to see their change, then try again.",
        request,
      );
    case "forbidden":
      return problemPage(reply, 403, `You cannot change ${form.what}`, outcome.message, request);
  }
}

/** A form field's text, trimmed; absent fields are empty. */
export const text = (body: unknown, name: string): string => {
  const value = body && typeof body === "object" ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === "string" ? value.trim() : "";
};

/** A whole number typed in a form, or the text itself (so zod names the field when it is not one). */
export const numberOrText = (typed: string): number | string =>
  /^-?\d+(\.\d+)?$/.test(typed) ? Number(typed) : typed;
