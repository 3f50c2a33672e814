/**
 * The household journey: the organisation (agencies, mentor teams, users), the six
 * steps, problems and 4T plans, the logbook of help, progress against a deadline; its
 * store, commands and memory fake. Depends on the kernel, the survey and the registry.
 */
import * as Agency from "./Agency.js"
import * as Journey from "./Journey.js"
import * as JourneyCommands from "./JourneyCommands.js"
import * as JourneyMemory from "./JourneyMemory.js"
import * as JourneyStore from "./JourneyStore.js"
import * as Logbook from "./Logbook.js"
import * as Organisation from "./Organisation.js"
import * as Plan from "./Plan.js"
import * as Problem from "./Problem.js"
import * as Progress from "./Progress.js"

export { Agency, Journey, JourneyCommands, JourneyMemory, JourneyStore, Logbook, Organisation, Plan, Problem, Progress }

/** Every tagged error of this context: what the journey's commands refuse. Each tag is declared once in the domain. */
export type JourneyError =
  | Journey.AlreadyDone
  | Journey.NoHelpToConfirm
  | Journey.PlanIncomplete
  | Journey.ProblemClosed
  | Journey.StepRequired
  | Journey.UnknownProblem
  | JourneyCommands.NotInRound
  | JourneyCommands.NotSurveyPoor
  | JourneyCommands.RoundNotLater
  | JourneyCommands.UnknownAgency
  | JourneyCommands.UnknownMember
  | JourneyCommands.VillageMismatch
  | Logbook.NotReversible
  | Organisation.NotMentorTeam
  | Organisation.TeamOutsideArea
  | Plan.InvalidActionTransition
