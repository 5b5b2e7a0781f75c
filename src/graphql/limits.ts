/**
 * What one GraphQL request may ask for, checked before anything runs: its depth, its aliases, how many
 * root fields fold an "as at" state, and its cost (fields × list sizes). A query over any of them is
 * refused with one GraphQL error naming the limit, so no query can hold the event loop for long.
 *
 * The cost rule (measured, docs/OPERATIONS.md): every field costs 1; a list
 * multiplies what is selected under it by `first` when the field takes it, else by the list's usual size
 * (LIST_SIZES, or DEFAULT_LIST_SIZE); the root views that select a whole read model cost what they take
 * to build (ROOT_COSTS); and a root field given `asAt` adds AS_AT_COST for the fold it may need.
 * Introspection (`__schema`, `__type`) is free and has no depth limit: it is refused in production.
 */
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLSchema,
  isListType,
  isNonNullType,
  Kind,
  type GraphQLOutputType,
  type SelectionSetNode,
} from "graphql";
import { type ComplexityEstimatorArgs, getComplexity } from "graphql-query-complexity";

export interface GraphqlLimits {
  /** Deepest selection (the root field is depth 1). */
  maxDepth: number;
  /** Aliased fields in the whole document. */
  maxAliases: number;
  /** Root fields given an `asAt` (each may fold the log to another moment). */
  maxAsAtFields: number;
  /** The query's cost by the rule above. */
  maxCost: number;
}

export const DEFAULT_GRAPHQL_LIMITS: GraphqlLimits = {
  maxDepth: 8,
  maxAliases: 20,
  maxAsAtFields: 3,
  maxCost: 50_000,
};

/** What a root view costs to build, in the unit of one object field (measured on the large area). */
export const ROOT_COSTS: ReadonlyMap<string, number> = new Map([
  ["sef", 400],
  ["dataRequest", 400],
  ["casePacks", 200],
  ["timeliness", 200],
  ["qaSummary", 200],
  ["actionPlan", 100],
  ["metricComparisons", 100],
  ["qaAudits", 50],
  ["cases", 20],
]);

/** The usual length of lists without `first`, by `Type.field` (others: DEFAULT_LIST_SIZE). */
export const LIST_SIZES: ReadonlyMap<string, number> = new Map([
  ["CasePage.items", 1], // counted by `cases(first:)`
  ["Case.qaAudits", 3],
  ["Query.qaAudits", 500],
  ["QaAudit.sections", 12],
  ["QaAudit.auditors", 3],
  ["Area.criteria", 11],
  ["Area.statisticalNeighbours", 10],
  ["Sef.criteria", 11],
  ["Sef.warnings", 10],
  ["SefCriterion.statements", 5],
  ["SefCriterion.warnings", 3],
  ["SefStatement.evidence", 3],
]);
export const DEFAULT_LIST_SIZE = 20;
export const AS_AT_COST = 500;
/** The largest `first` the resolvers accept. */
export const MAX_FIRST = 500;

const unwrap = (t: GraphQLOutputType): GraphQLOutputType => (isNonNullType(t) ? t.ofType : t);

function estimate({ type, field, args, childComplexity }: ComplexityEstimatorArgs): number {
  if (field.name.startsWith("__") || type.name.startsWith("__")) return 0;
  const key = `${type.name}.${field.name}`;
  const root = type.name === "Query";
  const own =
    (root ? (ROOT_COSTS.get(field.name) ?? 1) : 1) + (root && typeof args.asAt === "string" ? AS_AT_COST : 0);
  // `first` beyond what the resolver accepts is refused by the resolver, naming the argument.
  const first = typeof args.first === "number" ? Math.min(MAX_FIRST, Math.max(0, args.first)) : undefined;
  const times = first ?? (isListType(unwrap(field.type)) ? (LIST_SIZES.get(key) ?? DEFAULT_LIST_SIZE) : 1);
  return own + times * childComplexity;
}

/** Refused: the limit's name, what it is, and what the query asked for. */
export class GraphqlLimitError extends Error {
  readonly statusCode = 400;
  readonly errors: GraphQLError[];
  constructor(
    readonly limit: keyof GraphqlLimits,
    readonly max: number,
    readonly actual: number,
    message: string,
  ) {
    super(message);
    this.name = "GraphqlLimitError";
    this.errors = [
      new GraphQLError(message, { extensions: { code: "QUERY_TOO_EXPENSIVE", limit, max, actual } }),
    ];
  }
}

const isIntrospection = (name: string) => name.startsWith("__");

/** Depth and alias count over the operation, fragments inlined; introspection fields are not counted. */
function shape(document: DocumentNode, selectionSet: SelectionSetNode) {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  let aliases = 0;
  const walk = (set: SelectionSetNode, depth: number, visiting: ReadonlySet<string>): number => {
    let deepest = depth;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        if (depth === 0 && isIntrospection(s.name.value)) continue;
        if (s.alias) aliases += 1;
        deepest = Math.max(deepest, s.selectionSet ? walk(s.selectionSet, depth + 1, visiting) : depth + 1);
      } else if (s.kind === Kind.INLINE_FRAGMENT)
        deepest = Math.max(deepest, walk(s.selectionSet, depth, visiting));
      else {
        const name = s.name.value;
        const fragment = fragments.get(name);
        // A fragment cycle is refused by validation; never follow one here.
        if (!fragment || visiting.has(name)) continue;
        deepest = Math.max(deepest, walk(fragment.selectionSet, depth, new Set([...visiting, name])));
      }
    }
    return deepest;
  };
  const depth = walk(selectionSet, 0, new Set());
  return { depth, aliases };
}

/** Root fields (fragments inlined) given an `asAt` argument. */
function asAtRootFields(document: DocumentNode, selectionSet: SelectionSetNode): number {
  const fragments = new Map<string, SelectionSetNode>();
  for (const d of document.definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d.selectionSet);
  const fields: FieldNode[] = [];
  const collect = (set: SelectionSetNode, visiting: ReadonlySet<string>) => {
    for (const s of set.selections)
      if (s.kind === Kind.FIELD) fields.push(s);
      else if (s.kind === Kind.INLINE_FRAGMENT) collect(s.selectionSet, visiting);
      else if (!visiting.has(s.name.value)) {
        const f = fragments.get(s.name.value);
        if (f) collect(f, new Set([...visiting, s.name.value]));
      }
  };
  collect(selectionSet, new Set());
  return fields.filter((f) => f.arguments?.some((a) => a.name.value === "asAt" && a.value.kind !== Kind.NULL))
    .length;
}

type Figures = { depth: number; aliases: number; asAtFields: number; cost: number };

const operations = (document: DocumentNode) =>
  document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);

/**
 * The limits read off the document alone — aliases, depth, as-at root fields — for every operation in it
 * (whichever one is run). Cheap, and run before validation: graphql-js's validation of hundreds of
 * aliased fields is itself quadratic. Throws GraphqlLimitError on the first limit exceeded.
 */
export function checkShape(document: DocumentNode, limits: GraphqlLimits): Omit<Figures, "cost"> {
  const most = { depth: 0, aliases: 0, asAtFields: 0 };
  for (const operation of operations(document)) {
    const { depth, aliases } = shape(document, operation.selectionSet);
    if (aliases > limits.maxAliases)
      throw new GraphqlLimitError(
        "maxAliases",
        limits.maxAliases,
        aliases,
        `The query uses ${aliases} aliases; at most ${limits.maxAliases} are allowed`,
      );
    if (depth > limits.maxDepth)
      throw new GraphqlLimitError(
        "maxDepth",
        limits.maxDepth,
        depth,
        `The query's depth is ${depth}; at most ${limits.maxDepth} is allowed`,
      );
    const asAtFields = asAtRootFields(document, operation.selectionSet);
    if (asAtFields > limits.maxAsAtFields)
      throw new GraphqlLimitError(
        "maxAsAtFields",
        limits.maxAsAtFields,
        asAtFields,
        `The query asks ${asAtFields} root fields for an asAt; at most ${limits.maxAsAtFields} are allowed`,
      );
    most.depth = Math.max(most.depth, depth);
    most.aliases = Math.max(most.aliases, aliases);
    most.asAtFields = Math.max(most.asAtFields, asAtFields);
  }
  return most;
}

/**
 * Costs already worked out, per schema and parsed document (mercurius hands the same parsed document to
 * every request with the same query text), then per variables: the SEF query a LANO's page sends over and
 * over is costed once. A few variable sets per document at most, so hostile variables cannot grow it.
 */
const costs = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, number>>>();
const COSTS_PER_DOCUMENT = 16;

/** The cost of a validated query with its variables (the dearest operation); throws over the limit. */
export function checkCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  limits: GraphqlLimits,
): number {
  let bySchema = costs.get(schema);
  if (!bySchema) costs.set(schema, (bySchema = new WeakMap()));
  let byVariables = bySchema.get(document);
  if (!byVariables) bySchema.set(document, (byVariables = new Map()));
  const key = variables === undefined ? "" : JSON.stringify(variables);
  const known = byVariables.get(key);
  if (known !== undefined) return overLimit(known, limits);
  const cost = documentCost(schema, document, variables, limits);
  if (byVariables.size >= COSTS_PER_DOCUMENT) byVariables.clear();
  byVariables.set(key, cost);
  return cost;
}

function overLimit(cost: number, limits: GraphqlLimits): number {
  if (cost > limits.maxCost)
    throw new GraphqlLimitError(
      "maxCost",
      limits.maxCost,
      cost,
      `The query's cost is ${cost}; the limit is ${limits.maxCost} (fewer fields, a smaller first, or several requests)`,
    );
  return cost;
}

function documentCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  limits: GraphqlLimits,
): number {
  let most = 0;
  for (const operation of operations(document)) {
    const cost = getComplexity({
      schema,
      // One operation at a time: the estimator sees that operation's arguments.
      query: {
        ...document,
        definitions: document.definitions.filter(
          (d) => d === operation || d.kind === Kind.FRAGMENT_DEFINITION,
        ),
      },
      estimators: [estimate],
      ...(variables ? { variables } : {}),
    });
    most = Math.max(most, overLimit(cost, limits));
  }
  return most;
}

/** Both checks (as the plugin runs them, before validation and before execution). */
export function checkLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  limits: GraphqlLimits,
): Figures {
  return { ...checkShape(document, limits), cost: checkCost(schema, document, variables, limits) };
}
