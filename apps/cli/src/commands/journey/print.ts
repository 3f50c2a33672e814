/**
 * How the journey's commands show their results: JSON encoded by the domain's schemas, or
 * Thai or English lines and tables, with areas named and citizen IDs masked.
 */
import { Satang } from "@phungpao/domain"
import * as Geography from "@phungpao/domain/geography"
import * as Schema from "effect/Schema"
import * as Cli from "../../Cli.js"
import * as Lang from "../../Lang.js"
import * as Table from "../../Table.js"

export type Label = { readonly th: string; readonly en: string }

export const json = (value: unknown) => Cli.write(process.stdout, `${JSON.stringify(value, null, 2)}\n`)

/** Prints a result: JSON encoded by its schema, or a line for people. */
export const show = async <A, I>(format: "json" | "table", schema: Schema.Schema<A, I>, value: A, line: string) => {
  await (format === "json" ? json(Schema.encodeSync(schema)(value)) : Cli.write(process.stdout, `${Table.printableLines(line)}\n`))
  return 0
}

export const table = (spec: ReadonlyArray<{ readonly header: string; readonly align: Table.Align }>, rows: ReadonlyArray<ReadonlyArray<string>>) => {
  const columns = Table.fit(spec, rows)
  return `${[Table.header(columns), ...rows.map((r) => Table.row(columns, r))].join("\n")}\n`
}

export const L = (th: string, en: string): Label => ({ th, en })
export const money = (satang: number): string => Satang.format(satang as Satang.Satang, "en").replace(/ baht$/, "")
export const area = (code: string, lang: Lang.Lang) => (code === "" ? Lang.pick(lang, L("ทั้งหมด", "all")) : Geography.label(code, lang))
