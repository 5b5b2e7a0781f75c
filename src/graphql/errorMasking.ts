/**
 * GraphQL errors as a client sees them. The caller's own mistakes (syntax, validation, a limit, a bad
 * argument) keep their message; anything else — a bug, a store failure — becomes "Internal error" with the
 * request id, and the real error is logged with that id. In production the "Did you mean …?" suggestions
 * graphql-js adds to validation messages are removed (they spell out the schema to whoever probes it).
 */
import { GraphQLError } from "graphql";
import mercurius, { type MercuriusContext } from "mercurius";
import type { ExecutionResult } from "graphql";

/** An error the caller caused, whose message is safe and useful to show. */
function isCallersMistake(error: GraphQLError): boolean {
  const original = error.originalError;
  if (!original) return true; // syntax and validation errors carry no original error
  if (original instanceof GraphQLError) return isCallersMistake(original);
  if (original instanceof mercurius.ErrorWithProps) return true;
  const status = (original as { statusCode?: unknown }).statusCode;
  return typeof status === "number" && status < 500;
}

const withoutSuggestions = (message: string) => message.replace(/\s*Did you mean [^?]*\?/g, "");

/** Flatten mercurius's validation wrapper (one error holding `errors`) into its GraphQL errors. */
function flatten(errors: readonly GraphQLError[]): GraphQLError[] {
  return errors.flatMap((e) => {
    const inner = (e.originalError as { errors?: unknown } | undefined)?.errors;
    return Array.isArray(inner)
      ? inner.map((x) =>
          x instanceof GraphQLError ? x : new GraphQLError(String((x as Error).message ?? x)),
        )
      : [e];
  });
}

export function errorFormatter(production: boolean) {
  return (execution: ExecutionResult & { statusCode?: number }, context: MercuriusContext) => {
    const request = context.reply.request;
    const errors = flatten(execution.errors ?? []).map((error) => {
      if (!isCallersMistake(error)) {
        request.log.error(
          { err: error.originalError ?? error, path: error.path, reqId: request.id },
          "graphql internal error",
        );
        return {
          message: `Internal error (request ${request.id})`,
          ...(error.path ? { path: error.path } : {}),
          extensions: { code: "INTERNAL", requestId: request.id },
        };
      }
      const json = error.toJSON();
      return production ? { ...json, message: withoutSuggestions(json.message) } : json;
    });
    const limited = (execution.errors ?? []).map(
      (e) => (e.originalError as { statusCode?: unknown } | undefined)?.statusCode,
    );
    const statusCode = execution.data
      ? 200
      : (execution.statusCode ?? (limited.length === 1 && typeof limited[0] === "number" ? limited[0] : 200));
    return { statusCode, response: { data: execution.data ?? null, errors } };
  };
}
