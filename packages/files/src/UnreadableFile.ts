/**
 * A file that cannot be read at all, as opposed to a row that cannot: it does not exist,
 * is not an xlsx workbook, has no header naming the houseCode column, or names one
 * column twice. Reading stops there; rows already yielded stand.
 */
import * as Schema from "effect/Schema"

export class UnreadableFile extends Schema.TaggedError<UnreadableFile>()("UnreadableFile", {
  path: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `${this.path}: ${this.reason}`
  }
}
