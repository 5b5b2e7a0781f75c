/** A browser's worth of state for page tests without a browser: the session cookie and the last CSRF token. */
import type { FastifyInstance } from "fastify";

type Response = Awaited<ReturnType<FastifyInstance["inject"]>>;

const BOUNDARY = "----send-evidence-test-boundary";

/** A multipart/form-data body: text fields, then files. */
export function multipart(
  fields: Record<string, string>,
  files: Record<string, { name: string; bytes: Buffer }>,
) {
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    parts.push(
      Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  for (const [name, file] of Object.entries(files))
    parts.push(
      Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from("\r\n"),
    );
  parts.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${BOUNDARY}` };
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
    post: async (url: string, fields: Record<string, string>) =>
      remember(
        await app.inject({
          method: "POST",
          url,
          headers: { "content-type": "application/x-www-form-urlencoded", cookie },
          payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
        }),
      ),
    upload: async (
      url: string,
      fields: Record<string, string>,
      files: Record<string, { name: string; bytes: Buffer }> = {},
    ) => {
      const form = multipart({ _csrf: csrf, ...fields }, files);
      return remember(
        await app.inject({
          method: "POST",
          url,
          headers: { "content-type": form.type, cookie },
          payload: form.body,
        }),
      );
    },
    signIn: async function (code: string) {
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
