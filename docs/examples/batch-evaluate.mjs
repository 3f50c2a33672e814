// A batch job that embeds rule set tpmap-2565: read survey records (NDJSON), decide each
// household, and print the target households with their reasons, then the totals.
//
//   node batch-evaluate.mjs households.ndjson
import { createReadStream } from "node:fs"
import { createInterface } from "node:readline"
import { RuleSet, SurveyRecord } from "@phungpao/domain"

const file = process.argv[2] ?? "sample.ndjson"
let households = 0
let targets = 0
let invalid = 0
let n = 0
for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
  if (line.trim() === "") continue
  n++
  const record = SurveyRecord.decode(JSON.parse(line))
  if (record._tag === "Left") {
    console.error(`record ${n}: ${record.left.path}: ${record.left.reason}`)
    invalid++
    continue
  }
  const decision = RuleSet.evaluate(RuleSet.tpmap2565, record.right)
  households++
  if (decision.target) {
    targets++
    console.log(`${decision.houseCode}  ${decision.reasons.map((r) => r.en).join("; ")}`)
  }
}
console.log(`${households} households, ${targets} target, ${invalid} invalid`)
if (households === 0 || invalid > 0) process.exit(1)
