/**
 * Who acts on the command line: `--as ID` names a stored user (added with `user add`),
 * who acts with the role and areas stored for them, resolved by the domain's one
 * identity path (`Access.resolve`). Without `--as` the operator acts: the person at the
 * machine's shell, as `cli:$USER` with role `system` over the whole country — whoever
 * can run the program on the database can do that, so the database file (and the
 * PostgreSQL login) is what guards it (docs/operations.md).
 */
import { Access } from "@phungpao/domain"
import * as Effect from "effect/Effect"
import * as Cli from "./Cli.js"
import * as Registry from "./Registry.js"

/** The acting user of a command: the stored user `--as` names, or the operator. */
export const actorOf = (values: Cli.Values) => {
  const id = Cli.text(values, "as")
  return id === undefined ? Effect.succeed(Registry.actor) : Access.resolve(id)
}
