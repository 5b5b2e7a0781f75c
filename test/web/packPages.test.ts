/**
 * The Packs page without a browser: previews of each kind (now and as at), issuing (and its refusals,
 * which append nothing), the issued list with hashes, fetching an issued pack byte for byte, and the
 * verify upload: a match, a changed copy, not a pack, no file, a malformed body, too large, no CSRF.
 */
import t from "tap";
import { readPackMeta } from "../../src/packs/meta.js";
import { MAX_VERIFY_BYTES } from "../../src/packs/packWork.js";
import { CODES, INSPECTION, TODAY, webHarness } from "./harness.js";
import { multipart, visitor } from "./visitor.js";

const ALL_TIME = [0, Date.parse("2100-01-01")] as const;
const hidden = (html: string, name: string) =>
  new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? "";

t.test("build, issue, list, fetch and verify packs from the pages", async (t) => {
  const { app, store } = await webHarness(t);
  const lano = visitor(app);
  await lano.signIn(CODES.lano);
  const head = async () => (await store.head()).position;

  const empty = await lano.get("/packs");
  t.equal(empty.statusCode, 200);
  t.match(empty.body, /No pack has been issued/);
  t.match(empty.body, /follow the notification call/);
  t.match(empty.body, /href="\/packs\/sef.pdf"/);
  const sef = await lano.get("/packs/sef.pdf");
  t.equal(sef.statusCode, 200);
  t.equal(sef.headers["content-type"], "application/pdf");
  t.equal(readPackMeta(sef.rawPayload)?.kind, "sef");
  const working = await lano.get("/packs/sef.pdf?includeWarnings=true");
  t.same(readPackMeta(working.rawPayload)?.request, { includeWarnings: true }, "the working copy");
  t.equal((await lano.get("/packs/minutes.pdf")).statusCode, 404);
  t.equal((await lano.get("/packs/toString.pdf")).statusCode, 404, "a hostile kind is not a kind");
  t.equal((await lano.get("/packs/sef.pdf?asAt=soon")).statusCode, 400);
  t.equal((await lano.get("/packs/cases.pdf")).statusCode, 422, "no children to put in a case pack");
  t.equal((await lano.get("/packs/data-request.pdf?inspectionId=toString")).statusCode, 422);
  t.equal((await lano.get("/packs/data-request.pdf?inspectionId=no%20id!")).statusCode, 400);

  // Notify and track two children, so there is a case-sampling pack.
  await lano.get("/readiness");
  await lano.post("/readiness/notify", {
    inspectionId: INSPECTION,
    notifiedAt: `${TODAY} 09:30`,
    kind: "full",
  });
  const tracking = await lano.get("/case-tracking?support=ehcPlan");
  const ids = [...tracking.body.matchAll(/name="caseIds" type="checkbox" value="([^"]+)"/g)]
    .slice(0, 2)
    .map((m) => m[1]!);
  await lano.post("/case-tracking/select", {
    inspectionId: INSPECTION,
    revision: hidden(tracking.body, "revision"),
    caseIds: ids,
  });
  const before = await head();

  const page = await lano.get("/packs");
  t.match(page.body, /Case-sampling pack of the 2 tracked children/);
  const caseLink = /href="(\/packs\/cases\.pdf\?[^"]+)"/.exec(page.body)![1]!.replaceAll("&amp;", "&");
  const cases = await lano.get(caseLink);
  t.equal(cases.statusCode, 200, caseLink);
  t.same(readPackMeta(cases.rawPayload)?.caseIds, ids);
  const dataRequest = await lano.get(`/packs/data-request.pdf?inspectionId=${INSPECTION}`);
  t.equal(readPackMeta(dataRequest.rawPayload)?.kind, "dataRequest");
  const old = await lano.get(`/packs?asAt=${before - 5}`);
  t.match(old.body, /as at .*log position/);
  t.match(
    old.body,
    new RegExp(`href="/packs/sef.pdf\\?asAt=${before - 5}"`),
    "previews as at the moment shown",
  );
  const oldSef = await lano.get(`/packs/sef.pdf?asAt=${before - 5}`);
  t.equal(readPackMeta(oldSef.rawPayload)?.position, before - 5);

  // Issuing: refusals first, each naming its field, none appending.
  const packId = hidden(page.body, "packId");
  t.match(packId, /^PACK-20261123-[0-9A-F]{6}$/);
  const issue = (fields: Record<string, string>) =>
    lano.post("/packs/issue", { packId, inspectionId: INSPECTION, ...fields });
  const noRecipient = await issue({ kind: "cases", recipient: "  " });
  t.equal(noRecipient.statusCode, 400);
  t.match(noRecipient.body, /Enter who the pack is for/);
  t.match(noRecipient.body, /href="#recipient"/);
  const noKind = await issue({ recipient: "Lead inspector" });
  t.match(noKind.body, /href="#kind"/);
  const badKind = await issue({ kind: "toString", recipient: "Lead inspector" });
  t.equal(badKind.statusCode, 400);
  const control = await issue({ kind: "sef", recipient: "Lead\u0000inspector" });
  t.match(control.body, /Recipient: /, "a control character in the recipient is named");
  const badAsAt = await issue({ kind: "sef", recipient: "Lead inspector", asAt: "soon" });
  t.equal(badAsAt.statusCode, 422);
  t.equal(
    (await lano.post("/packs/issue", { packId: "no id!", kind: "sef", recipient: "x" })).statusCode,
    400,
  );
  t.equal(await head(), before, "nothing appended by any refusal");

  const issued = await issue({ kind: "cases", recipient: "Lead inspector (Ofsted)" });
  t.equal(issued.statusCode, 303);
  t.equal(issued.headers.location, `/packs?issued=${packId}#issued`);
  const shown = await lano.get(issued.headers.location!.split("#")[0]!);
  t.match(shown.body, new RegExp(`Pack ${packId} issued to Lead inspector \\(Ofsted\\)`));
  const sha = String(cases.headers["x-pack-sha256"]);
  t.match(shown.body, `${sha.slice(0, 16)}<wbr>${sha.slice(16, 32)}`, "the hash, in groups that wrap");
  t.match(shown.body, /by web\.lano/, "who issued it");
  t.equal(
    (await issue({ kind: "cases", recipient: "Again" })).statusCode,
    409,
    "the same form twice: issued once",
  );

  const fetched = await lano.get(`/packs/issued/${packId}.pdf`);
  t.ok(fetched.rawPayload.equals(cases.rawPayload), "the issued pack, byte for byte");
  t.equal((await lano.get("/packs/issued/__proto__.pdf")).statusCode, 404);

  // Verify: as POST /api/v1/packs/verify does, in plain words.
  const beforeVerify = await head();
  const upload = (data: Buffer, filename = "pack.pdf") =>
    lano.upload("/packs/verify", { pdf: { filename, data } });
  const match = await upload(fetched.rawPayload, "from-the-inspector.pdf");
  t.equal(match.statusCode, 200);
  t.match(match.body, /Matches/);
  t.match(match.body, new RegExp(`from-the-inspector.pdf matches pack ${packId}`));
  const tampered = Buffer.from(fetched.rawPayload);
  const middle = tampered.length >> 1;
  tampered.writeUInt8(tampered.readUInt8(middle) ^ 0x20, middle);
  const changed = await upload(tampered);
  t.match(changed.body, /Does not match/);
  t.match(changed.body, /it has been changed/);
  const rebuilt = await upload(dataRequest.rawPayload);
  t.match(rebuilt.body, /matches the record/, "a pack never issued verifies by rebuild");
  const stranger = await upload(Buffer.from("%PDF-1.4\nnot ours\n%%EOF"));
  t.match(stranger.body, /not a pack from this service/);
  const large = await upload(Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(3 * 1024 * 1024, 0x20)]));
  t.equal(large.statusCode, 200, "a file past the 1 MB JSON limit is still checked (the API's 50 MB)");
  const nothing = await upload(Buffer.alloc(0));
  t.equal(nothing.statusCode, 400);
  t.match(nothing.body, /Choose a PDF file to check/);
  t.match(nothing.body, /href="#pdf"/);
  const noCsrf = await lano.upload(
    "/packs/verify",
    { pdf: { filename: "p.pdf", data: fetched.rawPayload } },
    false,
  );
  t.equal(noCsrf.statusCode, 403, "an upload without the form's token is refused");
  const garbled = await lano.raw(
    "/packs/verify",
    Buffer.from("--x\r\nnot multipart"),
    "multipart/form-data; boundary=x",
  );
  t.equal(garbled.statusCode, 400, "a body that is not multipart is refused before anything is read from it");
  t.match(garbled.body, /The file could not be read/, "as a page, as the imports page does");
  const { body, contentType } = multipart(
    { _csrf: lano.csrf },
    { pdf: { filename: "big.pdf", data: Buffer.alloc(MAX_VERIFY_BYTES + 1) } },
  );
  const big = await lano.raw("/packs/verify", body, contentType);
  t.equal(big.statusCode, 413);
  t.match(big.body, /The file is too large/);
  t.notMatch(big.body, new RegExp(packId), "the too-large page shows nothing of the store");
  t.equal(await head(), beforeVerify, "verifying appends nothing");
  t.ok(
    app.accessLog.seenBy(ids[0]!, ...ALL_TIME).entries.some((e) => e.what === "POST /packs/verify"),
    "verifying a case pack is in the access log",
  );

  // The officer builds and verifies but does not issue.
  const officer = visitor(app);
  await officer.signIn(CODES.officer);
  const read = await officer.get("/packs");
  t.notMatch(read.body, /Issue the pack/);
  t.equal(
    (await officer.post("/packs/issue", { packId: "PACK-X", kind: "sef", recipient: "x" })).statusCode,
    403,
  );
  t.match(
    (await officer.upload("/packs/verify", { pdf: { filename: "p.pdf", data: fetched.rawPayload } })).body,
    /Matches/,
  );
});
