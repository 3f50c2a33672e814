/**
 * The registry's tables as Kysely sees them, one row type per table. They never leave
 * this package: the adapters turn rows into the domain's records and decisions.
 * Booleans are integers 0/1 and JSON is text, so that both engines store the same values.
 */

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

export interface Tables {
  area: AreaTable
  household: HouseholdTable
  member: MemberTable
  decision: DecisionTable
  evaluation: EvaluationTable
}
