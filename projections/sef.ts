/** `sef`: the self-evaluation's statements per criterion (live and withdrawn) and its sign-offs. */
import type { EvidenceRef } from "../schemas/common.js";
import type { EvidenceEvent } from "../schemas/events/index.js";
import { type Fold, overStored } from "./projection.js";

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
  /** By statement id: a `Map`, since an id may be any name the id grammar allows. */
  statements: Map<string, StatementRecord>;
  signOffs: {
    version: string;
    signedOn: string;
    council: string;
    icb: string;
    parentCarerForum: string;
    at: string;
  }[];
}

const person = (p: { name: string; role: string }) => `${p.name} (${p.role})`;

export const sefFold: Fold<SefState> = {
  name: "sef",
  version: 2,
  initial: () => ({ statements: new Map(), signOffs: [] }),
  apply(state, event: EvidenceEvent) {
    if (!event.stream.startsWith("sef-")) return state;
    switch (event.type) {
      case "SefStatementDrafted": {
        const d = event.data;
        state.statements.set(d.statementId, {
          statementId: d.statementId,
          criterion: d.criterion,
          kind: d.kind,
          text: d.text,
          evidence: d.evidence,
          ...(d.actionRef ? { actionRef: d.actionRef } : {}),
          draftedAt: event.recordedAt,
          revisions: 0,
        });
        break;
      }
      case "SefStatementRevised": {
        const d = event.data;
        const s = state.statements.get(d.statementId);
        if (!s) break;
        if (d.kind) s.kind = d.kind;
        if (d.text) s.text = d.text;
        if (d.evidence) s.evidence = d.evidence;
        s.revisedAt = event.recordedAt;
        s.revisions += 1;
        break;
      }
      case "SefStatementWithdrawn": {
        const s = state.statements.get(event.data.statementId);
        if (s) s.withdrawn = { reason: event.data.reason, at: event.recordedAt };
        break;
      }
      case "SefSignedOff": {
        const d = event.data;
        state.signOffs.push({
          version: d.version,
          signedOn: d.signedOn,
          council: person(d.council),
          icb: person(d.icb),
          parentCarerForum: person(d.parentCarerForum),
          at: event.recordedAt,
        });
        break;
      }
    }
    return state;
  },
};

/** The self-evaluation on its own, over stored events. */
export const sefProjection = overStored(sefFold);
