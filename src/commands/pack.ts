/**
 * Decider for `pack-<id>`: a pack is issued once, with the hash that proves what was sent. The hash and
 * position are computed by the server from the pack it built (src/packs), never taken from a client, so
 * this command has no generic route (`internal`).
 */
import { packFamily } from "../../schemas/events/pack.js";
import { command, fail, type StreamModel, stamp } from "./decision.js";

export interface PackState {
  issued: boolean;
}

export const packModel: StreamModel<PackState> = {
  family: "pack",
  resource: "packs",
  initial: () => ({ issued: false }),
  evolve: (state, { type }) => (type === "PackIssued" ? { issued: true } : state),
};

export const packCommands = [
  command({
    name: "issuePack",
    path: "issue",
    summary: "Record that a pack was issued to a recipient, with its log position and SHA-256.",
    model: packModel,
    roles: ["lano", "admin"],
    internal: true,
    input: packFamily.events.PackIssued.payload,
    decide: (input, s, ctx) =>
      s.issued
        ? fail("packAlreadyIssued", `pack ${ctx.streamId} is already issued`, [])
        : [stamp("PackIssued", input)],
  }),
];
