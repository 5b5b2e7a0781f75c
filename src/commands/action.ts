/**
 * Deciders for `action-<id>`: the SEND & AP action plan. Rules: an action is raised once; progress and
 * due-date changes need an open action; completion needs an impact statement (the schema refuses an
 * empty one); only a completed action can be reopened; no date lies in the future except a due date.
 */
import { actionFamily } from "../../schemas/events/action.js";
import { command, type DecideContext, fail, futureDate, type StreamModel, stamp } from "./decision.js";

export interface ActionState {
  raised: boolean;
  completed: boolean;
}

const ev = actionFamily.events;

export const actionModel: StreamModel<ActionState> = {
  family: "action",
  resource: "actions",
  initial: () => ({ raised: false, completed: false }),
  evolve(state, { type }) {
    if (type === "ActionRaised") return { ...state, raised: true };
    if (type === "ActionCompleted") return { ...state, completed: true };
    if (type === "ActionReopened") return { ...state, completed: false };
    return state;
  },
};

const planners = ["lano", "officer", "admin"] as const;
const openAction = (s: ActionState, ctx: DecideContext) =>
  !s.raised
    ? fail("actionNotRaised", `action ${ctx.streamId} has not been raised`, [])
    : s.completed
      ? fail("actionCompleted", `action ${ctx.streamId} is completed; reopen it first`, [])
      : undefined;

export const actionCommands = [
  command({
    name: "raiseAction",
    path: "raise",
    summary: "Raise an action against a priority area and evaluation criteria, with an owner and due date.",
    model: actionModel,
    roles: planners,
    input: ev.ActionRaised.payload,
    decide: (input, s, ctx) =>
      s.raised
        ? fail("actionAlreadyRaised", `action ${ctx.streamId} is already raised`, [])
        : [stamp("ActionRaised", input)],
  }),
  command({
    name: "updateActionProgress",
    path: "update-progress",
    summary: "Record progress with a RAG rating, narrative and evidence references.",
    model: actionModel,
    roles: planners,
    input: ev.ActionProgressUpdated.payload,
    decide: (input, s, ctx) =>
      openAction(s, ctx) ??
      futureDate({ updatedOn: input.updatedOn }, ctx.today) ?? [stamp("ActionProgressUpdated", input)],
  }),
  command({
    name: "changeActionDueDate",
    path: "change-due-date",
    summary: "Move an action's due date, with the reason.",
    model: actionModel,
    roles: planners,
    input: ev.ActionDueDateChanged.payload,
    decide: (input, s, ctx) => openAction(s, ctx) ?? [stamp("ActionDueDateChanged", input)],
  }),
  command({
    name: "completeAction",
    path: "complete",
    summary: "Complete an action with a statement of its impact.",
    model: actionModel,
    roles: planners,
    input: ev.ActionCompleted.payload,
    decide: (input, s, ctx) =>
      openAction(s, ctx) ??
      futureDate({ completedOn: input.completedOn }, ctx.today) ?? [stamp("ActionCompleted", input)],
  }),
  command({
    name: "reopenAction",
    path: "reopen",
    summary: "Reopen a completed action, with the reason.",
    model: actionModel,
    roles: planners,
    input: ev.ActionReopened.payload,
    decide: (input, s, ctx) =>
      !s.completed
        ? fail("actionNotCompleted", `action ${ctx.streamId} is not completed`, [])
        : (futureDate({ reopenedOn: input.reopenedOn }, ctx.today) ?? [stamp("ActionReopened", input)]),
  }),
];
