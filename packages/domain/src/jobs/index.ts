/**
 * Background jobs: the kinds of big work (import, evaluate-round, close-from-round,
 * export, fund-report, overdue-reminders, program-enrol), their state, their ports, and the use cases
 * the worker, the command line and the API share. Depends on the other contexts' use cases.
 */
import * as Job from "./Job.js"
import * as JobMemory from "./JobMemory.js"
import * as Jobs from "./Jobs.js"
import * as JobStore from "./JobStore.js"
import * as Kinds from "./Kinds.js"

export { Job, JobMemory, Jobs, JobStore, Kinds }

/** Every tagged error of this context. */
export type JobError = Job.JobEnded | Job.JobNotRetryable | Job.InvalidJobInput | Job.UnreadableSource
