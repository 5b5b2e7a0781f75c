/**
 * An upload form's body (`multipart/form-data`, RFC 7578), read from the buffered request: its short text
 * fields and its files, by field name. Only the names the page asks for are kept (a `Map`, so any name is
 * safe); a body that is not well-formed multipart gives `undefined`, never a guess. The request's size is
 * limited before this runs (the content-type parser's body limit).
 */

export interface UploadedFile {
  filename: string;
  type: string;
  data: Buffer;
}

export interface UploadForm {
  fields: Map<string, string>;
  files: Map<string, UploadedFile>;
}

/** The boundary named by a Content-Type header, or undefined. */
export function boundaryOf(contentType: string | undefined): string | undefined {
  const m = /^multipart\/form-data\s*;(?:.*;)?\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))/i.exec(
    contentType ?? "",
  );
  return m ? (m[1] ?? m[2]) : undefined;
}

const CRLF = Buffer.from("\r\n");
const HEAD_END = Buffer.from("\r\n\r\n");

/** A Content-Disposition parameter (`name="…"`, `filename="…"`), with `\"` unescaped. */
function parameter(disposition: string, key: string): string | undefined {
  const m = new RegExp(`;\\s*${key}="((?:[^"\\\\]|\\\\.)*)"`, "i").exec(disposition);
  return m ? m[1]!.replace(/\\(.)/g, "$1") : undefined;
}

/**
 * The fields and files of `wanted` names in a multipart body. Text fields longer than `maxField`
 * characters are refused (undefined), as is a body without its closing boundary.
 */
export function readUploadForm(
  body: Buffer,
  contentType: string | undefined,
  wanted: ReadonlySet<string>,
  maxField = 1000,
): UploadForm | undefined {
  const boundary = boundaryOf(contentType);
  if (!boundary) return undefined;
  const delimiter = Buffer.from(`--${boundary}`);
  const nextDelimiter = Buffer.concat([CRLF, delimiter]);
  const fields = new Map<string, string>();
  const files = new Map<string, UploadedFile>();
  let at = body.indexOf(delimiter);
  if (at < 0) return undefined;
  for (;;) {
    const after = at + delimiter.length;
    // The closing delimiter ends the body.
    if (body[after] === 0x2d && body[after + 1] === 0x2d) return { fields, files };
    if (!body.subarray(after, after + 2).equals(CRLF)) return undefined;
    const next = body.indexOf(nextDelimiter, after);
    if (next < 0) return undefined;
    const part = body.subarray(after + 2, next);
    const headEnd = part.indexOf(HEAD_END);
    if (headEnd < 0) return undefined;
    const headers = new Map(
      part
        .subarray(0, headEnd)
        .toString("latin1")
        .split("\r\n")
        .map((line) => {
          const colon = line.indexOf(":");
          return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()] as const;
        }),
    );
    const disposition = headers.get("content-disposition") ?? "";
    const name = parameter(disposition, "name");
    const data = part.subarray(headEnd + HEAD_END.length);
    if (name !== undefined && wanted.has(name)) {
      const filename = parameter(disposition, "filename");
      if (filename !== undefined)
        files.set(name, {
          filename: Buffer.from(filename, "latin1").toString("utf8"),
          type: headers.get("content-type") ?? "application/octet-stream",
          data,
        });
      else {
        if (data.length > maxField) return undefined;
        fields.set(name, data.toString("utf8"));
      }
    }
    at = next + CRLF.length;
  }
}
