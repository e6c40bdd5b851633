#!/usr/bin/env bash
# End-to-end: runs the machinery of `./bch up --detach` (private MariaDB, migrations, four
# services and the gateway as real processes) on offset ports and a fresh run folder, then calls
# every service through buf curl with reflection: service listing, health, a real read each, the
# governance resources and summary, a composed update (gRPC and HTTP), errors, metrics, JSON
# logs, the database going away and coming back, the projects service killed with SIGKILL
# mid-load (every acknowledged create kept exactly once), and a stop/start that keeps the data.
#
# Usage: tests/e2e/e2e_test.sh BUILD_DIR
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=$(cd "${1:?usage: e2e_test.sh BUILD_DIR}" && pwd)
# An empty suite: these steps make their own records (tests/e2e/paper_test.sh runs the example).
export BCH_BUILD_DIR=$BUILD BCH_RUN_DIR=$BUILD/e2e-run BCH_PORT_OFFSET=11000 BCH_SKIP_SETUP=1 \
  BCH_EXAMPLE=none
BUF=$ROOT/node_modules/.bin/buf
GATEWAY=61050 PROJECTS=61051 FINANCE=61052 GOVERNANCE=61053 REPORTING=61054 HTTP=19080
MARIADB="$ROOT/scripts/mariadb.sh"

rm -rf "$BCH_RUN_DIR"
cleanup() {
  [ -z "${stopped_db:-}" ] || kill -CONT "$stopped_db" 2>/dev/null || true
  kill $(jobs -p) 2>/dev/null || true
  "$ROOT/bch" down >/dev/null 2>&1 || true
}
trap cleanup EXIT

# shellcheck source=tests/e2e/lib.sh
source "$ROOT/tests/e2e/lib.sh"
call() {  # port /service/method json
  "$BUF" curl --protocol grpc --http2-prior-knowledge --timeout 5s -d "$3" "http://127.0.0.1:$1$2"
}
health() { call "$1" /grpc.health.v1.Health/Check "{\"service\":\"$2\"}" 2>/dev/null || true; }
wait_health() {  # port service wanted seconds
  local deadline=$((SECONDS + $4))
  while [ $SECONDS -lt $deadline ]; do
    grep -q "\"$3\"" <<<"$(health "$1" "$2")" && return 0
    sleep 0.2
  done
  fail "$2 on $1 did not become $3 within $4 s"
}
sql() {  # schema query [client options...]
  local schema=$1 query=$2
  shift 2
  "$MARIADB" sql "$BCH_RUN_DIR/mariadb" "$schema" "$@" -e "$query"
}

step "./bch up --detach starts everything on a private MariaDB"
start_suite || fail "bch up failed"
expect_contains "$out" "gateway SERVING on 127.0.0.1:$GATEWAY" "up"
expect_contains "$out" "Load input records with ./bch load" "with no example, how to load one"
[ -S "$BCH_RUN_DIR/mariadb/mysqld.sock" ] || fail "the private socket is under the run folder"
[ "$(sql mysql 'SELECT @@innodb_flush_log_at_trx_commit, @@sync_binlog, @@bind_address' -N)" = \
  "$(printf '1\t1\t127.0.0.1')" ] || fail "durable settings and loopback binding"

step "every port lists its service, health and reflection; health is SERVING"
for entry in "$PROJECTS bch.projects.v1.ProjectsService" "$FINANCE bch.finance.v1.FinanceService" \
             "$GOVERNANCE bch.governance.v1.GovernanceService" \
             "$REPORTING bch.reporting.v1.ReportingService" \
             "$GATEWAY bch.gateway.v1.CollaborationUpdateService"; do
  read -r port service <<<"$entry"
  services=$("$BUF" curl --protocol grpc --http2-prior-knowledge --list-services "http://127.0.0.1:$port")
  expect_contains "$services" "$service" "list-services on $port"
  expect_contains "$services" "grpc.health.v1.Health" "health through reflection on $port"
  expect_contains "$(health "$port" "$service")" '"SERVING"' "health of $service"
done

registers=$("$BUF" curl --protocol grpc --http2-prior-knowledge --list-services "http://127.0.0.1:$GOVERNANCE")
for service in RiskService BenefitService RegisterService; do
  expect_contains "$registers" "bch.governance.v1.$service" "the governance binary serves the registers"
  expect_contains "$(health "$GOVERNANCE" "bch.governance.v1.$service")" '"SERVING"' "health of $service"
done

step "each service reads its own schema, written by its own database user"
# Programmes are versioned resources: written through the API, read back from the schema.
for p in 'organisational-support|Organisational Support|forces/cambridgeshire|1' \
         'operational-support|Operational Support|forces/hertfordshire|2'; do
  IFS='|' read -r id title lead order <<<"$p"
  call $PROJECTS /bch.projects.v1.ProjectsService/CreateProgramme "{\"programme_id\":\"$id\",
    \"effective_date\":{\"year\":2016,\"month\":4,\"day\":1},
    \"programme\":{\"title\":\"$title\",\"lead_force\":\"$lead\",\"display_order\":$order}}" >/dev/null
done
[ "$(sql bch_projects 'SELECT COUNT(*) FROM programme_timeline' -N)" = 2 ] ||
  fail "the programmes are in the projects schema"
call $FINANCE /bch.finance.v1.FinanceService/CreateMeasure '{"measureId":"spend-on-collaboration",
  "effectiveDate":{"year":2016,"month":4,"day":1},
  "measure":{"displayName":"Spend on collaboration","displayOrder":1,"unit":"MEASURE_UNIT_MONEY"}}' >/dev/null
[ "$(sql bch_finance 'SELECT COUNT(*) FROM measure_timeline' -N)" = 1 ] ||
  fail "the measure is in the finance schema"
call $GOVERNANCE /bch.governance.v1.GovernanceService/CreateForce '{"forceId":"cambridgeshire",
  "effectiveDate":{"year":2016,"month":5,"day":12},"force":{"displayName":"Cambridgeshire Constabulary",
  "shortName":"Cambridgeshire","chiefOfficer":"Alec Wood","chiefOfficerTitle":"Chief Constable"}}' >/dev/null
alliance=$(call $GOVERNANCE /bch.governance.v1.GovernanceService/CreateAlliance '{"allianceId":"bch",
  "effectiveDate":{"year":2016,"month":6,"day":1},"alliance":{"displayName":"BCH Strategic Alliance",
  "shortName":"BCH","type":"ALLIANCE_TYPE_STRATEGIC_ALLIANCE","members":["forces/cambridgeshire"],
  "objectives":["Deliver savings","Improve resilience"]}}')
expect_contains "$alliance" '"forces/cambridgeshire"' "an alliance of recorded forces"
if err=$(call $GOVERNANCE /bch.governance.v1.GovernanceService/CreateAlliance '{"allianceId":"x",
  "alliance":{"displayName":"X","type":"ALLIANCE_TYPE_PROJECT_CONSORTIUM","members":["forces/nowhere"]}}' 2>&1); then
  fail "an alliance of a force that does not exist was accepted"
fi
expect_contains "$err" 'alliance.members[0]: forces/nowhere does not exist' "the missing member is named"
call $REPORTING /bch.reporting.v1.ReportingService/CreateReportSeries '{"report_series_id":"bch-collaboration-update",
  "effective_date":{"year":2016,"month":1,"day":1},"report_series":{"title":"Collaboration Update",
  "audience":"Joint Audit Committee","author":"Chief Constable","force":"forces/cambridgeshire","marking":"OFFICIAL",
  "layout":{"sections":[{"id":"purpose","title":"Purpose","items":[{"paragraph":{"text":"To update the Board."}}]},
  {"id":"projects","title":"BCH Collaboration Update","items":[{"content":{"kind":"CONTENT_KIND_PROJECT_TABLE"}}]},
  {"id":"finance","title":"Cambridgeshire Spending and Savings","items":[{"content":{"kind":"CONTENT_KIND_FINANCE_TABLE",
  "periods":["2016/17","2017/18"]}}]}]}}}' >/dev/null
grants=$(sql mysql "SHOW GRANTS FOR 'bch_finance'@'127.0.0.1'" -N)
expect_contains "$grants" 'ON `bch_finance`.*' "finance's user is granted on its schema"
[ "$(grep -c ' ON ' <<<"$grants")" = 2 ] || fail "finance's user has rights on its schema alone: $grants"

page1=$(call $PROJECTS /bch.projects.v1.ProjectsService/ListProgrammes '{"page_size":1}')
expect_contains "$page1" '"title": "Organisational Support"' "first page"
token=$(sed -n 's/.*"nextPageToken": "\([^"]*\)".*/\1/p' <<<"$page1")
[ -n "$token" ] || fail "a next page token"
page2=$(call $PROJECTS /bch.projects.v1.ProjectsService/ListProgrammes "{\"page_size\":1,\"page_token\":\"$token\"}")
expect_contains "$page2" '"title": "Operational Support"' "second page"
expect_contains "$(call $FINANCE /bch.finance.v1.FinanceService/ListMeasures '{}')" \
  '"displayName": "Spend on collaboration"' "finance read"
expect_contains "$(call $GOVERNANCE /bch.governance.v1.GovernanceService/ListForces '{}')" \
  '"displayName": "Cambridgeshire Constabulary"' "governance read"
expect_contains "$(call $REPORTING /bch.reporting.v1.ReportingService/ListReportSeries '{}')" \
  '"audience": "Joint Audit Committee"' "reporting read"

step "the projects API through buf curl: idempotent create, dated milestones, slips, portfolio as of"
P=/bch.projects.v1.ProjectsService
call $PROJECTS $P/CreateProgramme '{"programme_id":"other","effective_date":{"year":2016,"month":4,"day":1},"programme":{"title":"Other","display_order":3}}' >/dev/null
athena='{"project_id":"athena","request_id":"e2e-athena-1","effective_date":{"year":2017,"month":1,"day":1},
  "project":{"title":"Athena","programme":"programmes/other","lead_force":"forces/cambridgeshire",
  "state":"LIFECYCLE_STATE_IN_DELIVERY","consortium_note":"a wider 9 force consortium"}}'
first=$(call $PROJECTS $P/CreateProject "$athena")
again=$(call $PROJECTS $P/CreateProject "$athena")
[ "$(grep '"etag"' <<<"$first")" = "$(grep '"etag"' <<<"$again")" ] || fail "a retried create returns the first project"
[ "$(sql bch_projects 'SELECT COUNT(*) FROM project_versions' -N)" = 1 ] || fail "one project despite the retry"
milestone=$(call $PROJECTS $P/CreateMilestone '{"parent":"projects/athena","milestone_id":"go-live",
  "effective_date":{"year":2017,"month":1,"day":1},"milestone":{"title":"Go live","forecast":{"text":"may 2018"}}}')
expect_contains "$milestone" '"text": "May 2018"' "dated value in its canonical words"
etag=$(sed -n 's/.*"etag": "\(.*\)",*$/\1/p' <<<"$milestone" | head -1)
call $PROJECTS $P/UpdateMilestone "{\"milestone\":{\"name\":\"projects/athena/milestones/go-live\",\"etag\":\"$etag\",
  \"forecast\":{\"text\":\"not before 2019\"}},\"update_mask\":\"forecast\",\"effective_date\":{\"year\":2018,\"month\":3,\"day\":1}}" >/dev/null
slips=$(call $PROJECTS $P/ListMilestoneChanges '{"parent":"projects/athena","slipped_only":true}')
expect_contains "$slips" '"slipped": true' "the slip is listed"
expect_contains "$slips" '"text": "not before 2019"' "the slip's new date"
call $PROJECTS $P/CreateStatusUpdate '{"parent":"projects/athena","status_update":{"as_of_date":{"year":2017,"month":12,"day":14},
  "author":"BCH Portfolio Office","text":"Go live is expected in May 2018 for BCH."}}' >/dev/null
portfolio=$(call $PROJECTS $P/GetPortfolio '{"programmes":["programmes/other"],"as_of":{"year":2017,"month":12,"day":14}}')
expect_contains "$portfolio" '"text": "Go live is expected in May 2018 for BCH."' "latest status as of the report date"
expect_contains "$portfolio" '"text": "May 2018"' "the forecast as it stood in December 2017"
if err=$(call $PROJECTS $P/CreateProject '{"project_id":"x","project":{"title":"","programme":"other","state":"LIFECYCLE_STATE_LIVE","lead_force":"forces/kent"}}' 2>&1); then
  fail "a project without title and with a malformed programme was accepted"
fi
expect_contains "$err" 'project.title: must not be empty' "title violation"
expect_contains "$err" 'project.programme: must be a resource name' "programme violation"

step "the finance API through buf curl and ./bch finance import: the paper's table as printed"
F=/bch.finance.v1.FinanceService
call $FINANCE $F/CreateMeasure '{"measureId":"savings-from-collaboration",
  "effectiveDate":{"year":2016,"month":4,"day":1},"measure":{"displayName":"Savings from collaboration",
  "displayOrder":2,"unit":"MEASURE_UNIT_MONEY","shareOf":"measures/spend-on-collaboration"}}' >/dev/null
csv=$BCH_RUN_DIR/cambridgeshire-2017-12.csv
{
  echo 'owner,measure,period,basis,amount,reason'
  for row in '2016/17 actual 21998000 920000' '2017/18 forecast 37280000 630000' \
             '2018/19 forecast 38284000 1090000' '2019/20 forecast 38903000 256000' \
             '2020/21 forecast 40181000 21000'; do
    read -r period basis spend savings <<<"$row"
    echo "forces/cambridgeshire,spend-on-collaboration,$period,$basis,$spend,December 2017 paper"
    echo "forces/cambridgeshire,savings-from-collaboration,$period,$basis,$savings,December 2017 paper"
  done
} >"$csv"
sed '2s/,21998000,/,21998000.001,/; 5s/forecast/hope/' "$csv" >"$csv.bad"
echo 'forces/cambridgeshire,net-savings,2016/17,actual,1,' >>"$csv.bad"
if out=$("$ROOT/bch" finance import --effective_date=2017-12-14 "$csv.bad" 2>&1); then
  fail "a CSV with bad lines was imported"
fi
expect_contains "$out" "line 2: amount" "the bad amount's line is named"
expect_contains "$out" "line 5: basis" "the bad basis's line is named"
expect_contains "$out" "line 12: measure" "a measure only the service knows is missing, by line, in the same run"
expect_contains "$out" "nothing was recorded" "all or nothing"
[ "$(sql bch_finance 'SELECT COUNT(*) FROM figures' -N)" = 0 ] || fail "a bad file recorded nothing"
out=$("$ROOT/bch" finance import --effective_date=2017-12-14 "$csv" 2>&1) || { printf '%s\n' "$out"; fail "import"; }
expect_contains "$out" "10 figures from $csv are recorded as of 2017-12-14 (10 first recorded, 0 revisions" "import"
"$ROOT/bch" finance import --effective_date=2017-12-14 "$csv" >/dev/null 2>&1 || fail "import again"
[ "$(sql bch_finance 'SELECT COUNT(*) FROM figure_versions' -N)" = 10 ] || fail "importing twice records nothing twice"
summary=$(call $FINANCE $F/GetFinanceSummary '{"owners":["forces/cambridgeshire"],
  "periods":["2016/17","2017/18","2018/19","2019/20","2020/21"],"asOf":{"year":2017,"month":12,"day":14}}')
for text in 21.998 37.280 38.284 38.903 40.181 176.646 0.920 0.630 1.090 0.256 0.021 2.917 1.65%; do
  expect_contains "$summary" "\"text\": \"$text\"" "the summary prints $text"
done
parts=$(call $FINANCE $F/CreateCostSharingAgreement '{"costSharingAgreementId":"jps","costSharingAgreement":{
  "displayName":"JPS split","splits":[{"period":"2017/18","shares":[{"force":"forces/bedfordshire","basisPoints":5000},
  {"force":"forces/hertfordshire","basisPoints":5000}]}]}}' >/dev/null &&
  call $FINANCE $F/ApportionAmount '{"costSharingAgreement":"costSharingAgreements/jps","period":"2017/18",
  "amount":{"currencyCode":"GBP","units":"0","nanos":10000000}}')
expect_contains "$parts" '"nanos": 10000000' "a penny goes to one force"
[ "$(grep -c '"force"' <<<"$parts")" = 2 ] || fail "two parts"

step "the governance API through buf curl: areas, agreements, the model, reviews, the summary as of"
G=/bch.governance.v1.GovernanceService
d2016='"effectiveDate":{"year":2016,"month":6,"day":1}'
call $GOVERNANCE $G/CreateForce "{\"forceId\":\"bedfordshire\",$d2016,
  \"force\":{\"displayName\":\"Bedfordshire Police\",\"shortName\":\"Bedfordshire\"}}" >/dev/null
call $GOVERNANCE $G/UpdateAlliance "{\"alliance\":{\"name\":\"alliances/bch\",
  \"members\":[\"forces/bedfordshire\",\"forces/cambridgeshire\"]},\"updateMask\":\"members\",$d2016}" >/dev/null
call $GOVERNANCE $G/CreateCollaborationArea "{\"parent\":\"alliances/bch\",\"areaId\":\"jps\",$d2016,
  \"area\":{\"displayName\":\"Joint Protective Services\",\"leadForce\":\"forces/bedfordshire\",
  \"units\":[\"Armed Policing Unit\",\"Dog Unit\"]}}" >/dev/null
if err=$(call $GOVERNANCE $G/CreateAgreement '{"parent":"alliances/bch","agreementId":"mou",
  "agreement":{"type":"AGREEMENT_TYPE_MEMORANDUM_OF_UNDERSTANDING","title":"MoU",
  "parties":[{"force":"forces/bedfordshire","role":"PARTY_ROLE_CHIEF_OFFICER"}],
  "commencementDate":{"year":2016,"month":6,"day":1},"reviewDate":{"year":2016,"month":1,"day":1},
  "publication":"PUBLICATION_TITLE_AND_OBJECTIVE_ONLY"}}' 2>&1); then
  fail "an agreement with one party was accepted"
fi
for field in agreement.parties agreement.review_date agreement.publication_reason; do
  expect_contains "$err" "$field" "the agreement's violations are listed"
done
call $GOVERNANCE $G/CreateAgreement "{\"parent\":\"alliances/bch\",\"agreementId\":\"mou\",$d2016,
  \"agreement\":{\"type\":\"AGREEMENT_TYPE_MEMORANDUM_OF_UNDERSTANDING\",\"title\":\"BCH MoU\",
  \"parties\":[{\"force\":\"forces/bedfordshire\",\"role\":\"PARTY_ROLE_CHIEF_OFFICER\"},
  {\"force\":\"forces/cambridgeshire\",\"role\":\"PARTY_ROLE_CHIEF_OFFICER\"}],
  \"commencementDate\":{\"year\":2016,\"month\":6,\"day\":1},\"publication\":\"PUBLICATION_IN_FULL\"}}" >/dev/null
for body in 'jcob||Joint Chief Officer Board' 'bcb|jcob|Business Coordination Board'; do
  IFS='|' read -r id up title <<<"$body"
  call $GOVERNANCE $G/CreateGovernanceBody "{\"parent\":\"alliances/bch\",\"bodyId\":\"$id\",$d2016,
    \"body\":{\"displayName\":\"$title\",\"type\":\"BODY_TYPE_BOARD\",
    \"reportsTo\":\"${up:+alliances/bch/bodies/$up}\"}}" >/dev/null
done
if err=$(call $GOVERNANCE $G/UpdateGovernanceBody '{"body":{"name":"alliances/bch/bodies/jcob",
  "reportsTo":"alliances/bch/bodies/bcb"},"updateMask":"reportsTo"}' 2>&1); then
  fail "a reporting cycle was accepted"
fi
expect_contains "$err" "jcob reports to itself" "the cycle is named"
model=$(call $GOVERNANCE $G/GetGovernanceModel '{"parent":"alliances/bch"}')
expect_contains "$(tr -d ' \n' <<<"$model")" '"reports":[{"body":{"name":"alliances/bch/bodies/bcb"' \
  "the model is a tree"
call $GOVERNANCE $G/CreateReview "{\"parent\":\"alliances/bch\",\"reviewId\":\"governance-2017\",$d2016,
  \"review\":{\"title\":\"Concerto Review of BCH governance\",\"reviewer\":\"Concerto\"}}" >/dev/null
call $GOVERNANCE $G/CreateRecommendation "{\"parent\":\"alliances/bch/reviews/governance-2017\",
  \"recommendationId\":\"r1\",$d2016,\"recommendation\":{\"text\":\"One board\",
  \"status\":\"RECOMMENDATION_STATUS_OPEN\",\"dueDate\":{\"year\":2017,\"month\":6,\"day\":30}}}" >/dev/null
overdue=$(call $GOVERNANCE $G/ListRecommendations '{"parent":"alliances/bch/reviews/-","overdueOnly":true,
  "asOf":{"year":2017,"month":12,"day":14}}')
expect_contains "$overdue" '"name": "alliances/bch/reviews/governance-2017/recommendations/r1"' "overdue"
summary=$(call $GOVERNANCE $G/GetGovernanceSummary '{"alliance":"alliances/bch","asOf":{"year":2017,"month":12,"day":14}}')
for text in '"chiefOfficer": "Alec Wood"' '"leadForce": "forces/bedfordshire"' '"Dog Unit"' \
            '"title": "BCH MoU"' '"displayName": "Business Coordination Board"' '"overdueCount": 1'; do
  expect_contains "$summary" "$text" "the governance summary"
done
[ "$(sql bch_governance "SELECT COUNT(*) FROM audit_events WHERE action LIKE 'Create%'" -N)" = 9 ] ||
  fail "every governance write is audited"

step "the risk and benefit registers through buf curl: scores, a review, trackers, the summary"
R=/bch.governance.v1.RiskService
B=/bch.governance.v1.BenefitService
d2017='"effectiveDate":{"year":2017,"month":9,"day":1}'
call $GOVERNANCE $R/CreateRisk "{\"parent\":\"alliances/bch\",\"riskId\":\"athena-supplier\",$d2017,
  \"risk\":{\"level\":\"REGISTER_LEVEL_PROJECT\",\"object\":\"projects/athena\",
  \"title\":\"Supplier delays Athena\",\"owner\":\"Athena programme manager\",
  \"inherent\":{\"likelihood\":4,\"impact\":5},\"residual\":{\"likelihood\":3,\"impact\":4},
  \"response\":\"RISK_RESPONSE_TREAT\",\"status\":\"RISK_STATUS_OPEN\",
  \"raisedDate\":{\"year\":2017,\"month\":9,\"day\":1},
  \"nextReviewDate\":{\"year\":2017,\"month\":11,\"day\":1}}}" >/dev/null
if err=$(call $GOVERNANCE $R/CreateRisk '{"parent":"alliances/bch","riskId":"bad","risk":{
  "level":"REGISTER_LEVEL_PORTFOLIO","title":"Bad","owner":"Me","response":"RISK_RESPONSE_TOLERATE",
  "status":"RISK_STATUS_OPEN","inherent":{"likelihood":0,"impact":6},"residual":{"likelihood":1,"impact":1},
  "raisedDate":{"year":2017,"month":9,"day":1},"actions":[{"description":"Act","owner":"Me",
  "dueDate":{"year":2017,"month":8,"day":1}}]}}' 2>&1); then
  fail "a risk with likelihood 0 was accepted"
fi
for field in risk.inherent.likelihood risk.inherent.impact 'risk.actions[0].due_date'; do
  expect_contains "$err" "$field" "the risk's violations are listed"
done
overdue=$(call $GOVERNANCE $R/ListRisks '{"parent":"alliances/bch","reviewOverdueOnly":true,
  "asOf":{"year":2017,"month":12,"day":1}}')
expect_contains "$overdue" '"residualBand": "RISK_BAND_HIGH"' "an overdue risk, banded"
reviewed=$(call $GOVERNANCE $R/ReviewRisk '{"name":"alliances/bch/risks/athena-supplier",
  "review":{"reviewer":"BCH Portfolio Board","outcome":"Supplier back on plan"},
  "reviewDate":{"year":2017,"month":12,"day":4},"residual":{"likelihood":2,"impact":2},
  "nextReviewDate":{"year":2018,"month":3,"day":1}}')
expect_contains "$reviewed" '"residualBand": "RISK_BAND_MEDIUM"' "the review's new score is banded"
history=$(call $GOVERNANCE $R/ListRiskHistory '{"name":"alliances/bch/risks/athena-supplier"}')
[ "$(grep -c '"effectiveDate"' <<<"$history")" = 2 ] || fail "two points of the trend: $history"
call $GOVERNANCE $B/CreateBenefit "{\"parent\":\"alliances/bch\",\"benefitId\":\"jps-rota\",$d2017,
  \"benefit\":{\"level\":\"REGISTER_LEVEL_PORTFOLIO\",\"title\":\"Joint rota\",
  \"area\":\"alliances/bch/areas/jps\",\"category\":\"BENEFIT_CATEGORY_CASH_RELEASING\",
  \"measure\":\"BENEFIT_MEASURE_QUANTITATIVE\",\"responsibleOfficer\":\"ACC\",
  \"fullYearValue\":{\"currencyCode\":\"GBP\",\"units\":\"250000\"},
  \"timescaleStart\":{\"year\":2017,\"month\":4,\"day\":1},
  \"identifiedDate\":{\"year\":2017,\"month\":9,\"day\":1}}}" >/dev/null
if err=$(call $GOVERNANCE $B/UpdateBenefit '{"benefit":{"name":"alliances/bch/benefits/jps-rota",
  "realisedDate":{"year":2017,"month":8,"day":1}},"updateMask":"realisedDate",
  "effectiveDate":{"year":2017,"month":12,"day":1}}' 2>&1); then
  fail "a benefit realised before it was identified was accepted"
fi
expect_contains "$err" "benefit.realised_date" "realised before identified is named"
trackers=$(call $GOVERNANCE $B/ListBenefitTrackers '{"parent":"alliances/bch",
  "asOf":{"year":2017,"month":12,"day":14}}')
expect_contains "$trackers" '"areaTitle": "Joint Protective Services"' "a tracker per area"
expect_contains "$trackers" '"units": "250000"' "the area expects the full-year value"
register=$(call $GOVERNANCE /bch.governance.v1.RegisterService/GetRegisterSummary \
  '{"alliance":"alliances/bch","asOf":{"year":2017,"month":12,"day":14}}')
for text in '"openRisks": 1' '"band": "RISK_BAND_MEDIUM"' '"name": "alliances/bch/risks/athena-supplier"' \
            '"stage": "BENEFIT_STAGE_IDENTIFIED"'; do
  expect_contains "$register" "$text" "the register summary"
done
[ "$(sql bch_governance "SELECT COUNT(*) FROM audit_events WHERE resource LIKE 'alliances/bch/risks/%'" -N)" = 2 ] ||
  fail "the risk's create and review are audited"

step "the reporting service through ./bch and buf curl: issue, list, diff, verify, render, PDF"
R=/bch.reporting.v1.ReportingService
draft() {  # file, date (y m d), go-live text, its period start and end months, 2017/18 spend in pounds
  cat >"$1" <<JSON
{"header":{"title":"Collaboration Update <BCH> | 2017","audience":"Joint Audit Committee","author":"Chief Constable",
 "date":{"year":$2,"month":$3,"day":$4},"marking":"OFFICIAL"},
 "sections":[
  {"id":"purpose","title":"Purpose","source":"series","blocks":[{"paragraph":{"text":"To update the Board."}}]},
  {"id":"projects","title":"BCH Collaboration Update","source":"projects","blocks":[{"projectTable":{"programmes":[
   {"programme":"programmes/organisational-support","title":"Organisational Support","projects":[
    {"project":"projects/ict","title":"ICT","state":"LIFECYCLE_STATE_IN_DELIVERY","update":"The target operating model is due to go live.",
     "keyDates":[{"milestone":"projects/ict/milestones/go-live","title":"Go-live","date":{"text":"$5",
      "precision":"DATE_PRECISION_SEASON","periodStart":{"year":2018,"month":$6,"day":1},"periodEnd":{"year":2018,"month":$7,"day":$8}}}]}]}]}}]},
  {"id":"finance","title":"Cambridgeshire Spending and Savings","source":"finance","blocks":[{"financeTable":{
   "caption":"Cambridgeshire Constabulary","owner":"forces/cambridgeshire","unit":"£m","periods":["2016/17","2017/18"],
   "rows":[{"key":"measures/spend","label":"Spend on collaboration",
    "cells":[{"amount":{"currencyCode":"GBP","units":"21998000"},"basis":"BASIS_ACTUAL"},
             {"amount":{"currencyCode":"GBP","units":"$9"},"basis":"BASIS_FORECAST"}]}]}}]}]}
JSON
}
draft "$BCH_RUN_DIR/dec-2016.json" 2016 12 14 "Spring/Summer 2018" 3 8 31 37280000
draft "$BCH_RUN_DIR/dec-2017.json" 2017 12 14 "Autumn 2018" 9 11 30 37500000
out=$("$ROOT/bch" issue bch-collaboration-update "$BCH_RUN_DIR/dec-2016.json" --issue_date=2016-12-14)
expect_contains "$out" "issued reportSeries/bch-collaboration-update/issuedReports/1 on 14 December 2016" "./bch issue"
expect_contains "$out" "(first issue)" "the first issue links to none"
out=$("$ROOT/bch" issue bch-collaboration-update "$BCH_RUN_DIR/dec-2017.json" --issue_date=2017-12-14)
expect_contains "$out" "issuedReports/2 on 14 December 2017" "the second issue"
out=$("$ROOT/bch" reports bch-collaboration-update)
[ "$(grep -c 'issuedReports/' <<<"$out")" = 2 ] || fail "two issues listed: $out"
head -1 <<<"$out" | grep -q 'issuedReports/2 ' || fail "newest first: $out"
out=$("$ROOT/bch" diff bch-collaboration-update/2)
expect_contains "$out" "from reportSeries/bch-collaboration-update/issuedReports/1 to reportSeries/bch-collaboration-update/issuedReports/2" "./bch diff"
expect_contains "$out" "1 season later" "the slip in the date's own precision"
expect_contains "$out" "+0.220" "the figure's change"
expect_contains "$("$ROOT/bch" verify bch-collaboration-update)" "verified: 2 issues" "./bch verify"
if err=$(call $REPORTING $R/IssueReport "{\"parent\":\"reportSeries/bch-collaboration-update\",\"sequence\":1,
  \"document\":$(cat "$BCH_RUN_DIR/dec-2017.json")}" 2>&1); then fail "issue 1 was changed"; fi
expect_contains "$err" "issuedReports/1 was issued already and is never changed" "an issued report is never changed"
html=$(call $REPORTING $R/RenderReport '{"report":"reportSeries/bch-collaboration-update/issuedReports/2","format":"RENDER_FORMAT_HTML"}')
expect_contains "$html" "Collaboration Update &lt;BCH&gt; | 2017" "the title escaped in HTML"
"$ROOT/bch" report pdf bch-collaboration-update/2 -o "$BCH_RUN_DIR/paper.pdf" 2>/dev/null
pdf_text=$(pdftotext -layout "$BCH_RUN_DIR/paper.pdf" -)
for text in "1. Purpose" "2. BCH Collaboration Update" "3. Cambridgeshire Spending and Savings" \
            "Collaboration Update <BCH> | 2017" "Autumn 2018" "37.500" "OFFICIAL"; do
  expect_contains "$pdf_text" "$text" "the PDF's text"
done
sql bch_reporting "UPDATE issued_reports SET issuer = 'mallory' WHERE sequence = 1"
if out=$("$ROOT/bch" verify bch-collaboration-update); then fail "a tampered issue verified: $out"; fi
expect_contains "$out" "FAILED: reportSeries/bch-collaboration-update/issuedReports/1 content hash does not match" \
  "verification names the altered issue"
sql bch_reporting "UPDATE issued_reports SET issuer = 'local-developer' WHERE sequence = 1"

step "./bch load: input records through the gRPC APIs; a second load changes nothing"
out=$("$ROOT/bch" load "$ROOT/tests/fixtures/load")
expect_contains "$out" "loaded 9 calls from 4 files" "./bch load"
before=$(audited)
out=$("$ROOT/bch" load "$ROOT/tests/fixtures/load")
expect_contains "$out" "loaded 9 calls from 4 files (6 records there already)" "a second load"
[ "$(audited)" = "$before" ] || fail "a second load wrote: audit events $before -> $(audited)"
if out=$("$ROOT/bch" load "$ROOT/tests/fixtures" 2>&1); then fail "a folder of no calls loaded"; fi

step "the gateway composes the loaded series (gRPC and HTTP/JSON)"
update=$(call $GATEWAY /bch.gateway.v1.CollaborationUpdateService/ComposeCollaborationUpdate \
  '{"force":"forces/northshire","as_of":{"year":2017,"month":12,"day":14}}')
expect_contains "$update" '"reportSeries": "reportSeries/north-update"' "the force's one series"
expect_contains "$update" '"text": "To update the Board."' "its standing text"
http=$(curl -sf "http://127.0.0.1:$HTTP/v1/collaborationUpdate:compose?force=forces/northshire&asOf=2017-12-14")
expect_contains "$http" '"title": "Collaboration Update"' "HTTP compose"

step "bad input is INVALID_ARGUMENT naming every field; reflection serves the error details"
if err=$(call $PROJECTS /bch.projects.v1.ProjectsService/ListProgrammes \
    '{"page_size":-1,"page_token":"x"}' 2>&1); then fail "bad input accepted"; fi
expect_contains "$err" '"code": "invalid_argument"' "error code"
expect_contains "$err" 'page_size: must not be negative' "page_size violation"
expect_contains "$err" 'page_token: is not a token' "page_token violation"
expect_contains "$err" '"type": "google.rpc.BadRequest"' "BadRequest detail"
reflected=$(echo '{"file_containing_symbol":"google.rpc.BadRequest"}' |
  "$BUF" curl --protocol grpc --http2-prior-knowledge -d @- \
  "http://127.0.0.1:$PROJECTS/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo")
expect_contains "$reflected" '"fileDescriptorProto"' "reflection resolves google.rpc.BadRequest"
decoded=$(sed -n 's/.*"fileDescriptorProto": \[ *"\([^"]*\)".*/\1/p' <<<"$(tr -d '\n' <<<"$reflected")" | base64 -d | tr -c '[:print:]' ' ')
expect_contains "$decoded" "google/rpc/error_details.proto" "the descriptor is error_details.proto"

step "metrics and JSON logs"
metrics=$(curl -sf "http://127.0.0.1:20092/metrics")
expect_contains "$metrics" 'grpc_server_handled_total{grpc_code="OK",grpc_method="ListProgrammes"' "handled counter"
expect_contains "$metrics" 'grpc_server_handled_total{grpc_code="InvalidArgument"' "error counter"
expect_contains "$metrics" 'grpc_server_handling_seconds_bucket' "latency histogram"
expect_contains "$metrics" 'bch_db_pool_max_connections' "pool gauges"
for path in / /metricsfoo /metrics/x /favicon.ico; do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:20092$path")" = 404 ] ||
    fail "the metrics port answers $path"
done
grep -q 'grpc_code="Unimplemented"' <<<"$metrics" &&
  fail "buf curl met an UNIMPLEMENTED (reflection v1 not served?): $(grep Unimplemented <<<"$metrics")"
# A malformed request (a string that is not UTF-8): INVALID_ARGUMENT, and protobuf's own complaint
# goes to the log as JSON like every other line (checked below).
printf '\x00\x00\x00\x00\x04\x0a\x02\xc3\x28' >"$BCH_RUN_DIR/malformed.bin"
trailers=$(curl -s --http2-prior-knowledge -H 'content-type: application/grpc' -H 'te: trailers' \
  --data-binary @"$BCH_RUN_DIR/malformed.bin" -D - -o /dev/null "http://127.0.0.1:$PROJECTS$P/GetProject")
expect_contains "$trailers" 'grpc-status: 3' "a malformed request is INVALID_ARGUMENT"
expect_contains "$(cat "$BCH_RUN_DIR/logs/projects.log")" '"source":"protobuf"' "protobuf's message as JSON"
node -e '
  const lines = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n");
  for (const line of lines) {
    const entry = JSON.parse(line);
    for (const key of ["severity", "message", "timestamp"]) if (!(key in entry)) throw new Error(key + " missing: " + line);
  }
  if (!lines.some(l => { const e = JSON.parse(l); return e.method && e.request_id; }))
    throw new Error("no line with method and request_id");
' "$BCH_RUN_DIR/logs/projects.log" || fail "projects.log is not JSON lines with the documented fields"

step "database down: NOT_SERVING and prompt UNAVAILABLE; back up: SERVING again"
"$MARIADB" stop "$BCH_RUN_DIR/mariadb"
wait_health $PROJECTS bch.projects.v1.ProjectsService NOT_SERVING 10
start=$SECONDS
if err=$(call $FINANCE /bch.finance.v1.FinanceService/ListMeasures '{}' 2>&1); then fail "read without a database"; fi
expect_contains "$err" '"code": "unavailable"' "UNAVAILABLE without a database"
[ $((SECONDS - start)) -le 3 ] || fail "UNAVAILABLE took $((SECONDS - start)) s"
if err=$(call $GATEWAY /bch.gateway.v1.CollaborationUpdateService/ComposeCollaborationUpdate \
    '{"force":"forces/northshire"}' 2>&1); then fail "composed without a series"; fi
expect_contains "$err" 'reporting service' "no paper without its series: the gateway says why"
"$MARIADB" start "$BCH_RUN_DIR/mariadb" 14307
for entry in "$PROJECTS bch.projects.v1.ProjectsService" "$FINANCE bch.finance.v1.FinanceService"; do
  read -r port service <<<"$entry"
  wait_health "$port" "$service" SERVING 15
done
expect_contains "$(call $FINANCE /bch.finance.v1.FinanceService/ListMeasures '{}')" \
  'spend-on-collaboration' "recovered by itself"

step "database stalled (SIGSTOP): NOT_SERVING within seconds, calls bounded, logged as callers saw them"
log_line_in() {  # log-file text: the access log line holding text, waiting up to 12 s for it
  local deadline=$((SECONDS + 12))
  until grep -F -- "$2" "$BCH_RUN_DIR/logs/$1" | grep -F '"call finished"'; do
    [ $SECONDS -lt $deadline ] || fail "no access log line with $2 in $1"
    sleep 0.2
  done
}
log_line() { log_line_in projects.log "\"request_id\":\"$1\""; }  # request-id
get_athena() {  # buf curl flags...: GetProject of athena with no deadline unless given
  "$BUF" curl --protocol grpc --http2-prior-knowledge "$@" -d '{"name":"projects/athena"}' \
    "http://127.0.0.1:$PROJECTS$P/GetProject"
}
stopped_db=$(cat "$BCH_RUN_DIR/mariadb/mysqld.pid")
kill -STOP "$stopped_db"
start=$SECONDS
get_athena -H 'x-request-id: e2e-stall-late' --timeout 2s >/dev/null 2>&1 &
timeout -s INT 1 "$BUF" curl --protocol grpc --http2-prior-knowledge -H 'x-request-id: e2e-stall-gone' \
  -d '{"name":"projects/athena"}' "http://127.0.0.1:$PROJECTS$P/GetProject" >/dev/null 2>&1 &
if err=$(get_athena -H 'x-request-id: e2e-stall-open' 2>&1); then fail "a read answered by a stopped database"; fi
expect_contains "$err" '"code": "unavailable"' "a call with no deadline is UNAVAILABLE"
[ $((SECONDS - start)) -le 10 ] || fail "UNAVAILABLE with no deadline took $((SECONDS - start)) s"
wait_health $PROJECTS bch.projects.v1.ProjectsService NOT_SERVING 6
expect_contains "$(log_line e2e-stall-late)" '"code":"DeadlineExceeded"' "a call past its deadline is logged so"
expect_contains "$(log_line e2e-stall-gone)" '"code":"Canceled"' "a call its caller gave up is logged so"
expect_contains "$(log_line e2e-stall-open)" '"error":"the database is unavailable; retry later"' \
  "the error is logged with the call"
kill -CONT "$stopped_db"
stopped_db=""
wait_health $PROJECTS bch.projects.v1.ProjectsService SERVING 10
expect_contains "$(get_athena)" '"title": "Athena"' "reads again once the database answers"

step "kill -9 the projects service mid-load: after a restart every acknowledged create is there once"
load() {  # creates load-1..30 in order, each retried with its request id until acknowledged
  for i in $(seq 1 30); do
    for _ in $(seq 1 25); do
      if call $PROJECTS $P/CreateProject "{\"project_id\":\"load-$i\",\"request_id\":\"e2e-load-$i\",
          \"project\":{\"title\":\"Load $i\",\"programme\":\"programmes/other\",
          \"lead_force\":\"forces/bedfordshire\",\"state\":\"LIFECYCLE_STATE_PROPOSED\"}}" >/dev/null 2>&1; then
        echo "load-$i" >>"$BCH_RUN_DIR/acknowledged"
        break
      fi
      sleep 0.2
    done
  done
}
rm -f "$BCH_RUN_DIR/acknowledged"
load &
loader=$!
deadline=$((SECONDS + 30))
touch "$BCH_RUN_DIR/acknowledged"
until [ "$(wc -l <"$BCH_RUN_DIR/acknowledged")" -ge 8 ]; do
  [ $SECONDS -lt $deadline ] || fail "the load did not start"
  sleep 0.1
done
kill -KILL "$(cat "$BCH_RUN_DIR/pids/projects.pid")"
acknowledged_at_kill=$(wc -l <"$BCH_RUN_DIR/acknowledged")
"$ROOT/bch" up --detach >/dev/null 2>&1 || fail "restarting the killed service"
wait "$loader"
[ "$acknowledged_at_kill" -lt 30 ] || fail "the kill came after the load"
[ "$(sort -u "$BCH_RUN_DIR/acknowledged" | wc -l)" = 30 ] || fail "every create acknowledged in the end"
[ "$(sql bch_projects "SELECT COUNT(*) FROM project_versions WHERE id LIKE 'load-%'" -N)" = 30 ] ||
  fail "one version per create"
[ "$(sql bch_projects "SELECT COUNT(*) FROM audit_events WHERE action = 'CreateProject' AND resource LIKE 'projects/load-%'" -N)" = 30 ] ||
  fail "one audit event per create"
echo "acknowledged before the kill: $acknowledged_at_kill of 30"

step "a response over the message limit: logged and counted as the RESOURCE_EXHAUSTED its caller got"
# A second projects server on the same schema with a tiny limit; the suite's own limit is 4 MiB,
# which no page can pass (pages stop at 3 MiB).
BCH_DB_PORT=14307 BCH_DB_USER=bch_projects BCH_DB_PASSWORD_FILE="$BCH_RUN_DIR/secrets/projects.password" \
  "$BUILD/services/projects/projects_server" --port=61061 --metrics_port=20099 \
  --max_message_bytes=2000 --migrate_on_start=false 2>"$BCH_RUN_DIR/logs/projects-small.log" &
small=$!
wait_health 61061 bch.projects.v1.ProjectsService SERVING 15
# Raw gRPC (reflection's own answers are over 2000 bytes): ListProjects with page_size 100.
printf '\x00\x00\x00\x00\x02\x08\x64' >"$BCH_RUN_DIR/list100.bin"
trailers=$(curl -s --http2-prior-knowledge -H 'content-type: application/grpc' -H 'te: trailers' \
  --data-binary @"$BCH_RUN_DIR/list100.bin" -D - -o /dev/null "http://127.0.0.1:61061$P/ListProjects")
expect_contains "$trailers" 'grpc-status: 8' "31 projects do not fit 2000 bytes: the caller's status"
expect_contains "$(log_line_in projects-small.log ListProjects)" '"code":"ResourceExhausted"' \
  "the access log says what the caller got"
expect_contains "$(curl -sf http://127.0.0.1:20099/metrics)" \
  'grpc_server_handled_total{grpc_code="ResourceExhausted",grpc_method="ListProjects"' "and so do the metrics"
kill "$small"
wait "$small" || true

step "the binaries fail fast on missing configuration; migrate applies and exits"
if out=$(env -u BCH_DB_USER "$BUILD/services/finance/finance_server" --port=0 2>&1); then
  fail "finance_server started without --db_user"
fi
expect_contains "$out" "--db_user (or BCH_DB_USER)" "the missing flag and its variable are named"
out=$(BCH_DB_PORT=14307 BCH_DB_USER=bch_finance BCH_DB_PASSWORD_FILE="$BCH_RUN_DIR/secrets/finance.password" \
  "$BUILD/services/finance/finance_server" migrate 2>&1) || { printf '%s\n' "$out"; fail "migrate"; }
expect_contains "$out" '"already_applied":"5"' "migrate finds the schema current (common 2, finance 3)"

step "./bch down stops gracefully; a second start reuses the data"
"$ROOT/bch" down
expect_contains "$(cat "$BCH_RUN_DIR/logs/projects.log")" 'shutting down: received SIGTERM' "graceful stop"
[ -z "$(health $PROJECTS bch.projects.v1.ProjectsService)" ] || fail "projects still answers after down"
"$MARIADB" status "$BCH_RUN_DIR/mariadb" && fail "MariaDB still running after down"
"$ROOT/bch" up --detach >/dev/null 2>&1 || fail "second start"
expect_contains "$(call $PROJECTS /bch.projects.v1.ProjectsService/ListProgrammes '{}')" \
  'Organisational Support' "data kept across restarts"
applied=$(ls "$ROOT"/common/schema/V*.sql "$ROOT"/services/projects/schema/V*.sql | wc -l)
expect_contains "$(cat "$BCH_RUN_DIR/logs/projects.log")" "\"already_applied\":\"$applied\"" \
  "migrations not re-applied"

printf '\nPASS: end-to-end\n'
