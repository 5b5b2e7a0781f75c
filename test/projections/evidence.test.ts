import fc from "fast-check";
import t from "tap";
import { evidenceProjection, type EvidenceState } from "../../projections/evidence.js";
import { fold } from "../../projections/projection.js";
import { serialised } from "../../projections/evidenceSnapshot.js";
import { demoEvents } from "./demoEvents.js";

const events = await demoEvents();
const whole = serialised(fold(evidenceProjection, events));

/**
 * Fold as the runner does when readers take the state at the given event indexes: from each share on,
 * every event goes through ownForWrite first. Returns the final state and each held state with its JSON
 * at the moment it was taken.
 */
function foldSharing(shareAt: Set<number>) {
  let state = evidenceProjection.initial();
  let owned: Set<string> | undefined;
  const held: { state: EvidenceState; json: string }[] = [];
  events.forEach((e, i) => {
    if (shareAt.has(i)) {
      held.push({ state, json: serialised(state) });
      owned = new Set();
    }
    const base = owned ? evidenceProjection.ownForWrite!(state, e, owned) : state;
    state = evidenceProjection.apply(base, e);
  });
  return { state, held };
}

t.test(
  "copy-on-write: a state a reader holds never changes; the fold is the same as without readers",
  async (t) => {
    t.ok(events.length > 500, `a demo history of ${events.length} events`);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: events.length - 1 }), { maxLength: 12 }),
        (points) => {
          const { state, held } = foldSharing(new Set(points));
          t.equal(serialised(state), whole, "the same final state");
          for (const h of held) t.equal(serialised(h.state), h.json, "a held state is as it was when taken");
          return true;
        },
      ),
      { numRuns: 25 },
    );
  },
);

t.test(
  "copy-on-write copies an updated child or audit once per share, and nothing else of theirs",
  async (t) => {
    const caseEvent = events.findLast((e) => e.stream.startsWith("case-"))!;
    const qaEvent = events.findLast((e) => e.stream.startsWith("qa-"))!;
    const state = fold(evidenceProjection, events);
    const owned = new Set<string>();
    const own = evidenceProjection.ownForWrite!(state, caseEvent, owned);
    const caseId = caseEvent.stream.slice(5);
    t.not(own, state, "a new top-level state");
    t.not(own.cases.byId, state.cases.byId, "a new map of children");
    t.not(own.cases.byId.get(caseId), state.cases.byId.get(caseId), "the updated child is copied");
    t.same(own.cases.byId.get(caseId), state.cases.byId.get(caseId));
    const other = [...state.cases.byId.keys()].find((id) => id !== caseId)!;
    t.equal(own.cases.byId.get(other), state.cases.byId.get(other), "other children are shared");
    t.equal(
      own.qa.audits.get(qaEvent.stream.slice(3)),
      state.qa.audits.get(qaEvent.stream.slice(3)),
      "audits shared",
    );
    const copied = own.cases.byId.get(caseId);
    t.equal(evidenceProjection.ownForWrite!(own, caseEvent, owned), own, "the second write copies nothing");
    t.equal(own.cases.byId.get(caseId), copied);
    evidenceProjection.ownForWrite!(own, qaEvent, owned);
    t.not(
      own.qa.audits.get(qaEvent.stream.slice(3)),
      state.qa.audits.get(qaEvent.stream.slice(3)),
      "now the audit is",
    );
    t.same([...owned].sort(), ["", caseEvent.stream, qaEvent.stream].sort());
  },
);
