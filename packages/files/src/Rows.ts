/**
 * Survey records as the rows of a spreadsheet (CSV or xlsx): a header of canonical field
 * names, then one row per member with the household's fields repeated. Extra fields get
 * columns after the canonical ones: the household's under their name, the members' as
 * `member.<name>`.
 */
import * as Columns from "./Columns.js"

/** What a writer wrote. */
export interface Written {
  readonly records: number
  /** Data rows (CSV, xlsx) or records (JSON), not counting the header. */
  readonly rows: number
  /**
   * Extra fields left out because the first record, which set the columns, did not
   * have them (`note`, `member.note`); always empty for JSON.
   */
  readonly unwritten: ReadonlyArray<string>
}

const householdNames = Columns.fields.filter((f) => f.level === "household").map((f) => f.name)
const memberNames = Columns.fields.filter((f) => f.level === "member").map((f) => f.name)
const householdKnown = new Set([...householdNames, "members"])
const memberKnown = new Set(memberNames)

type Fields = Record<string, unknown>

const membersOf = (record: Fields): ReadonlyArray<Fields> =>
  Array.isArray(record["members"]) ? (record["members"] as ReadonlyArray<Fields>) : []

const extrasOf = (fields: Fields, known: ReadonlySet<string>): Array<string> => Object.keys(fields).filter((k) => !known.has(k))

/** The records to write, or a function giving them afresh each time it is called. */
export type Records = AsyncIterable<object> | Iterable<object>

/** The extra fields that get columns: the household's, and the members' (without `member.`). */
export interface Extras {
  readonly household: ReadonlyArray<string>
  readonly member: ReadonlyArray<string>
}

/** The extra fields of one record. */
const extrasOfRecord = (record: object): Extras => {
  const fields = record as Fields
  return {
    household: extrasOf(fields, householdKnown),
    member: [...new Set(membersOf(fields).flatMap((m) => extrasOf(m, memberKnown)))]
  }
}

/** The extra fields of all `records`, in the order they first appear: a pass over them before writing. */
export const extras = async (records: Records): Promise<Extras> => {
  const household = new Set<string>()
  const member = new Set<string>()
  for await (const record of records) {
    const found = extrasOfRecord(record)
    for (const name of found.household) household.add(name)
    for (const name of found.member) member.add(name)
  }
  return { household: [...household], member: [...member] }
}

/**
 * The columns of a file being written, and the rows of each record. The extra columns are
 * those given, else the first record's. A record without members still gets one row, for
 * its household fields.
 */
export class Table {
  private householdExtras: ReadonlyArray<string> = []
  private memberExtras: ReadonlyArray<string> = []
  private readonly unwritten = new Set<string>()
  private records = 0
  private count = 0
  started = false

  /** The header row, with the extra columns `extras` (from `extras`) or of `first` (the file's first record, if any). */
  start(first: object | undefined, extras?: Extras): Array<string> {
    this.started = true
    const columns = extras ?? (first === undefined ? undefined : extrasOfRecord(first))
    if (columns !== undefined) {
      this.householdExtras = columns.household
      this.memberExtras = columns.member
    }
    return [...householdNames, ...memberNames, ...this.householdExtras, ...this.memberExtras.map((n) => Columns.memberPrefix + n)]
  }

  /** Calls `push` with each row of `record`: values as the record holds them. */
  rows(record: object, push: (row: Array<unknown>) => void): void {
    const fields = record as Fields
    this.records++
    const household = householdNames.map((n) => fields[n])
    const householdExtras = this.householdExtras.map((n) => fields[n])
    for (const name of extrasOf(fields, householdKnown)) if (!this.householdExtras.includes(name)) this.unwritten.add(name)
    const members = membersOf(fields)
    if (members.length === 0) {
      push([...household, ...memberNames.map(() => undefined), ...householdExtras, ...this.memberExtras.map(() => undefined)])
      this.count++
      return
    }
    for (const member of members) {
      for (const name of extrasOf(member, memberKnown)) {
        if (!this.memberExtras.includes(name)) this.unwritten.add(Columns.memberPrefix + name)
      }
      push([...household, ...memberNames.map((n) => member[n]), ...householdExtras, ...this.memberExtras.map((n) => member[n])])
      this.count++
    }
  }

  written(): Written {
    return { records: this.records, rows: this.count, unwritten: [...this.unwritten] }
  }
}
