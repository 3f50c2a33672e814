/**
 * The poverty eradication fund: the ledger and its pools, contributors, pledges,
 * receipts, requests and their approval, bank reconciliation, the committee's and the
 * public reports; its store, commands and memory fake. Depends on every context before
 * it (a payment writes the journey's logbook).
 */
import * as BankStatement from "./BankStatement.js"
import * as Contributor from "./Contributor.js"
import * as FundCommands from "./FundCommands.js"
import * as FundMemory from "./FundMemory.js"
import * as FundReport from "./FundReport.js"
import * as FundRequest from "./FundRequest.js"
import * as FundStore from "./FundStore.js"
import * as Ledger from "./Ledger.js"
import * as Pledge from "./Pledge.js"
import * as Pool from "./Pool.js"
import * as Receipt from "./Receipt.js"
import * as Reconciliation from "./Reconciliation.js"
import * as SettingsChange from "./SettingsChange.js"

export { BankStatement, Contributor, FundCommands, FundMemory, FundReport, FundRequest, FundStore, Ledger, Pledge, Pool, Receipt, Reconciliation, SettingsChange }

/** Every tagged error of this context: what the fund's commands refuse. Each tag is declared once in the domain. */
export type FundError =
  | FundCommands.NotConfigured
  | FundRequest.AlreadyApproved
  | FundRequest.InvalidTransition
  | FundRequest.NotInRegistry
  | FundRequest.OverCeiling
  | FundRequest.OverHouseholdCap
  | FundRequest.PoolRestricted
  | FundRequest.SelfApproval
  | Ledger.InsufficientFunds
  | Ledger.OverLimit
  | Ledger.Unbalanced
  | Receipt.AlreadyReversed
  | SettingsChange.AlreadyConfigured
  | SettingsChange.InvalidSettings
  | SettingsChange.SeatRoleMismatch
  | SettingsChange.ProposalClosed
  | SettingsChange.AlreadyApprovedChange
  | Receipt.DuplicateReference
