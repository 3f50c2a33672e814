/**
 * What an acting user may do, and the two refusals every context shares: an action the
 * actor's role has no part in, and an area outside the actor's scope.
 */
import * as Schema from "effect/Schema"

/** The actor has no part in this action (not on the committee, not a treasurer, …). */
export class NotPermitted extends Schema.TaggedError<NotPermitted>()("NotPermitted", {
  actorId: Schema.String,
  action: Schema.String,
  requestId: Schema.optionalWith(Schema.String, { exact: true })
}) {
  override get message(): string {
    return `${this.actorId} may not ${this.action}${this.requestId === undefined ? "" : ` request ${this.requestId}`}`
  }
}

/** The actor asked for a household outside the areas they act on. */
export class OutOfScope extends Schema.TaggedError<OutOfScope>()("OutOfScope", {
  actorId: Schema.String,
  villageCode: Schema.String
}) {
  override get message(): string {
    return `village ${this.villageCode} is outside the areas of ${this.actorId}`
  }
}
