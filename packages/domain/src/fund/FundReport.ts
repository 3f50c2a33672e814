/**
 * The fund's two reports. The committee's (รายงานต่อคณะกรรมการ) shows everything: every
 * movement, pool balances, requests waiting for approval or payment, and each household's
 * reserved and paid money against the yearly cap. The public one (รายงานสาธารณะ) shows
 * money in and out by month, purpose, district and subdistrict, pool balances and
 * contributors by their public name, and never a household: no house code appears, and
 * no figure about fewer than `minimumHouseholds` households is published.
 *
 * Suppression (การปกปิดตัวเลข), per table. A table is a tree of cells whose children
 * partition their parent's payments: total → month; total → purpose; total → district →
 * subdistrict; total → pool. A cell about 1 to 4 distinct households is suppressed
 * (primary). Whatever is published, a reader can subtract: a published cell less its
 * published children leaves the sum of its suppressed ones. So each published cell's
 * *residue* (its payments under suppressed children, recursively) must itself cover none
 * or at least `minimumHouseholds` households; while one does not, the published cell with
 * the fewest households among those the residue's parent could lose is suppressed too
 * (complementary). Cross-tabulations (month × district) are never published; the
 * different tables of one report are only guarded through their common total, not
 * against differencing across tables (a purpose paid in one month only): see
 * docs/fund-reports.md.
 */
import type * as Contributor from "./Contributor.js"
import * as Area from "../kernel/Area.js"
import * as FiscalYear from "../kernel/FiscalYear.js"
import type * as FundRequest from "./FundRequest.js"
import * as Ledger from "./Ledger.js"
import * as Pool from "./Pool.js"
import type * as Receipt from "./Receipt.js"
import type * as Satang from "../kernel/Satang.js"

/** The fewest distinct households a published figure may be about. */
export const minimumHouseholds = 5

/** Thai and English labels of the reports' sections and columns. */
export const labels = {
  committee: { th: "รายงานต่อคณะกรรมการกองทุน", en: "Report to the fund committee" },
  public: { th: "รายงานสาธารณะของกองทุน", en: "The fund's public report" },
  movements: { th: "รายการเคลื่อนไหวทั้งหมด", en: "Every movement" },
  pools: { th: "ยอดคงเหลือแต่ละกองเงิน", en: "Pool balances" },
  pending: { th: "คำขอที่รอดำเนินการ", en: "Pending requests" },
  householdCap: { th: "ยอดต่อครัวเรือนต่อปีงบประมาณเทียบเพดาน", en: "Per household and fiscal year against the cap" },
  moneyIn: { th: "เงินรับเข้า", en: "Money in" },
  moneyOut: { th: "เงินจ่ายออก", en: "Money out" },
  byMonth: { th: "รายเดือน", en: "by month" },
  byPurpose: { th: "รายวัตถุประสงค์", en: "by purpose" },
  byPool: { th: "รายกองเงิน", en: "by pool" },
  byDistrict: { th: "รายอำเภอ", en: "by district" },
  bySubdistrict: { th: "รายตำบล", en: "by subdistrict" },
  contributors: { th: "ผู้สมทบ", en: "Contributors" },
  unattributed: { th: "ไม่ระบุผู้สมทบ", en: "no contributor named" },
  total: { th: "รวม", en: "total" },
  unrestricted: { th: "ไม่จำกัดวัตถุประสงค์", en: "unrestricted" },
  suppressed: { th: "ปกปิด", en: "suppressed" },
  households: { th: "ครัวเรือน", en: "households" },
  requests: { th: "คำขอ", en: "requests" },
  receipts: { th: "รายการรับ", en: "receipts" },
  amount: { th: "จำนวนเงิน", en: "amount" },
  received: { th: "รับเข้า", en: "received" },
  available: { th: "คงเหลือใช้ได้", en: "available" },
  reserved: { th: "กันไว้", en: "reserved" },
  spent: { th: "จ่ายแล้ว", en: "spent" },
  requested: { th: "รออนุมัติ", en: "awaiting approval" },
  awaitingPayment: { th: "รอจ่าย", en: "awaiting payment" },
  cap: { th: "เพดาน", en: "cap" },
  remaining: { th: "คงเหลือตามเพดาน", en: "left under the cap" },
  fiscalYear: { th: "ปีงบประมาณ", en: "fiscal year" }
} as const

// ---------------------------------------------------------------------------------------
// The committee's report

/** A request waiting for the committee (approval) or the treasurer (payment). */
export interface Pending {
  readonly id: FundRequest.RequestId
  readonly state: "requested" | "reserved"
  readonly houseCode: string
  readonly villageCode: string
  readonly purpose: string
  readonly pool: string
  readonly amount: Satang.Satang
  readonly approvals: number
  readonly quorum: number
  readonly requester: string
  readonly requestedOn: string
}

/** A household's money in one fiscal year, against the cap. */
export interface HouseholdYear {
  readonly houseCode: string
  readonly fiscalYear: number
  /** Requests of the year in any state. */
  readonly requests: number
  readonly reserved: Satang.Satang
  readonly paid: Satang.Satang
  readonly cap: Satang.Satang
  /** The cap less reserved and paid; negative only if the cap was lowered since. */
  readonly remaining: Satang.Satang
}

export interface Committee {
  readonly movements: ReadonlyArray<Ledger.Movement>
  /** Derived from the movements' postings. */
  readonly balances: Ledger.Balances
  readonly pending: ReadonlyArray<Pending>
  readonly households: ReadonlyArray<HouseholdYear>
}

/**
 * The committee's report from the books. Households are listed by house code and fiscal
 * year; pending requests in request order.
 *
 * @example committee(settings, movements, requests).households[0] // { houseCode, fiscalYear: 2565, reserved, paid, cap, remaining, … }
 */
export const committee = (
  settings: Pick<FundRequest.Settings, "quorum" | "capPerHouseholdPerFiscalYear">,
  movements: ReadonlyArray<Ledger.Movement>,
  requests: ReadonlyArray<FundRequest.Request>
): Committee => {
  const pending: Array<Pending> = []
  const years = new Map<string, { houseCode: string; fiscalYear: number; requests: number; reserved: number; paid: number }>()
  for (const r of requests) {
    const state = r.state._tag
    if (state === "requested" || state === "reserved") {
      pending.push({
        id: r.id,
        state,
        houseCode: r.houseCode,
        villageCode: r.villageCode,
        purpose: r.purpose,
        pool: Pool.key(r.pool),
        amount: r.amount,
        approvals: r.approvals.length,
        quorum: settings.quorum,
        requester: r.requester,
        requestedOn: r.requestedOn
      })
    }
    const fiscalYear = FiscalYear.of(r.requestedOn)
    const k = `${r.houseCode}/${fiscalYear}`
    const year = years.get(k) ?? { houseCode: r.houseCode, fiscalYear, requests: 0, reserved: 0, paid: 0 }
    years.set(k, year)
    year.requests += 1
    if (state === "reserved") year.reserved += r.amount
    if (state === "paid") year.paid += r.amount
  }
  const cap = settings.capPerHouseholdPerFiscalYear
  return {
    movements,
    balances: Ledger.balances(movements.flatMap((m) => m.postings)),
    pending,
    households: [...years.values()]
      .sort((a, b) => (a.houseCode < b.houseCode ? -1 : a.houseCode > b.houseCode ? 1 : a.fiscalYear - b.fiscalYear))
      .map((y) => ({
        ...y,
        reserved: y.reserved as Satang.Satang,
        paid: y.paid as Satang.Satang,
        cap,
        remaining: (cap - y.reserved - y.paid) as Satang.Satang
      }))
  }
}

// ---------------------------------------------------------------------------------------
// Suppression

/**
 * A cell of a table for suppression: its parent (`undefined` for the table's total) and,
 * per measure, the distinct households it is about. Children partition their parent.
 */
export interface Node {
  readonly key: string
  readonly parent: string | undefined
  readonly measures: ReadonlyArray<ReadonlySet<string>>
}

const tooFew = (households: ReadonlySet<string>) => households.size > 0 && households.size < minimumHouseholds

const union = (sets: ReadonlyArray<ReadonlyArray<ReadonlySet<string>>>, width: number): Array<Set<string>> => {
  const out = Array.from({ length: width }, () => new Set<string>())
  for (const measures of sets) measures.forEach((s, i) => s.forEach((h) => out[i]!.add(h)))
  return out
}

/**
 * The keys of the cells to suppress in one table (see the module's rule): every cell about
 * 1 to 4 households in some measure, then, while a published cell's residue is, the
 * published cell with the fewest households that its loss would add to that residue.
 *
 * @example suppressed([{ key: "", parent: undefined, measures: [all] }, jan, feb]) // Set { "feb", "jan" } when feb has 3 households
 */
export const suppressed = (nodes: ReadonlyArray<Node>): ReadonlySet<string> => {
  const hidden = new Set(nodes.filter((n) => n.measures.some(tooFew)).map((n) => n.key))
  const children = new Map<string | undefined, Array<Node>>()
  for (const n of nodes) {
    const list = children.get(n.parent)
    if (list === undefined) children.set(n.parent, [n])
    else list.push(n)
  }
  const width = Math.max(0, ...nodes.map((n) => n.measures.length))
  // What subtraction reveals under a suppressed cell: its payments not under a published
  // descendant (a leaf: all of them); `exposed` are the published cells whose loss adds to it.
  const residue = (node: Node, exposed: Array<Node>): Array<Set<string>> => {
    const kids = children.get(node.key) ?? []
    if (kids.length === 0) return union([node.measures], width)
    const parts: Array<ReadonlyArray<ReadonlySet<string>>> = []
    for (const kid of kids) {
      if (hidden.has(kid.key)) parts.push(residue(kid, exposed))
      else exposed.push(kid)
    }
    return union(parts, width)
  }
  for (let changed = true; changed; ) {
    changed = false
    for (const node of nodes) {
      if (hidden.has(node.key) || (children.get(node.key) ?? []).length === 0) continue
      const exposed: Array<Node> = []
      const rest = residue(node, exposed)
      const short = rest.flatMap((s, i) => (tooFew(s) ? [i] : []))
      if (short.length === 0) continue
      // Only a cell with households in a measure that is short helps; the smallest such.
      const size = (n: Node) => short.reduce((total, i) => total + (n.measures[i]?.size ?? 0), 0)
      const next = exposed.reduce<Node | undefined>(
        (best, n) =>
          size(n) === 0 ? best : best === undefined || size(n) < size(best) || (size(n) === size(best) && n.key < best.key) ? n : best,
        undefined
      )
      // None: the residue is all of the node, which, published, is about enough households.
      if (next === undefined) continue
      hidden.add(next.key)
      changed = true
    }
  }
  return hidden
}

// ---------------------------------------------------------------------------------------
// The public report

/** What a published cell of money out says. */
export interface Figures {
  /** Distinct households paid. */
  readonly households: number
  readonly requests: number
  readonly amount: Satang.Satang
}

/** A cell of money out: its figures, or suppressed (never shown as 0). */
export type Cell =
  | ({ readonly key: string; readonly suppressed: false } & Figures)
  | { readonly key: string; readonly suppressed: true }

/** A pool's line: what it received is public; what it holds for and paid to households may be suppressed. */
export type PoolLine =
  | {
    readonly key: string
    readonly received: Satang.Satang
    readonly suppressed: false
    readonly available: Satang.Satang
    readonly reserved: Satang.Satang
    readonly spent: Satang.Satang
  }
  | { readonly key: string; readonly received: Satang.Satang; readonly suppressed: true }

export interface MoneyIn {
  readonly key: string
  readonly receipts: number
  readonly amount: Satang.Satang
}

export interface Public {
  readonly minimumHouseholds: number
  readonly moneyIn: {
    readonly total: MoneyIn
    readonly byMonth: ReadonlyArray<MoneyIn>
    readonly byPool: ReadonlyArray<MoneyIn>
  }
  readonly moneyOut: {
    readonly total: Cell
    readonly byMonth: ReadonlyArray<Cell>
    readonly byPurpose: ReadonlyArray<Cell>
    readonly byDistrict: ReadonlyArray<Cell>
    readonly bySubdistrict: ReadonlyArray<Cell>
  }
  /** Per pool in pool-key order, then the total under the key `total`. */
  readonly pools: ReadonlyArray<PoolLine>
  readonly contributors: {
    /** Contributors who may be named, by name. */
    readonly named: ReadonlyArray<{ readonly name: string; readonly kind: Contributor.Kind; readonly receipts: number; readonly amount: Satang.Satang }>
    /** Everyone who asked not to be named, together. */
    readonly anonymous: { readonly contributors: number; readonly receipts: number; readonly amount: Satang.Satang }
    /** Receipts naming no contributor. */
    readonly unattributed: { readonly receipts: number; readonly amount: Satang.Satang }
  }
}

const byKey = <A extends { readonly key: string }>(a: A, b: A) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)

/** Money in grouped by `keyOf`, in key order. */
const moneyIn = (receipts: ReadonlyArray<Receipt.Receipt>, keyOf: (r: Receipt.Receipt) => string): Array<MoneyIn> => {
  const groups = new Map<string, { key: string; receipts: number; amount: number }>()
  for (const r of receipts) {
    const k = keyOf(r)
    const g = groups.get(k) ?? { key: k, receipts: 0, amount: 0 }
    groups.set(k, g)
    g.receipts += 1
    g.amount += r.amount
  }
  return [...groups.values()].map((g) => ({ ...g, amount: g.amount as Satang.Satang })).sort(byKey)
}

interface Payment {
  readonly houseCode: string
  readonly amount: number
  readonly month: string
  readonly purpose: string
  readonly district: string
  readonly subdistrict: string
}

/** One table of money out: its cells, suppressed where the rule says. */
const table = (
  payments: ReadonlyArray<Payment>,
  levels: ReadonlyArray<(p: Payment) => string>
): { readonly total: Cell; readonly levels: ReadonlyArray<Array<Cell>> } => {
  const groups = new Map<string, { key: string; parent: string | undefined; depth: number; households: Set<string>; requests: number; amount: number }>()
  const add = (key: string, parent: string | undefined, depth: number, p: Payment) => {
    const g = groups.get(key) ?? { key, parent, depth, households: new Set<string>(), requests: 0, amount: 0 }
    groups.set(key, g)
    g.households.add(p.houseCode)
    g.requests += 1
    g.amount += p.amount
  }
  // Keys carry their level, so a month and a purpose (or a district and a subdistrict) never collide.
  const root = "total"
  for (const p of payments) {
    add(root, undefined, -1, p)
    let parent = root
    levels.forEach((level, depth) => {
      const key = `${depth}:${level(p)}`
      add(key, parent, depth, p)
      parent = key
    })
  }
  const hidden = suppressed([...groups.values()].map((g) => ({ key: g.key, parent: g.parent, measures: [g.households] })))
  const cell = (g: { key: string; households: Set<string>; requests: number; amount: number }, key: string): Cell =>
    hidden.has(g.key)
      ? { key, suppressed: true }
      : { key, suppressed: false, households: g.households.size, requests: g.requests, amount: g.amount as Satang.Satang }
  const total = groups.get(root)
  return {
    total: total === undefined ? { key: root, suppressed: false, households: 0, requests: 0, amount: 0 as Satang.Satang } : cell(total, root),
    levels: levels.map((_, depth) =>
      [...groups.values()]
        .filter((g) => g.depth === depth)
        .map((g) => cell(g, g.key.slice(g.key.indexOf(":") + 1)))
        .sort(byKey)
    )
  }
}

/** The month (`YYYY-MM`) of an ISO date. */
const monthOf = (date: string) => date.slice(0, 7)

/**
 * Pool lines: what each pool received is public; available, reserved and spent are
 * suppressed with the same rule, on two measures (households with money reserved,
 * households paid), the total line being the table's total.
 */
const poolLines = (balances: Ledger.Balances, requests: ReadonlyArray<FundRequest.Request>): ReadonlyArray<PoolLine> => {
  const reservedFor = new Map<string, Set<string>>()
  const paidTo = new Map<string, Set<string>>()
  const into = (map: Map<string, Set<string>>, key: string, houseCode: string) => {
    const set = map.get(key) ?? new Set<string>()
    map.set(key, set)
    set.add(houseCode)
  }
  for (const r of requests) {
    const map = r.state._tag === "reserved" ? reservedFor : r.state._tag === "paid" ? paidTo : undefined
    if (map === undefined) continue
    into(map, Pool.key(r.pool), r.houseCode)
    into(map, "total", r.houseCode)
  }
  const none = new Set<string>()
  const lines = balances.pools.map((p) => ({ key: Pool.key(p.pool), ...p }))
  const total = lines.reduce(
    (t, p) => ({ ...t, available: t.available + p.available, reserved: t.reserved + p.reserved, spent: t.spent + p.spent }),
    { key: "total", available: 0, reserved: 0, spent: 0 }
  )
  const all = [...lines, total]
  const hidden = suppressed(
    all.map((p) => ({
      key: p.key,
      parent: p.key === "total" ? undefined : "total",
      measures: [reservedFor.get(p.key) ?? none, paidTo.get(p.key) ?? none]
    }))
  )
  return all.map((p): PoolLine => {
    const received = (p.available + p.reserved + p.spent) as Satang.Satang
    return hidden.has(p.key)
      ? { key: p.key, received, suppressed: true }
      : {
        key: p.key,
        received,
        suppressed: false,
        available: p.available as Satang.Satang,
        reserved: p.reserved as Satang.Satang,
        spent: p.spent as Satang.Satang
      }
  })
}

/**
 * The public report from the books: receipts (reversed ones count for nothing), requests
 * (paid ones are money out, by the day paid), the ledger's balances and the contributors.
 * No house code, village code or person appears in it.
 *
 * @example publicReport({ receipts, requests, balances, contributors }).moneyOut.byDistrict // [{ key: "3301", suppressed: false, households: 12, … }, { key: "3302", suppressed: true }]
 */
export const publicReport = (books: {
  readonly receipts: ReadonlyArray<Receipt.Receipt>
  readonly requests: ReadonlyArray<FundRequest.Request>
  readonly balances: Ledger.Balances
  readonly contributors: ReadonlyArray<Contributor.Contributor>
}): Public => {
  const kept = books.receipts.filter((r) => r.reversal === undefined)
  const payments: Array<Payment> = []
  for (const r of books.requests) {
    if (r.state._tag !== "paid") continue
    const village = r.villageCode as Area.AreaCode
    payments.push({
      houseCode: r.houseCode,
      amount: r.amount,
      month: monthOf(r.state.paidOn),
      purpose: r.purpose,
      district: Area.ancestor(village, "district"),
      subdistrict: Area.ancestor(village, "subdistrict")
    })
  }
  const byMonth = table(payments, [(p) => p.month])
  const byPurpose = table(payments, [(p) => p.purpose])
  const byArea = table(payments, [(p) => p.district, (p) => p.subdistrict])
  // The total is one figure: suppressed in one table, it is suppressed in all.
  const totals = [byMonth.total, byPurpose.total, byArea.total]
  const total = totals.find((t) => t.suppressed) ?? byMonth.total

  const people = new Map(books.contributors.map((c) => [c.id as string, c]))
  const named = new Map<string, { name: string; kind: Contributor.Kind; receipts: number; amount: number }>()
  const anonymous = { contributors: new Set<string>(), receipts: 0, amount: 0 }
  const unattributed = { receipts: 0, amount: 0 }
  for (const r of kept) {
    const who = r.contributor === undefined ? undefined : people.get(r.contributor)
    if (who === undefined) {
      unattributed.receipts += 1
      unattributed.amount += r.amount
    } else if (who.anonymous) {
      anonymous.contributors.add(who.id)
      anonymous.receipts += 1
      anonymous.amount += r.amount
    } else {
      const line = named.get(who.id) ?? { name: who.displayName, kind: who.kind, receipts: 0, amount: 0 }
      named.set(who.id, line)
      line.receipts += 1
      line.amount += r.amount
    }
  }
  const received = moneyIn(kept, () => "total")[0] ?? { key: "total", receipts: 0, amount: 0 as Satang.Satang }
  return {
    minimumHouseholds,
    moneyIn: {
      total: received,
      byMonth: moneyIn(kept, (r) => monthOf(r.valueDate)),
      byPool: moneyIn(kept, (r) => Pool.key(r.pool))
    },
    moneyOut: {
      total,
      byMonth: byMonth.levels[0]!,
      byPurpose: byPurpose.levels[0]!,
      byDistrict: byArea.levels[0]!,
      bySubdistrict: byArea.levels[1]!
    },
    pools: poolLines(books.balances, books.requests),
    contributors: {
      named: [...named.values()]
        .map((n) => ({ ...n, amount: n.amount as Satang.Satang }))
        .sort((a, b) => b.amount - a.amount || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
      anonymous: { contributors: anonymous.contributors.size, receipts: anonymous.receipts, amount: anonymous.amount as Satang.Satang },
      unattributed: { receipts: unattributed.receipts, amount: unattributed.amount as Satang.Satang }
    }
  }
}
