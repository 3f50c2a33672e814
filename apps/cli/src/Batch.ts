/**
 * One batch of input records through the rule set: parse, decode, evaluate, then either
 * encode each decision as a JSON line or add it to per-area tallies. The same function
 * runs in worker threads and, for small inputs, in the main thread.
 */
import { Area, AreaFigures, Decision, RuleSet, SurveyRecord } from "@phungpao/domain"
import { SurveyFile } from "@phungpao/files"

/** What a batch is turned into. */
export type Mode =
  | { readonly kind: "decisions" }
  | { readonly kind: "tallies"; readonly by: Area.Level }

/** A rejected record: its index within the batch (from 0), the field path and the reason. */
export interface Rejection {
  readonly index: number
  readonly path: string
  readonly reason: string
}

export interface Result {
  /** Records in the batch, valid or not. */
  readonly records: number
  readonly rejections: ReadonlyArray<Rejection>
  /** `decisions` mode: one JSON line per valid record, each ending in a newline. */
  readonly decisions: string
  /** `tallies` mode: a tally per area code. */
  readonly tallies: ReadonlyArray<readonly [string, AreaFigures.Tally]>
}

/** Records of a batch: NDJSON text (blank lines skipped) or JSON texts of array elements. */
export type Records = { readonly ndjson: string } | { readonly texts: ReadonlyArray<string> }

const linesOf = (records: Records): ReadonlyArray<string> => {
  if ("texts" in records) return records.texts
  const lines = records.ndjson.split("\n")
  return lines.filter((line) => line.trim() !== "")
}


export const run = (records: Records, mode: Mode, ruleSet: RuleSet.RuleSet): Result => {
  const texts = linesOf(records)
  const rejections: Array<Rejection> = []
  const tallies = new Map<string, AreaFigures.Tally>()
  let decisions = ""
  for (let index = 0; index < texts.length; index++) {
    let parsed: unknown
    try {
      parsed = JSON.parse(texts[index]!)
    } catch (e) {
      rejections.push({ index, path: "(json)", reason: SurveyFile.invalidJson(e) })
      continue
    }
    const decoded = SurveyRecord.decode(parsed)
    if (decoded._tag === "Left") {
      rejections.push({ index, path: decoded.left.path, reason: decoded.left.reason })
      continue
    }
    const record = decoded.right
    const decision = RuleSet.evaluate(ruleSet, record)
    if (mode.kind === "decisions") {
      decisions += `${Decision.toJson(decision)}\n`
    } else {
      const area = Area.ancestor(record.villageCode, mode.by)
      let tally = tallies.get(area)
      if (tally === undefined) tallies.set(area, (tally = AreaFigures.empty()))
      AreaFigures.add(tally, decision, record.members.length)
    }
  }
  return { records: texts.length, rejections, decisions, tallies: [...tallies] }
}
