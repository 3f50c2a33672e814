// In-process evaluation of already-decoded households: RuleSet.evaluate (full decisions,
// with members and reasons) and the rule set's own status pass, against the hand-written
// loop in handwritten.mjs computing the same 17 statuses, in the same run.
import { RuleSet, SurveyRecord } from "../packages/domain/dist/index.js"
import { generate } from "../packages/synthetic/dist/index.js"
import { statuses } from "./handwritten.mjs"
import { best, count, report } from "./lib.mjs"

const codes = { pass: 0, fail: 1, unknown: 2, not_applicable: 3 }

export const run = ({ households, seed }) => {
  console.log(`\n== evaluation in process: ${count(households)} generated households (seed ${seed}) ==`)
  const records = []
  for (const raw of generate({ province: "33", households, seed })) {
    const decoded = SurveyRecord.decode(raw)
    if (decoded._tag === "Left") throw new Error(`generated record invalid: ${decoded.left.message}`)
    records.push(decoded.right)
  }
  // The baseline must compute what the rule set computes, or the ratio means nothing.
  const out = new Uint8Array(17)
  for (const record of records) {
    statuses(record, out)
    const decision = RuleSet.evaluate(RuleSet.tpmap2565, record)
    decision.indicators.forEach((r, slot) => {
      if (codes[r.status] !== out[slot]) throw new Error(`baseline disagrees on ${record.houseCode} indicator ${r.indicator}`)
    })
  }
  let sink = 0
  const hand = best(3, () => {
    for (let i = 0; i < records.length; i++) {
      statuses(records[i], out)
      sink += out[14]
    }
  })
  const full = best(3, () => {
    for (let i = 0; i < records.length; i++) sink += RuleSet.evaluate(RuleSet.tpmap2565, records[i]).failedDimensions.length
  })
  const ruleSet = RuleSet.tpmap2565
  const scratch = []
  const pass = best(3, () => {
    for (let i = 0; i < records.length; i++) {
      ruleSet.assess(records[i], ruleSet.parameters, out, scratch)
      sink += out[14]
    }
  })
  const rate = (s) => households / s
  report(
    "RuleSet.evaluate (full decisions)",
    `${count(rate(full))} households/s`,
    `${count(rate(hand))} households/s hand-written`,
    hand / full,
    { text: "≥ 0.5 and ≥ 500,000/s", met: hand / full >= 0.5 && rate(full) >= 500_000 }
  )
  report(
    "tpmap-2565 assess (the 17 statuses)",
    `${count(rate(pass))} households/s`,
    `${count(rate(hand))} households/s hand-written`,
    hand / pass,
    { text: "≥ 0.5 and ≥ 500,000/s", met: hand / pass >= 0.5 && rate(pass) >= 500_000 }
  )
  return sink
}
