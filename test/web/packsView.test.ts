/** A verification's answer in plain words, for every way it can come out; hashes in groups that wrap. */
import t from "tap";
import type { Verification } from "../../src/packs/verify.js";
import { hashGroups, issuedRows, verdict } from "../../src/web/packsView.js";

const sha = "a".repeat(64);
const meta = {
  kind: "cases" as const,
  areaName: "Area",
  title: "Case-sampling pack",
  position: 42,
  asOf: "2026-11-23T12:00:00Z",
  contents: [],
  contentSha256: "c",
  caseLevel: true,
  caseIds: ["C1"],
};

t.test("every verdict", async (t) => {
  const not = (v: Partial<Verification>) => verdict({ ok: false, reason: "why", sha256: sha, ...v }, "f.pdf");
  const stranger = not({});
  t.same([stranger.matches, /not a pack from this service/.test(stranger.headline)], [false, true]);
  t.equal(stranger.pack, undefined);
  const issued = verdict(
    { ok: true, reason: "r", sha256: sha, meta, issued: { packId: "P1", recipient: "Lead", issuedAt: "x" } },
    "f.pdf",
  );
  t.same([issued.matches, issued.headline], [true, "f.pdf matches pack P1"]);
  t.match(issued.explanation, /issued to Lead/);
  t.equal(issued.pack?.kind, "Case-sampling pack");
  const rebuilt = verdict({ ok: true, reason: "r", sha256: sha, meta, rebuiltSha256: sha }, "");
  t.same([rebuilt.matches, rebuilt.headline], [true, "The file matches the record"]);
  t.same(rebuilt.expected, hashGroups(sha));
  const changed = not({ meta, rebuiltSha256: "b".repeat(64) });
  t.match(changed.headline, /it has been changed/);
  const unknown = not({ meta, reason: "log position 99 named in the manifest is not in this store's log" });
  t.match(unknown.headline, /cannot be checked/);
  t.match(unknown.explanation, /log position 99/);
});

t.test("hashes and issued rows", async (t) => {
  t.same(hashGroups("0123456789abcdef0123456789abcdef"), ["0123456789abcdef", "0123456789abcdef"]);
  t.same(hashGroups(""), []);
  const rows = issuedRows(
    [
      {
        packId: "toString",
        kind: "dataRequest",
        position: 1,
        sha256: sha,
        recipient: "R",
        issuedAt: "t",
        caseIds: [],
      },
      {
        packId: "P 2",
        kind: "cases",
        position: 2,
        sha256: sha,
        recipient: "R",
        issuedAt: "t",
        caseIds: ["C1"],
      },
    ],
    new Map([["toString", "web.lano"]]),
  );
  t.same(
    rows.map((r) => [r.packId, r.kind, r.issuedBy, r.download]),
    [
      ["P 2", "Case-sampling pack", "", "/packs/issued/P%202.pdf"],
      ["toString", "24-hour data request", "web.lano", "/packs/issued/toString.pdf"],
    ],
    "newest first, kinds in words, ids as text",
  );
});
