/**
 * "My audits" as a view model: the signed-in person's audits in four groups — drawn (nothing rated yet),
 * in progress, submitted — and the submitted audits of others waiting for moderation; audits they
 * moderated come last. Pure.
 */
import { type AuditRecord, type QaState, standingGrade } from "../../projections/qa.js";
import { planSection } from "../../schemas/common.js";
import { gradeTag } from "./qaAuditForm.js";
import { onDay } from "./when.js";

export interface AuditRow {
  auditId: string;
  caseId: string;
  reason: string;
  drawnOn: string;
  done: string;
  doneCount: number;
  status: string;
  statusTag: string;
  href: string;
  action: string;
}

const base = (a: AuditRecord) => {
  const href = `/audits/${encodeURIComponent(a.auditId)}`;
  const done = planSection.options.filter((s) => a.sections[s] !== undefined).length;
  return {
    auditId: a.auditId,
    caseId: a.caseId,
    reason: a.theme ? `${a.reason}: ${a.theme}` : a.reason,
    drawnOn: onDay(a.drawnOn),
    done: `${done} of ${planSection.options.length}`,
    doneCount: done,
    href,
  };
};

function submittedStatus(a: AuditRecord) {
  const grade = standingGrade(a);
  if (!a.moderation) return { status: `${grade}, awaiting moderation`, statusTag: "govuk-tag--purple" };
  return {
    status: a.moderation.agreed ? `${grade}, moderation agreed` : `${grade} after moderation`,
    statusTag: gradeTag(grade),
  };
}

export function myAudits(qa: QaState, actor: string) {
  const drawn: AuditRow[] = [];
  const inProgress: AuditRow[] = [];
  const submitted: AuditRow[] = [];
  const awaiting: AuditRow[] = [];
  const moderated: AuditRow[] = [];
  const audits = [...qa.audits.values()].sort((a, b) => (a.auditId < b.auditId ? -1 : 1));
  for (const a of audits) {
    const row = base(a);
    if (a.actors.includes(actor)) {
      if (a.submitted) submitted.push({ ...row, ...submittedStatus(a), action: "View" });
      else if (row.doneCount === 0)
        drawn.push({ ...row, status: "drawn", statusTag: "govuk-tag--blue", action: "Start" });
      else
        inProgress.push({
          ...row,
          status: "in progress",
          statusTag: "govuk-tag--light-blue",
          action: "Continue",
        });
    } else if (a.moderation?.moderator === actor)
      moderated.push({ ...row, ...submittedStatus(a), action: "View" });
    else if (a.submitted && !a.moderation)
      awaiting.push({
        ...row,
        ...submittedStatus(a),
        href: `${row.href}/moderate`,
        action: "Moderate",
      });
  }
  const all = [...drawn, ...inProgress, ...submitted, ...awaiting, ...moderated];
  return {
    groups: [
      { id: "drawn", title: "Drawn", empty: "You have no audits waiting to be started.", rows: drawn },
      { id: "in-progress", title: "In progress", empty: "You have no audits in progress.", rows: inProgress },
      { id: "submitted", title: "Submitted", empty: "You have not submitted any audits.", rows: submitted },
      {
        id: "awaiting-moderation",
        title: "Awaiting moderation",
        empty: "No one else's audit is waiting for moderation.",
        rows: awaiting,
      },
      ...(moderated.length
        ? [{ id: "moderated", title: "Moderated by you", empty: "", rows: moderated }]
        : []),
    ],
    caseIds: [...new Set(all.map((r) => r.caseId))],
  };
}
