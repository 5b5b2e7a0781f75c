/** Run a decider purely: fold the events decided so far, decide the next command, keep what it adds. */
import { defaultDataRequestCatalogue } from "../../fixtures/areaDefaults.js";
import type { Role } from "../../schemas/common.js";
import { commandByName } from "../../src/commands/index.js";
import {
  type DecidedEvent,
  type DomainError,
  type FoldedEvent,
  isDomainError,
  type Reference,
} from "../../src/commands/decision.js";

/** What the handler would read for a command that needs it: the default catalogue, unless a test says. */
export const defaultReference: Reference = {
  dataRequestItemKeys: new Set(defaultDataRequestCatalogue.map((item) => item.key)),
};

export function decider(
  streamId: string,
  today = "2026-11-23",
  actor = "someone",
  role: Role = "admin",
  reference: Reference = defaultReference,
) {
  const history: FoldedEvent[] = [];
  return {
    history,
    run(
      name: string,
      input: unknown,
      as: { actor?: string } = {},
    ): DecidedEvent[] | DomainError | { invalid: string[] } {
      const definition = commandByName.get(name);
      if (!definition) throw new Error(`no command ${name}`);
      const parsed = definition.input.safeParse(input);
      if (!parsed.success) return { invalid: parsed.error.issues.map((i) => i.path.join(".")) };
      const state = history.reduce((s, e) => definition.model.evolve(s, e), definition.model.initial());
      const out = definition.decide(parsed.data, state, {
        today,
        actor: as.actor ?? actor,
        role,
        streamId,
        ...(definition.needsReference ? { reference } : {}),
      });
      if (!isDomainError(out)) history.push(...out.map((e) => ({ ...e, actor: as.actor ?? actor })));
      return out;
    },
  };
}

export const codeOf = (x: unknown) =>
  x && typeof x === "object" && "code" in x ? (x as DomainError).code : "appended";
