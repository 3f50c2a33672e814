/**
 * Households from the rows of a survey spreadsheet (CSV or xlsx): one row per member,
 * the household's fields repeated on each of its rows, and the rows of one household
 * consecutive. A household is read when its last row has been seen; a bad row rejects
 * its own household whole (never a member alone), and only it.
 */
import * as Columns from "./Columns.js"
import { type Item, rejected } from "./Item.js"
import * as TextEncoding from "./TextEncoding.js"
import { UnreadableFile } from "./UnreadableFile.js"

/** Rows above the header (a title, a date) are skipped; this many at most. */
export const maxRowsBeforeHeader = 50

interface Column {
  readonly index: number
  readonly header: string
  readonly field: Columns.Field
}

interface ExtraColumn {
  readonly index: number
  readonly name: string
  /** Named `member.…`: on the member even when every row agrees. */
  readonly memberOnly: boolean
}

/** Why a cell cannot be read at all (see `Households.row`), or `undefined`. */
export type Check = (cell: unknown) => string | undefined

/** A text cell holding a byte that is not text in the file's encoding (see `TextEncoding.isClean`). */
export const undecodable: Check = (cell) => (typeof cell === "string" && !TextEncoding.isClean(cell) ? TextEncoding.undecodable : undefined)

/** Which column holds what, from the header row. */
export interface Layout {
  readonly houseCode: Column
  readonly household: ReadonlyArray<Column>
  readonly member: ReadonlyArray<Column>
  readonly extra: ReadonlyArray<ExtraColumn>
  /** Cells past this index have no header. */
  readonly width: number
}

const headerText = (cell: unknown): string => {
  const value = Columns.readExtra(cell)
  return value === undefined ? "" : String(value)
}

/**
 * The layout a header row describes; `undefined` when no cell names the houseCode column
 * (a title row above the header). Throws `Error` when two columns give the same field.
 * Columns with an empty header are ignored.
 */
export const layoutOf = (cells: ArrayLike<unknown>): Layout | undefined => {
  const household: Array<Column> = []
  const member: Array<Column> = []
  const extra: Array<ExtraColumn> = []
  const taken = new Map<string, string>()
  let houseCode: Column | undefined
  // Reported only for the header itself: a title row above it may repeat a word.
  let problem: string | undefined
  for (let index = 0; index < cells.length; index++) {
    const header = headerText(cells[index])
    if (header === "") continue
    const prefixed = header.toLowerCase().startsWith(Columns.memberPrefix)
    const bare = prefixed ? header.slice(Columns.memberPrefix.length).trim() : header
    const field = Columns.fieldOf(header) ?? (prefixed ? Columns.fieldOf(bare) : undefined)
    const memberOnly = field === undefined && prefixed
    const name = field?.name ?? bare
    const key = `${memberOnly ? "member " : ""}${name}`
    const other = taken.get(key)
    if (other !== undefined) problem ??= `the columns ${JSON.stringify(other)} and ${JSON.stringify(header)} both give ${name}`
    if (name === "members") problem ??= `a column may not be called ${JSON.stringify(header)}: members are the rows`
    taken.set(key, header)
    if (field === undefined) extra.push({ index, name, memberOnly })
    else if (field.name === "houseCode") houseCode = { index, header, field }
    else (field.level === "household" ? household : member).push({ index, header, field })
  }
  if (houseCode === undefined) return undefined
  if (problem !== undefined) throw new Error(problem)
  const width = Math.max(houseCode.index, ...household.map((c) => c.index), ...member.map((c) => c.index), ...extra.map((c) => c.index)) + 1
  return { houseCode, household, member, extra, width }
}

/** `layoutOf`, with its complaint as the file's. */
export const header = (cells: ArrayLike<unknown>, path: string): Layout | undefined => {
  try {
    return layoutOf(cells)
  } catch (error) {
    throw new UnreadableFile({ path, reason: (error as Error).message })
  }
}

/** The file names no houseCode column in its first `rows` rows. */
export const noHeader = (path: string, rows: number): UnreadableFile =>
  new UnreadableFile({
    path,
    reason: `no header row: none of the first ${rows} rows has a houseCode column (${Columns.fields[0]!.thai.join(", ")})`
  })

const isEmpty = (cell: unknown): boolean =>
  cell === undefined || cell === null || cell === "" || (typeof cell === "string" && cell.trim() === "")

const where = (column: Column, reason: string): string =>
  column.header === column.field.name ? reason : `column ${JSON.stringify(column.header)}: ${reason}`

/**
 * The row each house code was first seen on. A province's 11-digit codes are kept as
 * numbers in typed arrays (open addressing, linear probing): 12 bytes a slot and nothing
 * for the garbage collector to trace, where a `Map` of them took some 80 bytes a code and
 * held a 2,000,000-household import above 512 MB. Other codes (rare) go in a `Map`.
 *
 * @example const seen = new SeenCodes(); seen.firstOr("33010000001", 2) // undefined, then 2
 */
export class SeenCodes {
  private keys = new Float64Array(1 << 12).fill(-1)
  private lines = new Uint32Array(1 << 12)
  private size = 0
  private readonly others = new Map<string, number>()

  /** The row `houseCode` was first seen on; when it is new, `undefined`, and it is remembered as seen on `line`. */
  firstOr(houseCode: string, line: number): number | undefined {
    // Digits without a leading zero, so that the number stands for one code only.
    if (houseCode.length > 15 || !/^[1-9]\d*$/.test(houseCode)) {
      const first = this.others.get(houseCode)
      if (first === undefined) this.others.set(houseCode, line)
      return first
    }
    const key = Number(houseCode)
    const mask = this.keys.length - 1
    for (let slot = SeenCodes.hash(key) & mask; ; slot = (slot + 1) & mask) {
      const at = this.keys[slot]!
      if (at === key) return this.lines[slot]!
      if (at === -1) {
        this.keys[slot] = key
        this.lines[slot] = line
        if (++this.size * 2 > this.keys.length) this.grow()
        return undefined
      }
    }
  }

  /** Mixes both halves of a code, whose low digits alone would crowd neighbouring slots. */
  private static hash(key: number): number {
    const h = Math.imul((key >>> 0) ^ Math.imul(Math.floor(key / 4294967296), 0x9e3779b1), 0x85ebca6b)
    return h ^ (h >>> 15)
  }

  private grow(): void {
    const keys = this.keys
    const lines = this.lines
    this.keys = new Float64Array(keys.length * 2).fill(-1)
    this.lines = new Uint32Array(keys.length * 2)
    const mask = this.keys.length - 1
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!
      if (key === -1) continue
      let slot = SeenCodes.hash(key) & mask
      while (this.keys[slot] !== -1) slot = (slot + 1) & mask
      this.keys[slot] = key
      this.lines[slot] = lines[i]!
    }
  }
}

/**
 * Turns rows into household records. Feed the data rows in order with `row`, then call
 * `end`; each pushes the finished items onto `out`.
 *
 * Household fields take the value of the rows that fill them in (a blank cell on a later
 * row is not a disagreement); two different values reject the household. A row whose
 * member columns are all blank adds no member. An extra column goes on the household
 * when every row of it holds the same value, else on each member. With `round`, a
 * household without surveyYear gets `round`, and one with another year is rejected.
 *
 * It remembers every house code seen (12 to 24 bytes each, see `SeenCodes`), to reject a
 * household whose rows are not consecutive.
 */
export class Households {
  private key: string | undefined = undefined
  private line = 0
  private rejected = false
  private record: Record<string, unknown> = {}
  private members: Array<Record<string, unknown> | undefined> = []
  private extras: Array<Array<unknown>> = []
  /** Per household column: the cell that set its value, and on which row. */
  private readonly setBy: Array<unknown>
  private readonly setOn: Array<number>
  private readonly seen = new SeenCodes()

  constructor(
    private readonly layout: Layout,
    private readonly round: number | undefined
  ) {
    this.setBy = new Array(layout.household.length)
    this.setOn = new Array(layout.household.length)
  }

  /**
   * Reads the next data row. With `check`, a cell it finds a reason against (an
   * undecodable byte, a cell too long) rejects the row's household, naming the cell's field.
   */
  row(cells: ArrayLike<unknown>, line: number, out: Array<Item>, check?: Check): void {
    const layout = this.layout
    const houseCell = cells[layout.houseCode.index]
    const houseProblem = check === undefined ? undefined : check(houseCell)
    if (houseProblem !== undefined) return this.spoiled(line, "houseCode", houseProblem, out)
    const houseCode = isEmpty(houseCell) ? undefined : Columns.read("code", houseCell)
    if (typeof houseCode !== "string") {
      if (houseCode instanceof Columns.Invalid) this.spoiled(line, "houseCode", where(layout.houseCode, houseCode.reason), out)
      else if (!Array.prototype.every.call(cells, isEmpty)) {
        this.spoiled(line, "houseCode", where(layout.houseCode, "is empty: every row must name its household"), out)
      }
      return
    }
    if (houseCode !== this.key) {
      this.flush(out)
      this.start(houseCode, line, out)
    }
    if (this.rejected) return
    if (check !== undefined) {
      for (let i = 0; i < cells.length; i++) {
        const reason = check(cells[i])
        if (reason !== undefined) return this.reject(out, line, this.fieldAt(i), reason)
      }
    }
    for (let i = layout.width; i < cells.length; i++) {
      if (!isEmpty(cells[i])) {
        return this.reject(out, line, "(row)", `has a value in column ${i + 1}, past the last named column ${layout.width}; is a comma or a column out of place?`)
      }
    }

    const record = this.record
    const household = layout.household
    for (let j = 0; j < household.length; j++) {
      const column = household[j]!
      const cell = cells[column.index]
      const previous = this.setBy[j]
      if (cell === previous) continue
      const value = Columns.read(column.field.kind, cell)
      if (value === undefined) continue
      if (value instanceof Columns.Invalid) return this.reject(out, line, column.field.name, where(column, value.reason))
      if (previous === undefined) {
        record[column.field.name] = value
        this.setBy[j] = cell
        this.setOn[j] = line
      } else if (value !== record[column.field.name]) {
        return this.reject(
          out,
          line,
          column.field.name,
          where(column, `differs from row ${this.setOn[j]}: the rows of a household must agree on its fields`)
        )
      }
    }

    let member: Record<string, unknown> | undefined
    const index = this.members.length
    for (const column of layout.member) {
      const value = Columns.read(column.field.kind, cells[column.index])
      if (value === undefined) continue
      if (value instanceof Columns.Invalid) return this.reject(out, line, `members[${index}].${column.field.name}`, where(column, value.reason))
      ;(member ??= {})[column.field.name] = value
    }
    if (layout.extra.length > 0) {
      const extras = layout.extra.map((column) => Columns.readExtra(cells[column.index]))
      if (member === undefined && layout.extra.some((column, i) => column.memberOnly && extras[i] !== undefined)) member = {}
      this.extras.push(extras)
    }
    this.members.push(member)
  }

  /** The field of the cell at `index` of the row being read, as a rejection names it. */
  private fieldAt(index: number): string {
    const layout = this.layout
    const household = layout.household.find((c) => c.index === index)
    if (household !== undefined) return household.field.name
    const member = layout.member.find((c) => c.index === index)
    if (member !== undefined) return `members[${this.members.length}].${member.field.name}`
    const extra = layout.extra.find((c) => c.index === index)
    return extra === undefined ? "(row)" : extra.name
  }

  /**
   * A row that cannot be read as anyone's (no house code, a quote never closed): it is
   * rejected, and so is the household it follows, which it most likely belongs to (offices
   * often leave the code off a household's later rows). Stored without that member, the
   * household would be judged on fewer people.
   */
  spoiled(line: number, field: string, reason: string, out: Array<Item>): void {
    out.push(rejected(line, field, reason))
    if (this.key !== undefined && !this.rejected) {
      this.reject(out, this.line, "(household)", `row ${line} cannot be read, and may be one of its members: the household is rejected whole`)
    }
  }

  end(out: Array<Item>): void {
    this.flush(out)
    this.key = undefined
  }

  private start(houseCode: string, line: number, out: Array<Item>): void {
    this.key = houseCode
    this.line = line
    this.rejected = false
    this.record = { houseCode }
    this.members = []
    this.extras = []
    this.setBy.fill(undefined)
    const first = this.seen.firstOr(houseCode, line)
    if (first !== undefined) this.reject(out, line, "houseCode", `this household already appeared on row ${first}: the rows of a household must be consecutive`)
  }

  private reject(out: Array<Item>, line: number, field: string, reason: string): void {
    this.rejected = true
    out.push(rejected(line, field, reason))
  }

  private flush(out: Array<Item>): void {
    if (this.key === undefined || this.rejected) return
    const record = this.record
    if (this.round !== undefined) {
      const year = record["surveyYear"]
      if (year === undefined) record["surveyYear"] = this.round
      else if (year !== this.round) {
        return this.reject(out, this.line, "surveyYear", `is not the round the file is read as (${this.round})`)
      }
    }
    const members: Array<Record<string, unknown>> = []
    if (this.layout.extra.length > 0) this.placeExtras()
    for (const m of this.members) if (m !== undefined) members.push(m)
    record["members"] = members
    out.push({ kind: "record", line: this.line, value: record })
  }

  private placeExtras(): void {
    const rows = this.extras
    this.layout.extra.forEach((column, i) => {
      const first = rows[0]![i]
      if (!column.memberOnly && rows.every((extras) => extras[i] === first)) {
        if (first !== undefined) this.record[column.name] = first
        return
      }
      rows.forEach((extras, row) => {
        const member = this.members[row]
        if (member !== undefined && extras[i] !== undefined) member[column.name] = extras[i]
      })
    })
  }
}
