/**
 * A form with a file (`multipart/form-data`), read by the web platform's own parser (`Response.formData`,
 * part of Node), so no second parser is kept here: text fields become strings (the CSRF token among
 * them, where the CSRF check looks), the file its name and bytes. Bounded by the parser's body limit.
 */
import type { FastifyError, FastifyInstance, FastifyRequest } from "fastify";
import { problemPage } from "./problemPage.js";

export interface UploadedFile {
  name: string;
  bytes: Buffer;
}

export interface UploadedForm {
  fields: Map<string, string>;
  files: Map<string, UploadedFile>;
  /** The CSRF token, where @fastify/csrf-protection reads it (`body._csrf`). */
  _csrf?: string;
}

export class UploadError extends Error {
  statusCode = 400;
}

export async function readUploadedForm(contentType: string, body: Buffer): Promise<UploadedForm> {
  let data: FormData;
  try {
    data = await new Response(body, { headers: { "content-type": contentType } }).formData();
  } catch {
    throw new UploadError("The form could not be read: choose the file and send it again");
  }
  const fields = new Map<string, string>();
  const files = new Map<string, UploadedFile>();
  for (const [name, value] of data) {
    if (typeof value === "string") fields.set(name, value);
    else files.set(name, { name: value.name, bytes: Buffer.from(await value.arrayBuffer()) });
  }
  const csrf = fields.get("_csrf");
  return { fields, files, ...(csrf !== undefined ? { _csrf: csrf } : {}) };
}

/**
 * Accept `multipart/form-data` in this scope, up to `bodyLimit` bytes. A body too large (413) or that is
 * not a readable form (400) is answered with a problem page saying what to do (`tooLarge`), before anyone
 * is signed in (the body is read first), so it shows nothing of the store; anything else goes to the app's
 * error handler as everywhere else.
 */
export function acceptUploads(scope: FastifyInstance, bodyLimit: number, tooLarge: string) {
  scope.addContentTypeParser(
    "multipart/form-data",
    { parseAs: "buffer", bodyLimit },
    (request: FastifyRequest, body: Buffer | string) =>
      readUploadedForm(
        String(request.headers["content-type"]),
        typeof body === "string" ? Buffer.from(body) : body,
      ),
  );
  scope.setErrorHandler((err: FastifyError, request, reply) => {
    if (err.statusCode === 413) return problemPage(reply, 413, "The file is too large", tooLarge, request);
    if (err.statusCode === 400)
      return problemPage(reply, 400, "The file could not be read", err.message, request);
    throw err;
  });
}
