import t from "tap";
import type { RecordedEvent } from "../../schemas/envelope.js";
import { casePack } from "../../projections/casePack.js";
import { casesProjection } from "../../projections/cases.js";
import { evidenceProjection } from "../../projections/evidence.js";
import {
  amendedPlanClocks,
  phaseTransferClocks,
  phaseTransferDue,
  reviewNotices,
} from "../../projections/phaseTransfer.js";
import { fold } from "../../projections/projection.js";
import { overdue } from "../../projections/timeliness.js";
import { recorded } from "./recorded.js";

/** Version 1 data throughout: the upcasters lift EhcPlanIssued and AnnualReviewHeld. */
const ev = (type: string, data: Record<string, unknown>): RecordedEvent =>
  recorded("case-P01", type, { ...data, schemaVersion: 1 });
const base = [
  ev("CaseRegistered", { caseId: "P01", dateOfBirth: "2014-10-01", gender: "female", ethnicity: "WBRI" }),
  ev("AssessmentRequested", { requestedOn: "2022-01-10", requestedBy: "parent" }),
  ev("EhcPlanIssued", { kind: "initial", issuedOn: "2022-05-20", exceptions: [] }),
];
const caseOf = (...more: RecordedEvent[]) => fold(casesProjection, [...base, ...more]).byId.get("P01")!;
const amended = (issuedOn: string) => ev("EhcPlanIssued", { kind: "amended", issuedOn, exceptions: [] });

t.test("reg 18 deadlines", async (t) => {
  t.equal(phaseTransferDue("between school phases", "2026-09-03"), "2026-02-15");
  t.equal(phaseTransferDue("secondary school to post-16", "2026-09-03"), "2026-03-31");
  t.equal(phaseTransferDue("post-16 to post-16", "2026-09-03"), "2026-04-03", "at least 5 months before");
  t.equal(phaseTransferDue("post-16 to post-16", "2026-07-31"), "2026-02-28", "clamped to the month's end");
});

t.test("a move to secondary school: the day before, on and after 15 February", async (t) => {
  const move = ev("PhaseTransferPlanned", { transfer: "between school phases", movesOn: "2026-09-03" });
  t.match(phaseTransferClocks(caseOf(move, amended("2026-02-14")), "2026-06-01")[0], {
    dueOn: "2026-02-15",
    status: "met",
  });
  t.match(phaseTransferClocks(caseOf(move, amended("2026-02-15")), "2026-06-01")[0], {
    status: "met",
    daysLate: 0,
  });
  t.match(phaseTransferClocks(caseOf(move, amended("2026-02-16")), "2026-06-01")[0], {
    status: "missed",
    daysLate: 1,
  });
  t.match(
    phaseTransferClocks(caseOf(move, amended("2025-02-10")), "2026-02-15")[0],
    { status: "pending" },
    "an amendment over 12 months before does not count",
  );
  t.match(phaseTransferClocks(caseOf(move), "2026-02-16")[0], { status: "overdue", daysLate: 1 });
  t.same(
    phaseTransferClocks(
      caseOf(move, ev("PlanCeased", { ceasedOn: "2026-01-10", reason: "needs met" })),
      "2026-06-01",
    ),
    [],
    "ceased before it fell due",
  );
  t.match(
    phaseTransferClocks(
      caseOf(move, ev("PlanCeased", { ceasedOn: "2026-03-01", reason: "needs met" })),
      "2026-06-01",
    )[0],
    { status: "missed", daysLate: 14 },
  );
  const cases = fold(casesProjection, [...base, move]);
  t.same(overdue(cases, "2026-02-15").phaseTransfers, []);
  t.same(overdue(cases, "2026-02-16").phaseTransfers, ["P01"]);
});

t.test("the amended plan within 8 weeks of the proposed amendments", async (t) => {
  const proposed = ev("AmendmentsProposed", { sentOn: "2025-06-02" });
  t.match(amendedPlanClocks(caseOf(proposed, amended("2025-07-28")), "2025-12-01")[0], {
    dueOn: "2025-07-28",
    status: "met",
  });
  t.match(amendedPlanClocks(caseOf(proposed, amended("2025-07-29")), "2025-12-01")[0], {
    status: "missed",
    daysLate: 1,
  });
  t.match(amendedPlanClocks(caseOf(proposed), "2025-07-28")[0], { status: "pending" });
  t.match(amendedPlanClocks(caseOf(proposed), "2025-07-29")[0], { status: "overdue", daysLate: 1 });
  t.same(amendedPlanClocks(caseOf(proposed), "2025-06-01"), [], "not yet proposed as at that date");
  t.same(overdue(fold(casesProjection, [...base, proposed]), "2025-07-29").amendedPlans, ["P01"]);
});

t.test("2 weeks' notice of a review meeting", async (t) => {
  const held = (heldOn: string) => ev("AnnualReviewHeld", { heldOn, noticeSentOn: "2023-04-03" });
  t.match(reviewNotices(caseOf(held("2023-04-17")), "2024-01-01")[0], {
    earliestMeetingOn: "2023-04-17",
    short: false,
  });
  t.match(reviewNotices(caseOf(held("2023-04-16")), "2024-01-01")[0], { short: true, daysShort: 1 });
  t.same(
    reviewNotices(caseOf(ev("AnnualReviewHeld", { heldOn: "2023-04-16" })), "2024-01-01"),
    [],
    "notice not recorded",
  );
});

t.test("the new clocks in the case timeline", async (t) => {
  const events = [
    ...base,
    ev("AnnualReviewHeld", { heldOn: "2023-04-16", noticeSentOn: "2023-04-03", reportSentOn: "2023-04-20" }),
    ev("AmendmentsProposed", { sentOn: "2023-05-01" }),
    amended("2023-06-01"),
    ev("PhaseTransferPlanned", { transfer: "between school phases", movesOn: "2026-09-03" }),
  ];
  const pack = casePack(fold(evidenceProjection, events), "P01", "2026-03-01")!;
  const find = (prefix: string) => pack.timeline.find((s) => s.step.startsWith(prefix));
  t.match(find("2 weeks' notice"), { status: "missed", daysLate: 1 });
  t.match(find("Amended plan (8 weeks"), { status: "met", doneOn: "2023-06-01" });
  t.match(find("Phase transfer"), { status: "overdue", note: "between school phases, moving on 2026-09-03" });
});
