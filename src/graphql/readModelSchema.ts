/** GraphQL types for the derived read models: SEF, data request, case packs, timeliness, QA, plan, metrics. */
export const readModelSchema = /* GraphQL */ `
  type ResolvedEvidence {
    kind: String!
    id: String!
    note: String
    found: Boolean!
    summary: String!
    asOf: String
    signal: String
    "What the evidence is about; it bears on the statement when these meet the criterion's topics."
    topics: [String!]!
    bears: Boolean!
  }

  "A figure the store computes from its own records, as at the read's date."
  type StoreFigure {
    id: String!
    title: String!
    topics: [String!]!
    value: Float
    unit: String!
    detail: String!
    from: String
    to: String!
  }

  "A recorded or published value that disagrees with the store's own figure for the same period."
  type FigureContradiction {
    figureId: String!
    metricId: String!
    metricTitle: String!
    period: String!
    recorded: Float!
    computed: Float!
    message: String!
  }

  type SefWarning {
    kind: String!
    criterion: String!
    statementId: String
    message: String!
  }

  type SefStatement {
    statementId: String!
    kind: String!
    text: String!
    evidence: [ResolvedEvidence!]!
    revisions: Int!
  }

  type SefCriterion {
    code: String!
    text: String!
    wordingConfirmed: Boolean!
    statements: [SefStatement!]!
    warnings: [SefWarning!]!
  }

  type SefSignOff {
    version: String!
    signedOn: String!
    council: String!
    icb: String!
    parentCarerForum: String!
  }

  type Sef {
    at: LogMoment!
    area: String
    asOf: String!
    signedOff: SefSignOff
    criteria: [SefCriterion!]!
    warnings: [SefWarning!]!
    figures: [StoreFigure!]!
    figureContradictions: [FigureContradiction!]!
  }

  type DataRequestItem {
    key: String!
    title: String!
    kind: String!
    owner: String!
    source: String!
    status: String!
    detail: String!
    dueAt: String
    hoursLeft: Float
    providedAt: String
  }

  type StatusCount {
    status: String!
    count: Int!
  }

  type AnnexACheck {
    code: Int!
    list: Int!
    severity: String!
    row: Int!
    uniqueId: String!
    column: String
    message: String!
  }

  type DataRequest {
    at: LogMoment!
    inspectionId: String
    notifiedAt: String
    readiness: Float!
    counts: [StatusCount!]!
    items: [DataRequestItem!]!
    "Every failing Annex A check, so the LANO can fix rows before the lists go out."
    annexAChecks: [AnnexACheck!]!
  }

  type TimelineStep {
    step: String!
    startsOn: String!
    dueOn: String!
    doneOn: String
    status: String!
    daysLate: Int!
    note: String
  }

  type CaseProfile {
    status: String!
    age: Int!
    gender: String!
    ethnicity: String!
    primaryNeed: String
    secondaryNeed: String
    phase: String
    alternativeProvision: Boolean!
    electiveHomeEducation: Boolean!
    outOfArea: Boolean!
    knownToSocialCare: Boolean
    socialCareTeam: String
    hasDisability: Boolean
  }

  type PlannedAction {
    actionId: ID!
    title: String!
    priorityArea: String!
    criteria: [String!]!
    owner: String!
    dueOn: String!
    rag: String!
    overdue: Boolean!
    daysOverdue: Int!
    lastUpdatedOn: String
    completedOn: String
    impact: String
  }

  type Document {
    documentId: ID!
    title: String!
    kind: String!
    uri: String!
    sha256: String!
    version: String!
    publishedOn: String
    supersededBy: String
  }

  type CasePack {
    caseId: ID!
    asOf: String!
    selectedFor: [String!]!
    profile: CaseProfile!
    timeline: [TimelineStep!]!
    audits: [QaAudit!]!
    actions: [PlannedAction!]!
    documents: [Document!]!
  }

  type Share {
    within: Int!
    total: Int!
    percent: Float
  }

  type TwentyWeekTimeliness {
    from: String!
    to: String!
    issued: Int!
    exceptionCases: Int!
    includingExceptions: Share!
    excludingExceptions: Share!
    lateCaseIds: [String!]!
  }

  type AnnualReviewTimeliness {
    from: String!
    to: String!
    due: Int!
    heldOnTime: Int!
    heldLate: Int!
    notHeld: Int!
    percent: Float
  }

  type OverdueLists {
    asOf: String!
    twentyWeekPlans: [String!]!
    annualReviews: [String!]!
    reviewDecisions: [String!]!
  }

  type Timeliness {
    at: LogMoment!
    twentyWeek: TwentyWeekTimeliness!
    annualReviews: AnnualReviewTimeliness!
    overdue: OverdueLists!
  }

  type GradeCounts {
    key: String!
    outstanding: Int!
    good: Int!
    requiresImprovement: Int!
    inadequate: Int!
    total: Int!
  }

  type NewPlanCoverage {
    from: String!
    to: String!
    plansIssued: Int!
    audited: Int!
    percent: Float
    targetPercent: Float!
    meetsTarget: Boolean
  }

  type UnactionedAudit {
    auditId: String!
    caseId: String!
    overallGrade: String!
    weakSections: [String!]!
  }

  type QaSummary {
    at: LogMoment!
    drawn: Int!
    submitted: Int!
    moderated: Int!
    overall: GradeCounts!
    bySection: [GradeCounts!]!
    byQuarter: [GradeCounts!]!
    byPrimaryNeed: [GradeCounts!]!
    byPhase: [GradeCounts!]!
    byAgency: [GradeCounts!]!
    newPlanCoverage: NewPlanCoverage!
    moderationAgreementPercent: Float
    "Audits graded RI or inadequate overall with no action raised (audits, not sections)."
    unactioned: [UnactionedAudit!]!
    "Audits graded good or better overall with a weak section and no action raised."
    weakSectionsUnactioned: Int!
    "Grades per QA checklist version: compare only within one version."
    byChecklist: [ChecklistGrades!]!
  }

  type ChecklistGrades {
    version: String!
    overall: GradeCounts!
    bySection: [GradeCounts!]!
  }

  type RagCount {
    rag: String!
    count: Int!
  }

  type ActionGroup {
    key: String!
    overdue: Int!
    rag: [RagCount!]!
    actions: [PlannedAction!]!
  }

  type ActionPlan {
    at: LogMoment!
    asOf: String!
    rag: [RagCount!]!
    byPriorityArea: [ActionGroup!]!
    byCriterion: [ActionGroup!]!
    overdue: [PlannedAction!]!
    completedWithImpact: [PlannedAction!]!
  }

  type SeriesPoint {
    period: String!
    value: Float!
  }

  type Series {
    key: String!
    points: [SeriesPoint!]!
  }

  type Comparator {
    value: Float
    difference: Float
    verdict: String!
  }

  type MetricTrend {
    fromPeriod: String!
    toPeriod: String!
    change: Float!
    direction: String!
    verdict: String!
  }

  type MetricComparison {
    metricId: ID!
    title: String!
    unit: String!
    higherIsBetter: Boolean
    criteria: [String!]!
    latest: SeriesPoint
    england: Comparator!
    statisticalNeighbours: Comparator!
    trend: MetricTrend
    series: [Series!]!
  }

  extend type Query {
    sef(asAt: String): Sef!
    dataRequest(asAt: String, inspectionId: ID): DataRequest!
    casePack(caseId: ID!, asAt: String): CasePack
    "The packs for the children an inspection selected for tracking or case sampling."
    casePacks(inspectionId: ID!, asAt: String): [CasePack!]!
    timeliness(asAt: String, from: String, to: String): Timeliness!
    qaSummary(asAt: String, from: String, to: String, targetPercent: Float): QaSummary!
    actionPlan(asAt: String): ActionPlan!
    metricComparisons(asAt: String): [MetricComparison!]!
  }
`;
