/**
 * Deciders for `sef-<laCode>`: the self-evaluation. Rules: a statement id is used once; only a live
 * statement can be revised or withdrawn; a revision changes something; sign-off needs live statements.
 */
import { sefFamily } from "../../schemas/events/sef.js";
import { command, fail, futureDate, type StreamModel, stamp } from "./decision.js";

export interface SefState {
  statements: Map<string, "live" | "withdrawn">;
}

const ev = sefFamily.events;

export const sefModel: StreamModel<SefState> = {
  family: "sef",
  resource: "sef",
  initial: () => ({ statements: new Map() }),
  evolve(state, { type, data }) {
    const id = (data as { statementId?: string }).statementId;
    if (type === "SefStatementDrafted" && id)
      return { statements: new Map(state.statements).set(id, "live") };
    if (type === "SefStatementWithdrawn" && id)
      return { statements: new Map(state.statements).set(id, "withdrawn") };
    return state;
  },
};

const authors = ["lano", "admin"] as const;
const live = (s: SefState, id: string) =>
  s.statements.get(id) === "live"
    ? undefined
    : fail("noLiveStatement", `statement ${id} does not exist or is withdrawn`, ["statementId"]);

export const sefCommands = [
  command({
    name: "draftSefStatement",
    path: "draft-statement",
    summary: "Draft a SEF statement under an evaluation criterion, linked to its evidence.",
    model: sefModel,
    roles: authors,
    input: ev.SefStatementDrafted.payload,
    decide: (input, s) =>
      s.statements.has(input.statementId)
        ? fail("statementExists", `statement ${input.statementId} already exists; revise it`, ["statementId"])
        : [stamp("SefStatementDrafted", input)],
  }),
  command({
    name: "reviseSefStatement",
    path: "revise-statement",
    summary: "Revise a statement's kind, text or evidence, with the reason.",
    model: sefModel,
    roles: authors,
    input: ev.SefStatementRevised.payload.refine((i) => i.kind || i.text || i.evidence, {
      message: "change at least one of kind, text or evidence",
      path: ["text"],
    }),
    decide: (input, s) => live(s, input.statementId) ?? [stamp("SefStatementRevised", input)],
  }),
  command({
    name: "withdrawSefStatement",
    path: "withdraw-statement",
    summary: "Withdraw a statement, with the reason.",
    model: sefModel,
    roles: authors,
    input: ev.SefStatementWithdrawn.payload,
    decide: (input, s) => live(s, input.statementId) ?? [stamp("SefStatementWithdrawn", input)],
  }),
  command({
    name: "signOffSef",
    path: "sign-off",
    summary: "Record joint sign-off of a SEF version by the council, the ICB and the parent carer forum.",
    model: sefModel,
    roles: authors,
    input: ev.SefSignedOff.payload,
    decide: (input, s, ctx) =>
      ![...s.statements.values()].includes("live")
        ? fail("emptySef", "there are no live statements to sign off", [])
        : (futureDate({ signedOn: input.signedOn }, ctx.today) ?? [stamp("SefSignedOff", input)]),
  }),
];
