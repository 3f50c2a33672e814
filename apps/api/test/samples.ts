/**
 * One valid request for every operation of the API, aimed at a district's records: the
 * suites read the operations from the OpenAPI document and look their sample up here, so
 * a route without a sample fails them (a new route cannot skip the checks).
 */
import type { World } from "./world.js"

export interface Sample {
  readonly path: string
  readonly body?: unknown
  /** For an upload: the body is sent as it is, with this media type. */
  readonly contentType?: string
  /** Headers the route needs besides the token (an `Idempotency-Key` it requires). */
  readonly headers?: Readonly<Record<string, string>>
}

type District = "a" | "b"

const on = "2022-03-01"

export const samples: Record<string, (w: World, d: District) => Sample> = {
  // the rules and the registry
  evaluate: () => ({ path: "/v1/evaluate", body: [] }),
  getRuleSet: () => ({ path: "/v1/rule-sets/tpmap-2565" }),
  listRounds: () => ({ path: "/v1/rounds" }),
  listHouseholds: (w, d) => ({ path: `/v1/households?round=2564&area=${w.districts[d]}` }),
  getHousehold: (w, d) => ({ path: `/v1/households/${w.houses[d]}?round=2564` }),
  getDecision: (w, d) => ({ path: `/v1/households/${w.houses[d]}/decision?round=2564` }),
  importSurvey: () => ({ path: "/v1/imports?round=2565", body: "{}\n", contentType: "application/x-ndjson" }),
  getImport: (w, d) => ({ path: `/v1/imports/${w.jobs[d]}` }),
  getImportRejects: (w, d) => ({ path: `/v1/imports/${w.jobs[d]}/rejects` }),
  areaReport: () => ({ path: "/v1/reports/areas?round=2564&by=district" }),
  roundDiff: () => ({ path: "/v1/rounds/diff?from=2564&to=2564" }),
  // the journey
  getJourney: (w, d) => ({ path: `/v1/journey/households/${w.houses[d]}` }),
  addHousehold: (w, d) => ({ path: "/v1/journey/households", body: { houseCode: w.houses[d], villageCode: w.villages[d], round: 2564, on } }),
  verify: (w, d) => ({ path: `/v1/journey/households/${w.houses[d]}/verify`, body: { outcome: "confirmed", on } }),
  analyse: (w, d) => ({ path: `/v1/journey/households/${w.houses[d]}/analyse`, body: { on } }),
  scoreCapitals: (w, d) => ({ path: `/v1/journey/households/${w.houses[d]}/capitals`, body: { capitals: { human: 3, social: 4 } } }),
  addPlanAction: (w, d) => ({
    path: `/v1/journey/households/${w.houses[d]}/actions`,
    body: {
      part: "resources",
      description: "ทุนประกอบอาชีพ",
      problems: [w.journeys[d].indicator],
      responsible: { _tag: "agency", code: w.agency },
      budgetSource: "agencyFunction",
      plannedCost: 100000,
      due: "2022-09-30"
    }
  }),
  setActionStatus: (w, d) => ({ path: `/v1/journey/actions/${w.journeys[d].action}/status`, body: { status: "inProgress" } }),
  agreePlan: (w, d) => ({ path: `/v1/journey/households/${w.houses[d]}/agree`, body: { on } }),
  markProblem: (w, d) => ({
    path: `/v1/journey/households/${w.houses[d]}/problems/${w.journeys[d].indicator}/mark`,
    body: { as: "cannotResolve", reason: "ต้องใช้เวลานาน", on }
  }),
  recordHelp: (w, d) => ({
    path: `/v1/journey/households/${w.houses[d]}/help`,
    body: { on, giver: { person: "อสม." }, kind: "service", value: 0, problems: [w.journeys[d].indicator], budgetSource: "other" }
  }),
  reverseHelp: (w, d) => ({ path: `/v1/journey/logbook/${w.journeys[d].entry}/reverse`, body: { reason: "บันทึกผิดครัวเรือน", on } }),
  listLogbook: (w, d) => ({ path: `/v1/journey/logbook?area=${w.districts[d]}` }),
  recordVisit: (w, d) => ({ path: `/v1/journey/households/${w.houses[d]}/visits`, body: { on, stage: "survive", confirms: [] } }),
  closeFromRound: (w, d) => ({ path: `/v1/journey/households/${w.houses[d]}/close-from-round`, body: { round: 2564, on } }),
  listTeams: (w, d) => ({ path: `/v1/journey/teams?area=${w.districts[d]}` }),
  putTeam: (w, d) => ({
    path: "/v1/journey/teams",
    body: { id: `mentor-${w.districts[d]}`, kind: "mentor", name: "ทีมพี่เลี้ยง", area: w.districts[d], members: [{ name: "นายสมศักดิ์" }] }
  }),
  assignMentorTeam: (w, d) => ({ path: "/v1/journey/assignments", body: { team: `mentor-${w.districts[d]}`, houseCode: w.houses[d] } }),
  listDeadlines: () => ({ path: "/v1/journey/deadlines" }),
  setDeadline: (w, d) => ({ path: "/v1/journey/deadlines", body: { district: w.districts[d], due: "2022-09-30" } }),
  progress: (w, d) => ({ path: `/v1/journey/progress?area=${w.districts[d]}` }),
  burnDown: (w, d) => ({ path: `/v1/journey/burndown?district=${w.districts[d]}&from=2022-01-01` }),
  burnDowns: (w, d) => ({ path: `/v1/journey/burndowns?area=${w.districts[d]}&from=2022-01-01&every=30` }),
  listJourneyHouseholds: (w, d) => ({ path: `/v1/journey/households?area=${w.districts[d]}&reached=none` }),
  publicProgress: () => ({ path: "/v1/public/progress" }),
  listOverdue: (w, d) => ({ path: `/v1/journey/overdue?area=${w.districts[d]}` }),
  listNoHelp: (w, d) => ({ path: `/v1/journey/no-help?area=${w.districts[d]}` }),
  // the fund
  listContributors: () => ({ path: "/v1/fund/contributors" }),
  addContributor: () => ({ path: "/v1/fund/contributors", body: { id: "c-1", kind: "company", displayName: "บริษัท ตัวอย่าง จำกัด", anonymous: false } }),
  listPledges: () => ({ path: "/v1/fund/pledges?on=2022-03-01" }),
  pledge: () => ({ path: "/v1/fund/pledges", body: { contributor: "c-1", amount: 1000000, due: "2022-06-30", pledgedOn: "2022-02-15" } }),
  recordReceipt: () => ({ path: "/v1/fund/receipts", body: { bankReference: "KTB-9", valueDate: "2022-02-20", amount: 100000, pool: {} } }),
  reverseReceipt: () => ({ path: "/v1/fund/receipts/RC-1/reverse", body: { reason: "บันทึกซ้ำ" } }),
  listRequests: () => ({ path: "/v1/fund/requests" }),
  listReceipts: () => ({ path: "/v1/fund/receipts" }),
  listSettingsChanges: () => ({ path: "/v1/fund/settings/changes" }),
  proposeSettings: () => ({
    path: "/v1/fund/settings/changes",
    body: { settings: { quorum: 2, committee: ["m1", "m2"], treasurers: ["t1"], ceilingPerRequest: 2000000, capPerHouseholdPerFiscalYear: 4000000 } }
  }),
  approveSettings: () => ({ path: "/v1/fund/settings/changes/S-2/approve" }),
  request: (w, d) => ({
    path: "/v1/fund/requests",
    body: { houseCode: w.houses[d], villageCode: w.villages[d], purpose: "school-uniforms", pool: {}, amount: 30000 }
  }),
  approve: (w, d) => ({ path: `/v1/fund/requests/${w.requests[d]}/approve` }),
  reject: (w, d) => ({ path: `/v1/fund/requests/${w.requests[d]}/reject`, body: { reason: "ซ้ำกับงบท้องถิ่น" } }),
  pay: (w, d) => ({ path: `/v1/fund/requests/${w.requests[d]}/pay`, body: { transferReference: "TRF-1", paidOn: "2022-03-05" } }),
  cancel: (w, d) => ({ path: `/v1/fund/requests/${w.requests[d]}/cancel` }),
  reconcile: () => ({ path: "/v1/fund/reconcile", body: { lines: [{ line: 2, date: "2022-01-10", reference: "KTB-1", description: "โอนเข้า", amount: 5000000 }] } }),
  reconcileStatement: () => ({ path: "/v1/fund/reconcile/statement", body: "วันที่ทำรายการ,เวลา,รายการ,เลขที่อ้างอิง,ถอน/เดบิต,ฝาก/เครดิต,คงเหลือ\n10/01/2565,09:00,โอนเข้า,KTB-1,,\"50,000.00\",\"50,000.00\"\n", contentType: "text/csv" }),
  committeeReport: () => ({ path: "/v1/fund/reports/committee" }),
  publicReport: () => ({ path: "/v1/fund/reports/public" }),
  me: () => ({ path: "/v1/me" }),
  // targeted programs
  previewRule: () => ({ path: "/v1/programs/preview", body: { round: 2564, unit: "member", where: "member.age >= 6 && member.age <= 15 && decision.target", list: 3 } }),
  listPrograms: () => ({ path: "/v1/programs" }),
  createProgram: () => ({
    path: "/v1/programs",
    body: {
      nameTh: "ชุดลูกเสือ-เนตรนารี",
      nameEn: "Scout uniforms",
      purpose: "ชุดลูกเสือ-เนตรนารีสำหรับเด็กวัยเรียน",
      unit: "member",
      where: "member.age >= 6 && member.age <= 15 && 'income' in decision.failedDimensions",
      round: 2564,
      budget: { _tag: "fund", amount: 500000 },
      need: [{ name: "uniformSize", type: "choice", choices: ["S", "M", "L", "XL"] }],
      distribution: { _tag: "once", on: "2022-05-16", place: "ศาลากลางจังหวัดศรีสะเกษ" }
    }
  }),
  getProgram: (w) => ({ path: `/v1/programs/${w.programs.id}` }),
  activateProgram: (w) => ({ path: `/v1/programs/${w.programs.id}/activate` }),
  closeProgram: () => ({ path: "/v1/programs/P-999/close" }),
  previewProgram: (w) => ({ path: `/v1/programs/${w.programs.id}/preview?by=subdistrict&list=2` }),
  enrolProgram: (w) => ({ path: `/v1/programs/${w.programs.id}/enrol`, body: {} }),
  listBeneficiaries: (w) => ({ path: `/v1/programs/${w.programs.id}/beneficiaries` }),
  listNeeds: (w) => ({ path: `/v1/programs/${w.programs.id}/needs` }),
  recordNeed: (w, d) => ({ path: `/v1/programs/${w.programs.id}/needs`, body: { houseCode: w.houses[d], answers: { size: "M" } } }),
  deliver: (w, d) => ({
    path: `/v1/programs/${w.programs.id}/deliveries`,
    body: { houseCode: w.houses[d], on: "2022-05-20", kind: "goods", value: 30000, giver: { agency: w.agency } }
  }),
  listProgramEntries: (w) => ({ path: `/v1/programs/${w.programs.id}/entries` }),
  reverseDelivery: (w, d) => ({ path: `/v1/programs/${w.programs.id}/entries/${w.programs.entries[d]}/reverse`, body: { on: "2022-05-21", reason: "ส่งมอบผิดครัวเรือน" } }),
  programReport: (w) => ({ path: `/v1/programs/${w.programs.id}/report?by=district` }),
  // background jobs
  submitJob: () => ({ path: "/v1/jobs", body: { kind: "evaluate-round", input: { round: 2564 } }, headers: { "idempotency-key": "sample-evaluate" } }),
  listJobs: () => ({ path: "/v1/jobs?kind=import" }),
  getJob: (w, d) => ({ path: `/v1/jobs/${w.jobs[d]}` }),
  cancelJob: (w, d) => ({ path: `/v1/jobs/${w.jobs[d]}/cancel` }),
  retryJob: (w, d) => ({ path: `/v1/jobs/${w.jobs[d]}/retry` }),
  listWorkers: () => ({ path: "/v1/workers" }),
  getReminders: () => ({ path: "/v1/reminders" }),
  // access
  listAudit: () => ({ path: "/v1/audit" }),
  listTokens: () => ({ path: "/v1/tokens" }),
  revokeToken: () => ({ path: "/v1/tokens/T-999/revoke" })
}

/**
 * Who asks, for the area checks, by the action a route needs: a user whose role may take
 * it, acting in district a only (so district b's records are outside their areas).
 */
export const scopedUserFor = (action: string | undefined): string =>
  action === "approve" || action === "reject" ? "m-a" : action === "pay" ? "t-a" : "dc-a"

/** The same role, for district b's own records: the control that shows the refusal is the area's. */
export const ownUserFor = (action: string | undefined): string =>
  action === "approve" || action === "reject" ? "m1" : action === "pay" ? "t1" : "dc-b"
