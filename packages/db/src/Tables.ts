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
   * The whole record (members, answers and the fields the rule set does not name) as JSON,
   * keys in the order the record had them: a page is read from this column alone.
   */
  record: string
  /** sha1 (base64) of `record`: what a re-import compares, rather than the text itself. */
  content_hash: string
  imported_at: string
}

/**
 * One person of a household, in the order the record lists them (`ordinal` from 0): the
 * household's `record` holds them too, these rows are for queries by person.
 */
export interface MemberTable {
  round: number
  house_code: string
  ordinal: number
  citizen_id: string
  title: string | null
  first_name: string
  last_name: string
  sex: string
  birth_date: string
  relation: string
  /** JSON object of the answers the rule set names (those given). */
  answers: string
  /** JSON object of the fields the rule set does not name, or null when there are none. */
  extra: string | null
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

/** A movement of the ledger, append-only; `position` is the order appended. */
export interface FundMovementTable {
  position: Generated<Bigint>
  id: string
  kind: string
  reverses: string | null
  at: string
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

export interface Tables {
  area: AreaTable
  household: HouseholdTable
  member: MemberTable
  decision: DecisionTable
  evaluation: EvaluationTable
  fund_settings: FundSettingsTable
  fund_contributor: FundContributorTable
  fund_pledge: FundPledgeTable
  fund_receipt: FundReceiptTable
  fund_request: FundRequestTable
  fund_movement: FundMovementTable
  fund_posting: FundPostingTable
  fund_balance: FundBalanceTable
  fund_entry: FundEntryTable
  fund_sequence: FundSequenceTable
}
