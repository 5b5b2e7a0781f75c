/** The GraphQL schema: read models only (writing stays on the command API). Every top-level field takes asAt. */
export const schema = /* GraphQL */ `
  "A moment in the log that an answer was folded at."
  type LogMoment {
    position: Int!
    recordedAt: String
    events: Int!
  }

  type StatisticalNeighbour {
    rank: Int!
    name: String!
  }

  type Criterion {
    code: String!
    text: String!
    wordingConfirmed: Boolean!
  }

  type Area {
    laCode: String!
    name: String!
    region: String!
    icb: String!
    statisticalNeighbours: [StatisticalNeighbour!]!
    criteria: [Criterion!]!
  }

  enum CaseStatus {
    ehcPlan
    senSupport
    ceased
    none
  }

  type Placement {
    effectiveFrom: String!
    mainUrn: String
    mainPhase: String
    subsidiaryPhase: String
    electiveHomeEducation: Boolean!
    alternativeProvision: Boolean!
    outOfArea: Boolean!
  }

  type Case {
    caseId: ID!
    status: CaseStatus!
    upn: String
    uln: String
    dateOfBirth: String!
    age: Int!
    gender: String!
    ethnicity: String!
    primaryNeed: String
    initialPlanIssuedOn: String
    lastReviewedOn: String
    placement: Placement
    knownToSocialCare: Boolean
    socialCareTeam: String
    hasDisability: Boolean
    "QA audits of this child's plan (batched across a list of cases)."
    qaAudits: [QaAudit!]!
  }

  type CasePage {
    at: LogMoment!
    total: Int!
    items: [Case!]!
  }

  type SectionGrade {
    section: String!
    grade: String
    derivedGrade: String
    notApplicable: Boolean!
    criteriaMet: [String!]!
    criteriaNotMet: [String!]!
    comment: String
  }

  type Auditor {
    auditor: String!
    agency: String!
  }

  type QaAudit {
    auditId: ID!
    caseId: String!
    reason: String!
    theme: String
    drawnOn: String!
    auditors: [Auditor!]!
    sections: [SectionGrade!]!
    submittedOn: String
    overallGrade: String
    moderatedGrade: String
    moderationAgreed: Boolean
  }

  type EvidenceRef {
    kind: String!
    id: String!
    note: String
  }

  type ActionUpdate {
    updatedOn: String!
    rag: String!
    narrative: String!
  }

  type Action {
    actionId: ID!
    title: String!
    priorityArea: String!
    criteria: [String!]!
    owner: String!
    dueOn: String!
    sourceKind: String!
    sourceRef: String
    rag: String
    overdue: Boolean!
    completedOn: String
    impact: String
    updates: [ActionUpdate!]!
  }

  type MetricPoint {
    period: String!
    scope: String!
    value: Float!
    corrected: Boolean!
  }

  type Metric {
    metricId: ID!
    title: String!
    unit: String!
    higherIsBetter: Boolean
    criteria: [String!]!
    source: String!
    values: [MetricPoint!]!
  }

  type Query {
    "The log moment an asAt resolves to (the head when asAt is omitted)."
    moment(asAt: String): LogMoment!
    area(asAt: String): Area
    cases(asAt: String, status: CaseStatus, primaryNeed: String, first: Int = 50, offset: Int = 0): CasePage!
    case(id: ID!, asAt: String): Case
    qaAudits(asAt: String, caseId: ID): [QaAudit!]!
    actions(asAt: String): [Action!]!
    metrics(asAt: String): [Metric!]!
  }
`;
