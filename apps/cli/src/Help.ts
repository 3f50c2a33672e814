/** The `--help` texts, English with the Thai names of things. */
export const main = `phungpao (พุ่งเป้า): targeted poverty eradication for a Thai province

Usage: pnpm cli <command> [options]

Commands:
  evaluate FILE   decide, for each household survey record, whether it is a TPMAP
                  target household (ครัวเรือนเป้าหมาย) and why
  report FILE     area figures (H, A, M0, dimensions) by province, district,
                  subdistrict or village
  generate        a seeded synthetic province as NDJSON survey records

  import FILE     survey files (NDJSON, JSON, CSV, xlsx; UTF-8 or TIS-620) into the
                  registry (ทะเบียนครัวเรือน)
  export          a survey round of the registry as NDJSON, CSV or xlsx
  evaluate --round R, report --round R
                  the same, over a round held in the registry (decisions are stored)
  diff            what changed between two evaluated rounds
  conflicts       citizen IDs that more than one household of a round lists
  db migrate      bring the database to this program's schema, then verify the books
  db verify       check the books were not tampered with (hash chains, balances,
                  requests against the ledger, triggers)

  fund …          the poverty eradication fund (กองทุนแก้จน): settings, contributors,
                  pledges, receipts, requests and their approval, payment,
                  reconciliation with the bank statement, committee and public reports

  journey …       the household journey: agency, team, user, journey, plan, logbook,
                  visit, deadline, progress, burndown, overdue, no-help
                  (run 'pnpm cli help journey')

  program …       targeted programs (โครงการแบบพุ่งเป้า): an eligibility rule in CEL over
                  a stored round, previewed by area (run 'pnpm cli help program')

  token …         API tokens for stored users: create, list, revoke
  serve           the HTTP API and its docs page (PORT, HOST, DATABASE_URL)
  audit list      who read personal data unmasked (or wrote it), when and why

The registry lives in the SQLite file ./data/phungpao.db unless DATABASE_URL names
another (sqlite:PATH, or postgres://… for PostgreSQL).

Run 'pnpm cli <command> --help' for a command's options.
Options for every command: --help, --lang th|en (human output; default th)
`

const ruleSetOptions = `  --param NAME=VALUE   evaluate a what-if with a rule-set parameter changed; repeatable.
                       minBirthWeightGrams (2500), minDrinkingWaterLitres (5),
                       minWaterUseLitres (45), minAnnualIncomePerPersonBaht (38000),
                       k (1/5: the share of the 5 dimensions a household must fail)
  --jobs N|auto        worker threads besides the main one (default 0; auto: one per
                       core). Faster on large files, at about 80 MB of memory each`

export const evaluate = `Usage: pnpm cli evaluate FILE [--format json|table] [--lang th|en] [--param NAME=VALUE]…
       pnpm cli evaluate --round R [--format json|table] [--param NAME=VALUE]… [--unmask]

Evaluates rule set tpmap-2565 on every record of FILE (NDJSON, one record a line, or a
JSON array; '-' reads standard input) and prints one decision per valid record, in input
order. An invalid record prints 'record N: <field path>: <reason>' on standard error
(N counts records from 1) and no decision; the exit status is then 1.

With --round R instead of FILE it evaluates every household of survey round R in the
registry and stores each decision with the rule set's id, parameters and time; --format
json then prints the stored decisions in house-code order, members' citizen IDs masked
unless --unmask, else a summary. --jobs N cuts
the round into N parts evaluated side by side on worker threads (default: one thread).

Options:
  --format json        NDJSON decisions: houseCode, surveyYear, ruleSet, indicators (all
                       17 with status and members), failedDimensions, deprivationScore,
                       surveyPoor, target, reasons (Thai and English)
  --format table       a readable table (the default)
  --lang th|en         language of the table
${ruleSetOptions}

Example:
  pnpm cli evaluate households.ndjson --format json > decisions.ndjson
`

export const report = `Usage: pnpm cli report FILE --by province|district|subdistrict|village [--format json|table]
       pnpm cli report --round R --by LEVEL [--format json|table] [--param NAME=VALUE]…

Alkire–Foster figures per area of the records in FILE (as for 'evaluate'), sorted by area
code: households, persons, survey-poor, target, H (headcount ratio), A (intensity), M0
(adjusted headcount) and the households failing each dimension. With --round R it reads
the decisions stored by 'evaluate --round R' (same figures as the file path).

Options:
  --by LEVEL           province, district (default), subdistrict or village
  --format json        a JSON array of {area, nameTh, nameEn, households, persons,
                       surveyPoor, target, H, A, M0, dimensions}
  --format table       a readable table (the default)
  --lang th|en         names and headers in Thai (default) or English
${ruleSetOptions}

Example:
  pnpm cli report households.ndjson --by district --lang en
`

export const generate = `Usage: pnpm cli generate --households N [--province 33] [--seed S] [--out FILE]

Writes N synthetic household survey records (NDJSON) for a province from the real
geography: villages under every subdistrict, realistic households, a few percent target
households. The same seed always gives the same output.

Options:
  --households N       how many households (required)
  --province CODE      2-digit DOPA province code (default 33, Sisaket / ศรีสะเกษ)
  --seed S             any whole number (default 1)
  --survey-year YEAR   survey round in the Buddhist Era (default 2564)
  --out FILE           write to FILE instead of standard output

Example:
  pnpm cli generate --province 33 --households 400000 --seed 7 --out sisaket.ndjson
`

export const importFile = `Usage: pnpm cli import FILE [--round R] [--file-format F] [--encoding E] [--jobs 1|2] [--format json|table]

Reads survey records into the registry in batches, keyed by house code and survey round:
new households are inserted, changed ones replaced, identical ones left alone, so
importing the same file again changes nothing. Each batch is all or nothing; on SQLite
the batches commit together about once a second. A crash leaves every committed batch
stored; importing again completes the file.

Formats (detected from the name and first bytes, or --file-format):
  ndjson, json         the canonical records (see 'evaluate')
  csv, xlsx            one row per member, the household's fields repeated on each of its
                       rows (rows of a household adjacent); English field names or the
                       Thai headers a provincial office uses (รหัสบ้าน, เลขประจำตัวประชาชน, …);
                       xlsx: the first sheet
Encodings: UTF-8 with or without BOM, TIS-620 / Windows-874 (detected, or --encoding).
Dates in B.E. or C.E.: 15/03/2564, 2564-03-15, 25640315, 2021-03-15.

Every rejected row goes to FILE.rejects.csv (line, field, reason; --rejects PATH to
change), never a value from the file; valid neighbours are stored. When nothing is
rejected, a rejects file an earlier run left there is removed (any other file is kept). The summary counts read, inserted, updated,
unchanged and rejected; exit status 1 when something was rejected.

Options:
  --round R            the survey round (B.E.) being imported: fills a missing surveyYear
                       and rejects records of another round
  --batch-size N       households per transaction (default 2000)
  --jobs 1|2           2: the file is read and checked on a thread of its own while this
                       one stores (the default for a CSV, NDJSON or JSON file of 4 MiB or
                       more on two cores or more); 1: all in one thread
`

export const exportRound = `Usage: pnpm cli export --round R [--format ndjson|json|csv|xlsx] [--out FILE]

Writes every household of survey round R in the registry, in house-code order, in the
format 'import' reads (CSV and xlsx: one row per member, canonical English headers).
Importing an export reproduces the same registry.
`

export const diff = `Usage: pnpm cli diff --from R1 --to R2 [--format json|table] [--lang th|en] [--param NAME=VALUE]…

Lists, in house-code order, the households of two evaluated survey rounds that appeared,
vanished, became target (กลายเป็นเป้าหมาย), stopped being target, newly fail or newly
pass an indicator. Both rounds must have been evaluated ('evaluate --round') under the
same rule set and parameters.
`

export const conflicts = `Usage: pnpm cli conflicts --round R [--format json|table] [--lang th|en]

Lists the citizen IDs (masked, x-xxxx-xxxxx-12-3) that more than one household of survey
round R lists, each with the house codes and the member's place (members[i]) in each. An
import keeps the first household holding an ID and rejects the others, so these come only
from data stored before that check or by other means: correct the records and import them
again.
`

export const db = `Usage: pnpm cli db migrate [--format json]
       pnpm cli db verify [--format json]

'migrate' brings the database (DATABASE_URL, default the SQLite file ./data/phungpao.db)
to this program's schema and seeds the area directory. Every command that uses the
registry does this at start-up too; a database migrated by a newer Phungpao is refused.
It then verifies the books, as 'verify' does, and fails (exit status 3) when it finds
anything.

'verify' checks that the books are as their writers left them: the hash chains of the
fund's ledger and of the logbook unbroken, every stored balance the sum of its postings,
every request's state and receipt's reversal borne out by its movements, the settings
those the last configure recorded, and the database's triggers on the books in place (on
PostgreSQL, firing always). Clean, it prints where each chain ends (rows, last hash):
keep a copy off the machine and compare. Otherwise it says what it found on standard error, in Thai (or
English, --lang en), and exits with status 3. --format json prints the whole report
({findings, chains}) on standard output.
`

export const token = `Usage: pnpm cli token create --user ID [--expires-days N]
       pnpm cli token list [--format json]
       pnpm cli token revoke T-n

API tokens: a stored user (see 'user add') calls the HTTP API with
'Authorization: Bearer TOKEN' and acts with their role and areas. 'create' prints the new
token alone on standard output, once: only its hash is kept, so a lost token is revoked
and a new one made. Tokens are the provincial centre's to manage, or the operator's.
On the command line the same token proves who acts: PHUNGPAO_TOKEN=TOKEN (or
--token-file FILE) acts as its user; without a token the operator acts.
`

export const job = `Usage: pnpm cli job submit KIND [options] [--key KEY] [--follow]
       pnpm cli job list [--kind KIND] [--status STATUS] [--limit N]
       pnpm cli job show ID [--follow]
       pnpm cli job cancel ID | job retry ID | job rejects ID | job workers
       (each with --format json and --lang th|en)

Background jobs, run by 'pnpm worker' (several on PostgreSQL, one on SQLite), which cut
the work into tasks and survive a crash. Kinds and their options:
  import FILE --round R [--batch N]    a survey file the workers can read
  evaluate-round --round R [--part-size N]
  close-from-round --round R --on DATE [--part-size N]
  export --round R --out FILE [--part-size N]   NDJSON, written by the workers
  fund-report --audience committee|public
  overdue-reminders [--on DATE]        also submitted by the workers once a day
  program-enrol --program P-n [--round R]   a program's enrolment (as 'program enrol')
'submit' prints the job's id on standard output; the same --key gives back the first job.
'--follow' shows a progress bar (tasks and rows done, rate, time left) until the job
ends: exit 0 when it succeeded, 1 when it failed or was cancelled.
`

export const serve = `Usage: pnpm cli serve [--port N] [--host ADDRESS]
       pnpm serve

Serves the HTTP API on PORT (default 8080) and HOST (default 127.0.0.1) against the same
database as every other command (DATABASE_URL, default the SQLite file ./data/phungpao.db),
migrated at start-up. It prints the address of its docs page (/docs) and its OpenAPI
document (/openapi.json), logs one JSON line a request (never a body, a token or a citizen
ID), and stops on SIGTERM or Ctrl-C once the requests in flight are answered. Callers
carry 'Authorization: Bearer TOKEN' (see 'token create'). CORS_ORIGINS (comma-separated)
allows browsers of those origins; RATE_LIMIT_PER_MINUTE sets a token's requests a minute
(default 600). See docs/api.md.
`

export const audit = `Usage: pnpm cli audit list [--user ID] [--since DATE] [--format json]

The record of personal-data reads and writes: who read citizen IDs unmasked (or wrote
personal data), when, through what route or command, about which households and why.
Append-only. For auditors and the provincial centre (acting with their token), or the
operator.
`

export const fund = `Usage: pnpm cli fund <command> [options]

The poverty eradication fund's books, in the same database as the registry.

Writes (each under an idempotency key and as an acting user):
  configure --quorum K --committee ID,ID,… --treasurers ID,… --ceiling BAHT --cap BAHT
                         the fund's first settings (the provincial centre's, once):
                         a quorum of 2 at least; committee members stored users of role
                         fundCommittee, treasurers of role treasurer, nobody in both
  settings propose --quorum K --committee … --treasurers … --ceiling BAHT --cap BAHT
                         a change of the settings, by the provincial centre
  settings approve S-n   a member of the committee in office approves the change; the
                         approval reaching the current quorum applies it
  contributor add --id ID --name NAME [--kind person|company|agency|network] [--anonymous]
  pledge add --contributor ID --amount BAHT --due DATE [--on DATE]
  receipt add --reference BANKREF --date DATE --amount BAHT [--pool-purpose P]
              [--pool-area CODE] [--contributor ID] [--pledge P-n]
  receipt reverse RC-n --reason TEXT
  request add --house CODE --village CODE --purpose P --amount BAHT [--reference TEXT]
              [--pool-purpose P] [--pool-area CODE] [--scope AREA]…
  approve R-n            a committee member's approval (the quorum's reserves the money)
  reject R-n --reason TEXT
  pay R-n --transfer REF [--date DATE] [--kind KIND] [--problems 21,25]
                         the treasurer's payment; writes the household's logbook entry
                         (budget source fund; KIND cash by default, or goods, service, …)
  cancel R-n

Reads:
  contributor list, pledge list [--on DATE], receipt list, request list [--state S],
  request show R-n, balances, settings show (the settings and every change of them)
  reconcile STATEMENT.csv [--encoding utf-8|tis-620]
                         match the bank statement to receipts and payments; exit 1
                         when something does not match or a line cannot be read
  batch FILE [--tokens TOKENS]
                         runs the fund commands in FILE, one a line (as after 'fund';
                         # comments), in one process; stops at the first that fails.
                         A line's --as ID must be a user one of the tokens in TOKENS
                         (one a line, a file of mode 0600) stands for
  report committee|public [--format json|csv|table]
                         the committee's report (every movement, pools, pending
                         requests, households against the cap) or the public one
                         (no household; figures about fewer than 5 households hidden)

Options of writes:
  PHUNGPAO_TOKEN=TOKEN   (in the environment) acts as the token's stored user, as the
                         API does; --token-file FILE reads the token from FILE (mode 0600)
  --as ID                a check that the token is ID's; refused without a token.
                         Without a token the operator acts, who holds no seat: only a
                         committee member approves or rejects, only a treasurer pays
  --role ROLE            the actor's role when the settings do not give it
  --scope AREA           an area the actor acts on (repeatable; default the whole country)
  --key KEY              the idempotency key: the same key and content again returns the
                         first result and writes nothing; the same key with other content
                         is refused. Without --key a new key is made and printed on
                         standard error
Amounts in baht (1500, 1,500.00); dates B.E. or C.E. (15/03/2565, 2022-03-15).
--format json prints the record (amounts in satang); --lang th|en the tables.
A refusal (over a limit, no money in the pool, approving one's own request, …) exits 2
with the record, field and reason.

Example:
  PHUNGPAO_TOKEN=$(cat m1.token) pnpm cli fund approve R-3 --as m1 --key approve-R-3-m1
`

export const journey = `Usage: pnpm cli <command> [options]

The household journey (เส้นทางการพัฒนาครัวเรือน) of the target households, in the same
database as the registry: six steps, each derived from what was recorded.

Organisation:
  agency list
  team add --id ID --name NAME --area CODE [--kind mentor|subdistrictOperation]
           [--member "NAME[:AGENCY[:USER]]"]…
  team list [--area CODE]
  team assign --team ID (--house CODE | --area CODE)   a mentor team (ทีมพี่เลี้ยง)
  user add --id ID --name NAME --role ROLE [--scope AREA]… [--agency CODE] [--team ID]
  user list
  deadline set --district CODE --due DATE;  deadline list

Steps:
  journey analyse --round R [--area CODE] [--on DATE]
                         put the round's target households (from its stored decisions)
                         into the journey, and open the problems of every verified one
  journey verify --house CODE [--outcome confirmed|corrected] [--on DATE] [--note TEXT]
  journey add-household HOUSE --village CODE --round R [--on DATE] [--note TEXT]
                         a household the survey missed (ครัวเรือนตกหล่น), verified
                         on site: its field record, imported into round R of the
                         registry, gives its failed indicators (source "field");
                         refused when it fails no dimension
  journey capitals --house CODE [--human N] [--physical N] [--financial N] [--natural N]
                   [--social N]            the five capitals, 1 to 5
  journey show HOUSE     step, stage, problems, plan, logbook and visits
  journey close-from-round --round R [--area CODE] [--on DATE]
                         close the open problems whose indicator passes in the
                         stored decisions of later round R (evaluate --round R first)
  journey simulate --round R [--seed S] [--area CODE] [--on-database]
                         the main job's province mid-journey: teams and users for
                         every subdistrict, then each target household taken a
                         seeded random way through the commands (on the memory
                         store, copied in; --on-database: on the database)
  plan add-action --house CODE --part attitude|skills|resources|wayOut
                  --description TEXT --problems 8,23 (--agency CODE | --team ID)
                  --budget-source agencyFunction|localGovernment|fund|private|other
                  [--cost BAHT] --due DATE
  plan agree --house CODE [--on DATE]      refused while a problem is unaddressed
  plan action-status --action A-n --status inProgress|done|cancelled
  plan mark-problem --house CODE --indicator N --status selfResolved|cannotResolve
                    --reason TEXT [--on DATE]
  logbook record --house CODE --kind K --budget-source S [--value BAHT] [--on DATE]
                 [--agency CODE] [--team ID] [--person NAME] [--problems 8,23]
                 [--action A-n] [--member CITIZEN-ID] [--evidence REF] [--note TEXT]
                 kinds: cash goods service training job housingRepair
                 welfareEnrolment referral
  logbook reverse --entry L-n --reason TEXT [--on DATE]
  logbook list [--area CODE | --house CODE]
  visit record --house CODE --stage survive|sufficient|sustainable [--confirms 8,23]
               [--on DATE] [--note TEXT]

Progress:
  progress [--by province|district|subdistrict|village] [--area CODE]
  burndown --district CODE [--from DATE] [--every DAYS]
  overdue [--area CODE]  plan actions past their due date
  no-help [--area CODE]  target households with no help recorded

Options of writes:
  PHUNGPAO_TOKEN=TOKEN   (in the environment) acts as the token's stored user, with
                         their role and scope ('token create --user ID' prints it);
                         --token-file FILE reads it from FILE (mode 0600). Without a
                         token the operator acts, over the whole country
  --as ID                a check that the token is ID's; refused without a token
  --key KEY              the idempotency key (made and printed on standard error when
                         left out); the same key and content again writes nothing
Amounts in baht; dates B.E. or C.E. (15/03/2565, 2022-03-15; default today).
--format json prints records (amounts in satang); --lang th|en the tables. Members'
citizen IDs are masked. A refusal (a plan before analysis, a second reversal, a team
outside the household's area, …) exits 2 with the record, field and reason.

Example:
  pnpm cli journey verify --house 33010100001 --outcome confirmed --key v-33010100001
`

export const program = `Usage: pnpm cli program preview --round R --unit member|household --where EXPR
                                [--by LEVEL] [--list N] [--format json|table] [--lang th|en]
       pnpm cli program create --name-th T --name-en T --purpose T --unit U --where EXPR
                               --round R --budget BAHT [--agency CODE] [--need NAME:TYPE[:A|B…]]…
                               (--on DATE --place P | --from DATE --every-days N --cycles N) [--key K]
       pnpm cli program show|activate|close|enrol|beneficiaries|report ID
       pnpm cli program list
       pnpm cli program need record ID --house H [--member N] --answer NAME=VALUE…
       pnpm cli program deliver ID --house H [--member N] --value BAHT
                                --agency CODE|--team T|--person NAME [--on DATE] [--kind goods]
                                [--evidence E] [--note N] [--fund-request R-n --transfer REF] [--key K]
       pnpm cli program reverse ID --entry program:P-n:k --reason WHY [--on DATE]

Targeted programs (โครงการแบบพุ่งเป้า). 'preview' runs an eligibility rule written in CEL
(docs/programs.md) over the households of a stored, evaluated round: nothing is written.
A member rule sees household, member and decision; a household rule household and
decision. A rule that does not parse, or names a variable or field that does not exist,
is refused with its line, column and reason before any record is read (exit 2). A record
on which the rule fails (an absent answer read without has()) is not selected and is
counted in errors; the first messages go to standard error.

Stored programs go draft → active → closed. 'enrol' freezes the beneficiaries with the
rule's text, round and rule-set key (--round R later adds the newly selected and flags the
others, never dropping anyone); 'need record' stores answers typed by the need fields
(text, number, boolean, choice); 'deliver' writes a logbook entry whose source is the
program, or, with --fund-request, pays the fund's reserved request as that delivery (a
treasurer, one record); 'reverse' appends the reversal of a program's own delivery (the
two net to zero); 'report' gives reached, surveyed, delivered and spent by area
(--by). Every command takes --format json, and --as with a token (see 'fund'). 'create'
and 'deliver' are idempotent under --key (a fresh key is printed when it is left out).

Options of preview:
  --round R            the stored round (evaluate --round R first)
  --unit member|household
  --where EXPR         the rule, e.g. 'member.age >= 6 && member.age <= 15 &&
                       decision.target && "income" in decision.failedDimensions'
  --by LEVEL           province, district (default), subdistrict or village
  --list N             list the first N selected households, citizen IDs masked (table
                       default 20; with --format json adds "selected")
  --format json        one JSON object {round, unit, where, households, members, errors,
                       areas: [{area, nameTh, nameEn, households, members}]}
${ruleSetOptions}

Example:
  pnpm cli program preview --round 2564 --unit member --by district --format json \\
    --where 'member.age >= 6 && member.age <= 15 && "income" in decision.failedDimensions'
`
