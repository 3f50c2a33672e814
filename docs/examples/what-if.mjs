// A what-if: how many households would change status if indicator 22's threshold were
// the 30,000 baht of จปฐ. 2555–2559 instead of 38,000? One call per rule set.
//
//   node what-if.mjs households.ndjson
import { readFileSync } from "node:fs"
import { Either } from "effect"
import { RuleSet, SurveyRecord } from "@phungpao/domain"

const file = process.argv[2] ?? "sample.ndjson"
const records = readFileSync(file, "utf8")
  .split("\n")
  .filter((line) => line.trim() !== "")
  .map((line) => Either.getOrThrow(SurveyRecord.decode(JSON.parse(line))))

const older = RuleSet.withParameters(RuleSet.tpmap2565, { minAnnualIncomePerPersonBaht: 30000 })
let changed = 0
for (const record of records) {
  const now = RuleSet.evaluate(RuleSet.tpmap2565, record)
  const then = RuleSet.evaluate(older, record)
  if (now.target !== then.target) {
    changed++
    console.log(`${record.houseCode}: target ${now.target} under ${now.ruleSet}, ${then.target} under ${then.ruleSet}`)
  }
}
console.log(`${changed} of ${records.length} households change target status`)
