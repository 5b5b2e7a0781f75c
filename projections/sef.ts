/** `sef`: the self-evaluation's statements per criterion (live and withdrawn) and its sign-offs. */
import type { EvidenceRef } from "../schemas/common.js";
import type { Projection } from "./projection.js";

export interface StatementRecord {
  statementId: string;
  criterion: string;
  kind: string;
  text: string;
  evidence: EvidenceRef[];
  actionRef?: string;
  draftedAt: string;
  revisedAt?: string;
  withdrawn?: { reason: string; at: string };
  revisions: number;
}

export interface SefState {
  statements: Record<string, StatementRecord>;
  signOffs: {
    version: string;
    signedOn: string;
    council: string;
    icb: string;
    parentCarerForum: string;
    at: string;
  }[];
}

type D = Record<string, unknown>;
const person = (p: unknown) => {
  const { name, role } = p as { name: string; role: string };
  return `${name} (${role})`;
};

export const sefProjection: Projection<SefState> = {
  name: "sef",
  version: 1,
  initial: () => ({ statements: {}, signOffs: [] }),
  apply(state, event) {
    if (!event.stream.startsWith("sef-")) return state;
    const d = event.data as D;
    const id = d.statementId as string;
    switch (event.type) {
      case "SefStatementDrafted":
        state.statements[id] = {
          statementId: id,
          criterion: d.criterion as string,
          kind: d.kind as string,
          text: d.text as string,
          evidence: d.evidence as EvidenceRef[],
          ...(d.actionRef ? { actionRef: d.actionRef as string } : {}),
          draftedAt: event.recordedAt,
          revisions: 0,
        };
        break;
      case "SefStatementRevised": {
        const s = state.statements[id];
        if (!s) break;
        if (d.kind) s.kind = d.kind as string;
        if (d.text) s.text = d.text as string;
        if (d.evidence) s.evidence = d.evidence as EvidenceRef[];
        s.revisedAt = event.recordedAt;
        s.revisions += 1;
        break;
      }
      case "SefStatementWithdrawn": {
        const s = state.statements[id];
        if (s) s.withdrawn = { reason: d.reason as string, at: event.recordedAt };
        break;
      }
      case "SefSignedOff":
        state.signOffs.push({
          version: d.version as string,
          signedOn: d.signedOn as string,
          council: person(d.council),
          icb: person(d.icb),
          parentCarerForum: person(d.parentCarerForum),
          at: event.recordedAt,
        });
        break;
    }
    return state;
  },
};
