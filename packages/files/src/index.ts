/**
 * Phungpao's survey files: reading the files a Thai provincial office has (NDJSON, JSON,
 * CSV, xlsx; UTF-8 or TIS-620) as a stream of raw household records with their line or
 * row numbers, and writing records back out. `Columns` is the spreadsheet layout: the
 * canonical field of each column and its Thai header aliases.
 *
 * @example
 * import { SurveyFile } from "@phungpao/files"
 * import { SurveyRecord } from "@phungpao/domain"
 * for await (const item of SurveyFile.read("survey.csv")) {
 *   if (item.kind === "record") SurveyRecord.decode(item.value)
 * }
 */
import * as BankStatementFile from "./BankStatementFile.js"
import * as Columns from "./Columns.js"
import * as CsvCell from "./CsvCell.js"
import * as FundReportFiles from "./FundReportFiles.js"
import * as JobFiles from "./JobFiles.js"
import * as Limits from "./Limits.js"
import * as Output from "./Output.js"
import * as SurveyFile from "./SurveyFile.js"

export { BankStatementFile, Columns, CsvCell, FundReportFiles, JobFiles, Limits, Output, SurveyFile }
