import t from "tap";
import { partnershipProjection, type PartnershipState } from "../../projections/partnership.js";
import type { AuditRecord, QaState } from "../../projections/qa.js";
import type { SefState } from "../../projections/sef.js";
import { type AccessContext, auditVisibleTo, authorise } from "../../src/access/authorise.js";
import { accessWindow, inspectionIn } from "../../src/access/inspectionWindow.js";

const NOW = new Date("2026-11-23T12:00:00Z");

function world(): NonNullable<AccessContext["evidence"]> {
  const partnership: PartnershipState = partnershipProjection.initial();
  partnership.inspections.set("INS-1", {
    inspectionId: "INS-1",
    notifiedAt: "2026-11-16T09:30:00Z",
    itemsProvided: new Map(),
    trackedCaseIds: ["C-TRACKED"],
    samplingTopics: [{ topic: "PfA", caseIds: ["C-SAMPLED"], setAt: "2026-11-17T09:00:00Z" }],
  });
  const audit = (auditId: string, caseId: string, actors: string[], extra: Partial<AuditRecord> = {}) => ({
    auditId,
    caseId,
    reason: "random",
    drawnOn: "2026-11-01",
    checklistVersion: "legacy",
    auditors: [],
    sections: {},
    lastChangedAt: "2026-11-01T00:00:00Z",
    actors,
    ...extra,
  });
  const qa: QaState = {
    audits: new Map([
      ["QA-1", audit("QA-1", "C-AUDITED", ["aud.one"])],
      ["QA-2", audit("QA-2", "C-OTHER", ["aud.two"])],
    ]),
  };
  const sef: SefState = { statements: new Map(), signOffs: [] };
  return { partnership, qa, sef };
}

const context = (extra: Partial<AccessContext> = {}): AccessContext => ({
  now: NOW,
  inspectorDaysAfter: 30,
  evidence: world(),
  ...extra,
});
const inspector = { actor: "insp", role: "inspector" as const, inspectionId: "INS-1" };
const reason = (d: ReturnType<typeof authorise>) => (d.allowed ? `allowed:${d.scope}` : d.reason);

t.test("expiry, revocation, unknown resources and roles", async (t) => {
  const lano = { actor: "l", role: "lano" as const };
  t.equal(reason(authorise(lano, "Query.cases", context())), "allowed:all");
  t.equal(
    reason(authorise({ ...lano, expiresAt: "2026-11-23T12:00:00Z" }, "Query.cases", context())),
    "expired",
  );
  t.equal(
    reason(authorise({ ...lano, expiresAt: "2026-11-23T12:00:01Z" }, "Query.cases", context())),
    "allowed:all",
  );
  t.equal(
    reason(authorise({ ...lano, revokedAt: "2026-11-01T00:00:00Z" }, "Query.cases", context())),
    "revoked",
  );
  t.equal(reason(authorise(lano, "Query.nothing", context())), "noSuchResource");
  t.equal(reason(authorise(lano, "GET /healthz", context())), "allowed:all", "open rows need no role");
  t.equal(
    reason(authorise({ actor: "o", role: "officer" }, "GET /api/v1/streams/:stream", context())),
    "roleNotAllowed",
  );
  t.equal(
    reason(authorise(inspector, "Query.case", context({ evidence: undefined, caseIds: ["C-TRACKED"] }))),
    "roleNotAllowed",
    "scoped access needs the evidence: without it, refused",
  );
});

t.test("inspectors: bound, in their window, tracked children, no appendix", async (t) => {
  const at = (iso: string, extra: Partial<AccessContext> = {}) => context({ now: new Date(iso), ...extra });
  t.equal(
    reason(authorise({ ...inspector, inspectionId: undefined }, "Query.moment", context())),
    "noInspection",
  );
  t.equal(
    reason(authorise({ ...inspector, inspectionId: "INS-9" }, "Query.moment", context())),
    "inspectionNotNotified",
  );
  t.equal(
    reason(authorise({ ...inspector, inspectionId: "__proto__" }, "Query.moment", context())),
    "inspectionNotNotified",
  );
  t.equal(
    reason(authorise(inspector, "Query.moment", at("2026-11-16T09:29:59Z"))),
    "outsideInspectionWindow",
  );
  t.equal(reason(authorise(inspector, "Query.moment", at("2026-11-16T09:30:00Z"))), "allowed:ownInspection");
  // Three weeks after notification, then 30 days.
  t.equal(reason(authorise(inspector, "Query.moment", at("2027-01-06T09:29:59Z"))), "allowed:ownInspection");
  t.equal(
    reason(authorise(inspector, "Query.moment", at("2027-01-06T09:30:00Z"))),
    "outsideInspectionWindow",
  );
  t.equal(
    reason(authorise(inspector, "Query.dataRequest", context({ inspectionId: "INS-2" }))),
    "otherInspection",
  );
  t.equal(reason(authorise(inspector, "Query.case", context())), "caseRequired");
  t.equal(
    reason(authorise(inspector, "Query.case", context({ caseIds: ["C-TRACKED"] }))),
    "allowed:trackedChildren",
  );
  t.equal(reason(authorise(inspector, "Query.case", context({ caseIds: ["C-SAMPLED"] }))), "notTrackedChild");
  t.equal(reason(authorise(inspector, "Query.cases", context())), "roleNotAllowed");
  t.equal(reason(authorise(inspector, "Query.sef", context())), "sefNotSignedOff");
  const signed = world();
  signed.sef.signOffs.push({
    version: "1",
    signedOn: "2026-10-01",
    council: "a",
    icb: "b",
    parentCarerForum: "c",
    at: "2026-10-01T10:00:00Z",
  });
  t.equal(reason(authorise(inspector, "Query.sef", context({ evidence: signed }))), "allowed:signedOffSef");
  const pack = "GET /api/v1/packs/:kind.pdf";
  t.equal(
    reason(authorise(inspector, pack, context({ evidence: signed, pack: { kind: "sef" } }))),
    "allowed:inspectionPacks",
  );
  t.equal(reason(authorise(inspector, pack, context({ pack: { kind: "sef" } }))), "sefNotSignedOff");
  t.equal(
    reason(
      authorise(inspector, pack, context({ evidence: signed, pack: { kind: "sef", includeWarnings: true } })),
    ),
    "internalAppendix",
  );
  t.equal(
    reason(authorise(inspector, pack, context({ pack: { kind: "dataRequest" } }))),
    "allowed:inspectionPacks",
  );
  t.equal(reason(authorise(inspector, pack, context({ pack: { kind: "cases" } }))), "caseRequired");
  t.equal(
    reason(authorise(inspector, pack, context({ pack: { kind: "cases" }, caseIds: ["C-TRACKED"] }))),
    "allowed:inspectionPacks",
  );
  const issued = "GET /api/v1/packs/issued/:id.pdf";
  const pk = { kind: "sef", issuedAt: "2026-11-20T10:00:00Z" };
  t.equal(
    reason(authorise(inspector, issued, context({ issued: { ...pk, inspectionId: "INS-1" } }))),
    "allowed:issuedForInspection",
  );
  t.equal(
    reason(authorise(inspector, issued, context({ issued: pk }))),
    "allowed:issuedForInspection",
    "issued in the window",
  );
  t.equal(
    reason(authorise(inspector, issued, context({ issued: { ...pk, issuedAt: "2026-01-01T00:00:00Z" } }))),
    "notIssuedForInspection",
  );
  t.equal(
    reason(authorise(inspector, issued, context({ issued: { ...pk, inspectionId: "INS-2" } }))),
    "notIssuedForInspection",
  );
  t.equal(
    reason(authorise(inspector, issued, context({ issued: { ...pk, includeWarnings: true } }))),
    "internalAppendix",
  );
  t.equal(
    reason(authorise(inspector, issued, context())),
    "allowed:issuedForInspection",
    "no such pack: the route answers 404",
  );
});

t.test("the window ends with the published outcome", async (t) => {
  const p = world().partnership;
  const ins = inspectionIn(p, "INS-1")!;
  t.same(accessWindow(ins, 30), { from: "2026-11-16T09:30:00.000Z", until: "2027-01-06T09:30:00.000Z" });
  ins.outcome = { outcome: 2, publishedOn: "2027-01-20", nextFullInspectionBy: "2030-01-20" };
  t.same(accessWindow(ins, 10), { from: "2026-11-16T09:30:00.000Z", until: "2027-01-31T00:00:00.000Z" });
  t.equal(accessWindow({ ...ins, notifiedAt: undefined }, 10), undefined);
  t.equal(inspectionIn(p, "toString"), undefined, "an Object.prototype name is no inspection");
});

t.test("auditors: the children they audit, their own audits", async (t) => {
  const aud = { actor: "aud.one", role: "auditor" as const };
  t.equal(
    reason(authorise(aud, "Query.case", context({ caseIds: ["C-AUDITED"] }))),
    "allowed:auditedChildren",
  );
  t.equal(reason(authorise(aud, "Query.case", context({ caseIds: ["C-OTHER"] }))), "notAuditedChild");
  t.equal(reason(authorise(aud, "Query.casePack", context())), "caseRequired");
  t.equal(reason(authorise(aud, "Query.qaAudits", context())), "allowed:ownAudits");
  const { qa } = world();
  t.equal(auditVisibleTo(qa.audits.get("QA-1")!, "aud.one"), true);
  t.equal(auditVisibleTo(qa.audits.get("QA-2")!, "aud.one"), false);
  const waiting = {
    ...qa.audits.get("QA-2")!,
    submitted: {
      submittedOn: "2026-11-02",
      overallGrade: "good" as const,
      derivedOverallGrade: "good" as const,
    },
  };
  t.equal(auditVisibleTo(waiting, "aud.one"), true, "waiting for moderation");
  const moderated = {
    ...waiting,
    moderation: {
      moderatedOn: "2026-11-03",
      moderator: "aud.three",
      agreed: true,
      moderatedGrade: "good" as const,
    },
  };
  t.equal(auditVisibleTo(moderated, "aud.one"), false);
  t.equal(auditVisibleTo(moderated, "aud.three"), true, "the moderator");
});
