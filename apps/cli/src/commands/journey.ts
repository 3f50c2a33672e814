/**
 * The household journey from the command line: `agency`, `team`, `user`, `journey`,
 * `plan`, `logbook`, `visit`, `deadline`, `progress`, `burndown`, `overdue` and `no-help`.
 * A household the survey missed joins with the decision of its field record, imported
 * into the registry's round (`journey add-household`); a later round's stored decisions
 * close the problems whose indicator now passes (`journey close-from-round`).
 * Every write runs the domain's command under an idempotency key (`--key`, or one made up
 * and printed) as the acting user (`--as ID`: a stored user acts with their role and
 * scope; without it the operator acts over the whole country). A refused transition (a
 * plan before analysis) exits 2 with the domain's message, naming the record and why.
 * Each group of commands is a module of `journey/`; this one names them for `main`.
 */
import * as Cli from "../Cli.js"
import { journeyCommand } from "./journey/household.js"
import { logbook, visit } from "./journey/logbook.js"
import { agency, team, user } from "./journey/organisation.js"
import { plan } from "./journey/plan.js"
import { burndown, deadline, noHelp, overdue, progress } from "./journey/progress.js"

const groups: Record<string, (args: ReadonlyArray<string>) => Promise<number>> = {
  agency,
  team,
  user,
  journey: journeyCommand,
  plan,
  logbook,
  visit,
  deadline,
  progress,
  burndown,
  overdue,
  "no-help": noHelp
}

/** The command of one group (`agency`, `team`, …, `no-help`) as `main` loads it. */
export const command = (name: string) => ({
  run: (args: ReadonlyArray<string>): Promise<number> => {
    const group = groups[name]
    if (group === undefined) throw new Cli.UsageError(`unknown command ${JSON.stringify(name)}`)
    return group(args)
  }
})
