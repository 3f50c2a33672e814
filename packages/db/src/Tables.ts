/**
 * The registry's tables as Kysely sees them, one row type per table. They never leave
 * this package: the adapters turn rows into the domain's records and decisions.
 * Booleans are integers 0/1 and JSON is text, so that both engines store the same values.
 */
import type { Generated } from "kysely"

/** An administrative area; `parent` is the code two digits shorter (null for a province). */
export interface AreaTable {
  code: string
  level: string
  parent: string | null
  name_th: string
  name_en: string
}

/** One household of a survey round: the columns queries filter on, and the record as JSON. */
export interface HouseholdTable {
  round: number
  house_code: string
  village_code: string
  house_number: string | null
  survey_year: number
  surveyed_on: string
  welfare_card: string
  persons: number
  /**
   * The whole record (members, answers and the fields the rule set does not name) as the
   * text `RecordText` writes: a page is read from this column alone, and a re-import
   * compares it.
   */
  record: string
  imported_at: string
}

/**
 * Where a person is: their citizen ID, the round, the household and their place in it
 * (`ordinal` from 0, the order the record lists them); the key is citizen ID, round and
 * house. Everything else about them is in the household's `record`, once.
 */
export interface MemberTable {
  /** The 13 digits as a number (`bigint`): a string on PostgreSQL, as node-pg gives int8; see `RegistrySql.citizenIdOf`. */
  citizen_id: number | string
  round: number
  house_code: string
  ordinal: number
}

/** A decision in its compact form (see the domain's `Decision.compact`). */
export interface DecisionTable {
  round: number
  rule_set_key: string
  house_code: string
  rule_set_id: string
  survey_year: number
  /** One letter per indicator in the rule set's order. */
  statuses: string
  /** JSON: citizen IDs behind a fail or unknown, by indicator number; null when none. */
  members: string | null
  survey_poor: number
  target: number
  /** Bit i set when dimension i (in `Dimension.all` order) fails: sums in SQL need no JSON. */
  failed_dimensions: number
  /** JSON array of the reasons; null when none. */
  reasons: string | null
  village_code: string
  persons: number
  evaluated_at: string
}

/** The latest evaluation of a round under a rule-set key. */
export interface EvaluationTable {
  round: number
  rule_set_key: string
  rule_set_id: string
  /** JSON of the rule set's parameters. */
  parameters: string
  evaluated_at: string
}

/**
 * PostgreSQL's `bigint` (money, positions) reaches JavaScript as a string, SQLite's
 * integer as a number: read with `Number()`.
 */
type Bigint = number | string

/** The fund's settings as JSON, in the one row `id = 1`. */
export interface FundSettingsTable {
  id: number
  settings: string
}

export interface FundContributorTable {
  position: Generated<Bigint>
  id: string
  record: string
}

export interface FundPledgeTable {
  id: string
  /** The number in the id (P-7 is 7): pledges in the order made. */
  number: number
  contributor: string
  record: string
}

export interface FundReceiptTable {
  id: string
  number: number
  bank_reference: string
  /**
   * The bank reference as the books compare it (NFKC, trimmed, case-folded), unique
   * (migration `2026-12-03-010-receipt-reference`). Rows of the same reference from before
   * it keep their receipt id after a `#`.
   */
  reference_key: string | null
  value_date: string
  record: string
}

export interface FundRequestTable {
  id: string
  number: number
  house_code: string
  /** The state's tag (requested, reserved, …); the whole state is in the record. */
  state: string
  record: string
}

/** A change of the fund's settings (S-1 the first settings); the whole change is in the record. */
export interface FundSettingsChangeTable {
  id: string
  number: number
  /** open, applied or superseded. */
  state: string
  record: string
}

/** A movement of the ledger, append-only; `position` is the order appended. */
export interface FundMovementTable {
  position: Generated<Bigint>
  id: string
  kind: string
  reverses: string | null
  at: string
  /** The hash chain (`Chain`): the movement before's hash, and this one's over it and the movement with its postings. */
  prev_hash: string | null
  hash: string | null
}

/** One line of a movement, append-only; `account` is `Ledger.accountKey`. */
export interface FundPostingTable {
  movement_id: string
  line: number
  account: string
  side: string
  amount: Bigint
}

/** The stored totals of an account, updated in the transaction of every append. */
export interface FundBalanceTable {
  account: string
  debits: Bigint
  credits: Bigint
}

/** A command recorded under its idempotency key; `result` is JSON. */
export interface FundEntryTable {
  position: Generated<Bigint>
  key: string
  command: string
  hash: string
  result: string
  at: string
}

export interface FundSequenceTable {
  name: string
  value: number
}

/** An agency that gives help (seeded with the provincial offices). */
export interface JourneyAgencyTable {
  code: string
  name_th: string
  name_en: string
  abbreviation_th: string | null
}

export interface JourneyTeamTable {
  id: string
  kind: string
  name: string
  area: string
}

/** A team's members in the order listed. */
export interface JourneyTeamMemberTable {
  team_id: string
  ordinal: number
  user_id: string | null
  name: string
  agency: string | null
}

export interface JourneyUserTable {
  id: string
  name: string
  role: string
  agency: string | null
  team_id: string | null
}

/** The areas a user acts on, in the order given ("" is the whole country). */
export interface JourneyUserScopeTable {
  user_id: string
  ordinal: number
  area: string
}

/** A target household in the journey; `failed` is JSON `[{ indicator, dimension }]`. */
export interface JourneyHouseholdTable {
  house_code: string
  village_code: string
  source: string
  round: number
  failed: string
  analysed_on: string | null
  analysed_by: string | null
  agreed_on: string | null
  agreed_by: string | null
}

export interface JourneyVerificationTable {
  house_code: string
  outcome: string
  verified_on: string
  verified_by: string
  note: string | null
}

/** The five capitals, 1 to 5 each, any left out. */
export interface JourneyCapitalTable {
  house_code: string
  score_human: number | null
  score_physical: number | null
  score_financial: number | null
  score_natural: number | null
  score_social: number | null
}

export interface JourneyMentorAssignmentTable {
  house_code: string
  team_id: string
}

/** One failed indicator of a household; `closure` is JSON, `closed_as` its tag. */
export interface JourneyProblemTable {
  position: Generated<Bigint>
  house_code: string
  indicator: number
  dimension: string
  opened_on: string
  closed_as: string | null
  closure: string | null
}

/** A 4T plan action; `problems` is a JSON array of indicator numbers. */
export interface JourneyActionTable {
  position: Generated<Bigint>
  id: string
  house_code: string
  part: string
  description: string
  problems: string
  /** agency or team; `responsible` is its code or id. */
  responsible_kind: string
  responsible: string
  budget_source: string
  planned_cost: Bigint
  due: string
  status: string
  created_by: string
  created_at: string
}

/** An act of help, append-only (triggers refuse UPDATE and DELETE); negative `value` on a reversal. */
export interface JourneyLogbookTable {
  position: Generated<Bigint>
  id: string
  house_code: string
  village_code: string
  member: string | null
  given_on: string
  giver_agency: string | null
  giver_team: string | null
  giver_person: string | null
  kind: string
  value: Bigint
  problems: string
  action_id: string | null
  budget_source: string
  evidence: string | null
  note: string | null
  fund_request: string | null
  reverses: string | null
  reason: string | null
  recorded_by: string
  recorded_at: string
  /** The hash chain (`Chain`): the entry before's hash, and this one's over it and the entry. */
  prev_hash: string | null
  hash: string | null
}

/** A follow-up visit; `confirms` is a JSON array of indicator numbers. */
export interface JourneyVisitTable {
  position: Generated<Bigint>
  id: string
  house_code: string
  visited_on: string
  stage: string
  confirms: string
  note: string | null
  visited_by: string
  recorded_at: string
}

export interface JourneyDeadlineTable {
  district: string
  due: string
  set_by: string
  set_at: string
}

/** A journey command recorded under its idempotency key, append-only; `result` is JSON. */
export interface JourneyEntryTable {
  position: Generated<Bigint>
  key: string
  command: string
  hash: string
  result: string
  at: string
}

export interface JourneySequenceTable {
  name: string
  value: number
}

/** An API token: the hash of its secret, never the secret. */
export interface ApiTokenTable {
  id: string
  user_id: string
  hash: string
  created_at: string
  created_by: string
  expires_at: string | null
  revoked_at: string | null
}

export interface ApiSequenceTable {
  name: string
  value: number
}

/** One read or write of personal data, append-only; `house_codes` is a JSON array. */
export interface AuditEntryTable {
  seq: Generated<number>
  at: string
  actor_id: string
  action: string
  what: string
  house_codes: string
  reason: string | null
}

/** A background job (`Job.Job`), with its plan's dispatch state; JSON columns are text. */
export interface JobTable {
  id: string
  kind: string
  status: string
  input: string
  key: string
  hash: string
  submitted_by: string
  /** The submitter as submitted (`Actor`, JSON). */
  submitter: string
  /** The submitter's areas (JSON array). */
  scope: string
  submitted_at: string
  started_at: string | null
  finished_at: string | null
  planned: number
  serial: number
  max_attempts: number
  tasks_total: number
  tasks_done: number
  rows: number
  plan_status: string
  plan_attempts: number
  plan_run_at: string
  plan_worker: string | null
  failure: string | null
  result: string | null
  cancelled_by: string | null
}

/** One task of a job: its spec, state, attempts and result. */
export interface JobTaskTable {
  job_id: string
  idx: number
  status: string
  attempts: number
  rows: number
  spec: string
  result: string | null
  worker: string | null
  started_at: string | null
  finished_at: string | null
  error: string | null
  run_at: string
}

/** A part of a job's input kept for its task (an import's batch of records, JSON). */
export interface JobChunkTable {
  job_id: string
  idx: number
  data: string
}

/** A worker process alive (`Job.WorkerInfo`, JSON) and when it last said so. */
export interface JobWorkerTable {
  id: string
  info: string
  seen_at: string
}

export interface ProgramSequenceTable {
  name: string
  value: number
}

export interface ProgramTable {
  id: string
  number: number
  status: string
  record: string
}

/** The key a program was created under (migration 015): a replay answers the same program. */
export interface ProgramCreateKeyTable {
  key: string
  hash: string
  program_id: string | null
}

export interface ProgramEnrolmentTable {
  program_id: string
  number: number
  record: string
}

export interface ProgramBeneficiaryTable {
  program_id: string
  house_code: string
  member: number
  village_code: string
  last_selected_in: number
  record: string
}

export interface ProgramNeedTable {
  program_id: string
  house_code: string
  member: number
  record: string
}

export interface ProgramDeliveryTable {
  program_id: string
  key: string
  position: number
  entry_id: string
  record: string
}

/** A write of a round's households or decisions: the round's revision is how many it has (migration 014). */
export interface RegistryWriteTable {
  seq: Generated<number>
  round: number
}

/** A context's revision, bumped by trigger in every transaction that changes it (migration 014). */
export interface RevisionTable {
  context: string
  n: number
}

export interface Tables {
  area: AreaTable
  household: HouseholdTable
  member: MemberTable
  decision: DecisionTable
  evaluation: EvaluationTable
  fund_settings: FundSettingsTable
  fund_settings_change: FundSettingsChangeTable
  fund_contributor: FundContributorTable
  fund_pledge: FundPledgeTable
  fund_receipt: FundReceiptTable
  fund_request: FundRequestTable
  fund_movement: FundMovementTable
  fund_posting: FundPostingTable
  fund_balance: FundBalanceTable
  fund_entry: FundEntryTable
  fund_sequence: FundSequenceTable
  journey_agency: JourneyAgencyTable
  journey_team: JourneyTeamTable
  journey_team_member: JourneyTeamMemberTable
  journey_user: JourneyUserTable
  journey_user_scope: JourneyUserScopeTable
  journey_household: JourneyHouseholdTable
  journey_verification: JourneyVerificationTable
  journey_capital: JourneyCapitalTable
  journey_mentor_assignment: JourneyMentorAssignmentTable
  journey_problem: JourneyProblemTable
  journey_action: JourneyActionTable
  journey_logbook: JourneyLogbookTable
  journey_visit: JourneyVisitTable
  journey_deadline: JourneyDeadlineTable
  journey_entry: JourneyEntryTable
  journey_sequence: JourneySequenceTable
  api_token: ApiTokenTable
  api_sequence: ApiSequenceTable
  audit_entry: AuditEntryTable
  job: JobTable
  job_task: JobTaskTable
  job_chunk: JobChunkTable
  job_worker: JobWorkerTable
  program_sequence: ProgramSequenceTable
  program: ProgramTable
  program_create_key: ProgramCreateKeyTable
  program_enrolment: ProgramEnrolmentTable
  program_beneficiary: ProgramBeneficiaryTable
  program_need: ProgramNeedTable
  program_delivery: ProgramDeliveryTable
  registry_write: RegistryWriteTable
  revision: RevisionTable
}
