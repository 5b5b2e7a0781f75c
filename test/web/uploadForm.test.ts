/**
 * Reading an upload form's multipart body: any file bytes and field text round-trip (fast-check), only
 * the names asked for are kept (a `Map`: `__proto__` is a name like any other), and malformed bodies give
 * undefined rather than a guess.
 */
import fc from "fast-check";
import t from "tap";
import { boundaryOf, readUploadForm } from "../../src/web/uploadForm.js";
import { multipart } from "./visitor.js";

const WANTED = new Set(["_csrf", "pdf", "__proto__"]);

t.test("any file and field round-trip", async (t) => {
  t.doesNotThrow(() =>
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 2000 }),
        fc.string({ maxLength: 200 }).filter((s) => !s.includes("\r\n--")),
        fc.string({ minLength: 1, maxLength: 30 }).filter((s) => /^[\w .-]+$/.test(s)),
        (bytes, token, filename) => {
          const data = Buffer.from(bytes);
          const { body, contentType } = multipart({ _csrf: token }, { pdf: { filename, data } });
          const form = readUploadForm(body, contentType, WANTED, 1000);
          return (
            form !== undefined &&
            form.fields.get("_csrf") === token &&
            form.files.get("pdf")!.data.equals(data) &&
            form.files.get("pdf")!.filename === filename
          );
        },
      ),
    ),
  );
});

t.test("only the names asked for, safely", async (t) => {
  const { body, contentType } = multipart(
    { __proto__x: "no", other: "ignored", _csrf: "tok" },
    {
      pdf: { filename: "a.pdf", data: Buffer.from("%PDF") },
      extra: { filename: "b.pdf", data: Buffer.from("x") },
    },
  );
  const form = readUploadForm(body, contentType, WANTED)!;
  t.same([...form.fields.keys()], ["_csrf"]);
  t.same([...form.files.keys()], ["pdf"]);
  t.equal(form.files.get("pdf")!.type, "application/pdf");
  const named = Buffer.from(
    '--b\r\nContent-Disposition: form-data; name="__proto__"\r\n\r\npolluted\r\n--b--\r\n',
  );
  const safe = readUploadForm(named, "multipart/form-data; boundary=b", WANTED)!;
  t.equal(safe.fields.get("__proto__"), "polluted", "a field called __proto__ is only a key");
  t.equal(({} as Record<string, unknown>).polluted, undefined);
});

t.test("boundaries and malformed bodies", async (t) => {
  t.equal(boundaryOf("multipart/form-data; boundary=abc"), "abc");
  t.equal(boundaryOf('multipart/form-data; charset=utf-8; boundary="a b"'), "a b");
  t.equal(boundaryOf("application/pdf"), undefined);
  t.equal(boundaryOf(undefined), undefined);
  const type = "multipart/form-data; boundary=b";
  const read = (s: string, max?: number) => readUploadForm(Buffer.from(s), type, WANTED, max);
  t.equal(readUploadForm(Buffer.from("x"), "text/plain", WANTED), undefined, "not multipart");
  t.equal(read("no delimiter at all"), undefined);
  t.equal(read("--bXX"), undefined, "a delimiter not followed by a line break");
  t.equal(read('--b\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\nnever closed'), undefined);
  t.equal(
    read('--b\r\nContent-Disposition: form-data; name="_csrf"\r\n--b--'),
    undefined,
    "no blank line after headers",
  );
  t.equal(
    read('--b\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n12345\r\n--b--', 4),
    undefined,
    "a field too long",
  );
  t.same(read("--b--")?.fields.size, 0, "an empty form");
  const escaped = read(
    '--b\r\nContent-Disposition: form-data; name="pdf"; filename="a\\"b.pdf"\r\n\r\nx\r\n--b--',
  )!;
  t.equal(escaped.files.get("pdf")!.filename, 'a"b.pdf');
  t.equal(escaped.files.get("pdf")!.type, "application/octet-stream");
});
