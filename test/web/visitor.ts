/** A browser's worth of state without a browser: the session cookie and the last CSRF token seen. */
import type { FastifyInstance } from "fastify";

type Response = Awaited<ReturnType<FastifyInstance["inject"]>>;

/** Form fields: a record (an array value repeats the field, as checkboxes do), or pairs in order. */
export type Fields = Record<string, string | string[]> | [string, string][];

/** A multipart/form-data body of text fields and files, as a browser sends an upload form. */
export function multipart(
  fields: Record<string, string>,
  files: Record<string, { filename: string; data: Buffer; type?: string }>,
  boundary = "----formboundary7MA4YWxkTrZu0gW",
) {
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  for (const [name, f] of Object.entries(files))
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${f.filename}"\r\nContent-Type: ${f.type ?? "application/pdf"}\r\n\r\n`,
      ),
      f.data,
      Buffer.from("\r\n"),
    );
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

export function visitor(app: FastifyInstance) {
  let cookie = "";
  let csrf = "";
  const remember = (res: Response) => {
    const set = res.headers["set-cookie"];
    if (set) cookie = String(Array.isArray(set) ? set[0] : set).split(";")[0]!;
    csrf = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1] ?? csrf;
    return res;
  };
  return {
    get csrf() {
      return csrf;
    },
    get: async (url: string) => remember(await app.inject({ url, headers: { cookie, accept: "text/html" } })),
    /**
     * A form post; a field given as an array is sent once per value (checkboxes), or the fields as pairs
     * when their order matters.
     */
    post: async (url: string, fields: Fields, withCsrf = true) => {
      const form = new URLSearchParams(withCsrf ? { _csrf: csrf } : {});
      const pairs = Array.isArray(fields) ? fields : Object.entries(fields);
      for (const [k, v] of pairs) for (const x of [v].flat()) form.append(k, x);
      return remember(
        await app.inject({
          method: "POST",
          url,
          headers: { "content-type": "application/x-www-form-urlencoded", cookie },
          payload: form.toString(),
        }),
      );
    },
    /** A multipart form post: files, and text fields besides (an upload form's radios). */
    upload: async (
      url: string,
      files: Record<string, { filename: string; data: Buffer; type?: string }>,
      withCsrf = true,
      fields: Record<string, string> = {},
    ) => {
      const { body, contentType } = multipart({ ...(withCsrf ? { _csrf: csrf } : {}), ...fields }, files);
      return remember(
        await app.inject({
          method: "POST",
          url,
          headers: { "content-type": contentType, cookie },
          payload: body,
        }),
      );
    },
    raw: async (url: string, body: Buffer, contentType: string) =>
      remember(
        await app.inject({
          method: "POST",
          url,
          headers: { "content-type": contentType, cookie },
          payload: body,
        }),
      ),
    async signIn(code: string) {
      await this.get("/sign-in");
      return this.post("/sign-in", { code });
    },
  };
}

/** The hidden revision field of the form posting to `action`. */
export const revisionIn = (html: string, action: string) =>
  new RegExp(
    `action="${action.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"[\\s\\S]*?name="revision" value="(-?\\d+)"`,
  ).exec(html)?.[1];
