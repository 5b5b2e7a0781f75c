/**
 * A page's command: the same handler as the API (`handleCommand`), called as the signed-in principal
 * with source "web"; once appended, the page waits for the read models to include it before redirecting.
 */
import type { FastifyRequest } from "fastify";
import { commandByName } from "../commands/index.js";
import { type CommandOutcome, handleCommand } from "../commands/handle.js";
import type { ExpectedRevision } from "../store/port.js";
import type { WebOptions } from "./plugin.js";

export async function pageCommand(
  o: WebOptions,
  request: FastifyRequest,
  name: string,
  id: string,
  input: unknown,
  expectedRevision?: ExpectedRevision,
): Promise<CommandOutcome> {
  const who = request.principal!;
  const outcome = await handleCommand(o.store, commandByName.get(name)!, {
    id,
    input,
    caller: { actor: who.actor, role: who.role, source: "web", correlationId: request.id },
    today: o.today(),
    ...(expectedRevision !== undefined ? { expectedRevision } : {}),
  });
  if (outcome.kind === "appended") await o.runner.waitFor(outcome.position);
  return outcome;
}

/**
 * The revision a form was rendered at (a hidden field), pinned so someone else's change is a 409; -1 for
 * a record that did not exist yet. Anything else is undefined: not pinned (the handler retries on its own).
 */
export function formRevision(raw: unknown): number | undefined {
  if (typeof raw !== "string" || !/^-?\d{1,9}$/.test(raw.trim())) return undefined;
  return Number(raw.trim());
}
