/** The `--help` texts, English with the Thai names of things. */
export const main = `phungpao (พุ่งเป้า): targeted poverty eradication for a Thai province

Usage: pnpm cli <command> [options]

Commands:
  evaluate FILE   decide, for each household survey record, whether it is a TPMAP
                  target household (ครัวเรือนเป้าหมาย) and why
  report FILE     area figures (H, A, M0, dimensions) by province, district,
                  subdistrict or village
  generate        a seeded synthetic province as NDJSON survey records

Run 'pnpm cli <command> --help' for a command's options.
Options for every command: --help, --lang th|en (human output; default th)
`

const ruleSetOptions = `  --param NAME=VALUE   evaluate a what-if with a rule-set parameter changed; repeatable.
                       minBirthWeightGrams (2500), minDrinkingWaterLitres (5),
                       minWaterUseLitres (45), minAnnualIncomePerPersonBaht (38000),
                       k (1/5: the share of the 5 dimensions a household must fail)
  --jobs N|auto        worker threads besides the main one (default 0; auto: one per
                       core). Faster on large files, at about 80 MB of memory each`

export const evaluate = `Usage: pnpm cli evaluate FILE [--format json|table] [--lang th|en] [--param NAME=VALUE]…

Evaluates rule set tpmap-2565 on every record of FILE (NDJSON, one record a line, or a
JSON array; '-' reads standard input) and prints one decision per valid record, in input
order. An invalid record prints 'record N: <field path>: <reason>' on standard error
(N counts records from 1) and no decision; the exit status is then 1.

Options:
  --format json        NDJSON decisions: houseCode, surveyYear, ruleSet, indicators (all
                       17 with status and members), failedDimensions, deprivationScore,
                       surveyPoor, target, reasons (Thai and English)
  --format table       a readable table (the default)
  --lang th|en         language of the table
${ruleSetOptions}

Example:
  pnpm cli evaluate households.ndjson --format json > decisions.ndjson
`

export const report = `Usage: pnpm cli report FILE --by province|district|subdistrict|village [--format json|table]

Alkire–Foster figures per area of the records in FILE (as for 'evaluate'), sorted by area
code: households, persons, survey-poor, target, H (headcount ratio), A (intensity), M0
(adjusted headcount) and the households failing each dimension.

Options:
  --by LEVEL           province, district (default), subdistrict or village
  --format json        a JSON array of {area, nameTh, nameEn, households, persons,
                       surveyPoor, target, H, A, M0, dimensions}
  --format table       a readable table (the default)
  --lang th|en         names and headers in Thai (default) or English
${ruleSetOptions}

Example:
  pnpm cli report households.ndjson --by district --lang en
`

export const generate = `Usage: pnpm cli generate --households N [--province 33] [--seed S] [--out FILE]

Writes N synthetic household survey records (NDJSON) for a province from the real
geography: villages under every subdistrict, realistic households, a few percent target
households. The same seed always gives the same output.

Options:
  --households N       how many households (required)
  --province CODE      2-digit DOPA province code (default 33, Sisaket / ศรีสะเกษ)
  --seed S             any whole number (default 1)
  --survey-year YEAR   survey round in the Buddhist Era (default 2564)
  --out FILE           write to FILE instead of standard output

Example:
  pnpm cli generate --province 33 --households 400000 --seed 7 --out sisaket.ndjson
`
