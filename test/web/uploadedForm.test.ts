/**
 * Reading an upload form's multipart body (`readUploadedForm`, the one reader the import and verify pages
 * share): any file bytes and field text round-trip (fast-check), a field named `__proto__` is a key like
 * any other (a `Map`), and a malformed body is a 400 `UploadError`, never a guess.
 */
import fc from "fast-check";
import t from "tap";
import { readUploadedForm, UploadError } from "../../src/web/uploadedForm.js";
import { multipart } from "./visitor.js";

t.test("any file and field round-trip", async (t) => {
  await fc.assert(
    fc.asyncProperty(
      fc.uint8Array({ maxLength: 2000 }),
      fc.string({ maxLength: 200 }).filter((s) => !s.includes("\r") && !s.includes("\n")),
      fc.string({ minLength: 1, maxLength: 30 }).filter((s) => /^[\w .-]+$/.test(s)),
      async (bytes, token, filename) => {
        const data = Buffer.from(bytes);
        const { body, contentType } = multipart({ _csrf: token }, { pdf: { filename, data } });
        const form = await readUploadedForm(contentType, body);
        return (
          form._csrf === token &&
          form.fields.get("_csrf") === token &&
          form.files.get("pdf")!.bytes.equals(data) &&
          form.files.get("pdf")!.name === filename
        );
      },
    ),
  );
  t.pass("round-trips");
});

t.test("any name, safely", async (t) => {
  const named = Buffer.from(
    '--b\r\nContent-Disposition: form-data; name="__proto__"\r\n\r\npolluted\r\n--b--\r\n',
  );
  const form = await readUploadedForm("multipart/form-data; boundary=b", named);
  t.equal(form.fields.get("__proto__"), "polluted", "a field called __proto__ is only a key");
  t.equal(({} as Record<string, unknown>).polluted, undefined);
  t.equal(form._csrf, undefined, "no token field, no token");
});

t.test("malformed bodies are a 400 naming what to do", async (t) => {
  const type = "multipart/form-data; boundary=b";
  for (const [body, why] of [
    ["no delimiter at all", "no delimiter"],
    ['--b\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\nnever closed', "never closed"],
  ] as const) {
    const err = await readUploadedForm(type, Buffer.from(body)).catch((e: unknown) => e);
    t.ok(err instanceof UploadError, why);
    t.equal((err as UploadError).statusCode, 400);
    t.match((err as Error).message, /choose the file and send it again/);
  }
  const notMultipart = await readUploadedForm("text/plain", Buffer.from("x")).catch((e: unknown) => e);
  t.ok(notMultipart instanceof UploadError, "not multipart at all");
});
