#!/usr/bin/env bash
# End-to-end, the suite's main job: `./bch up --detach` starts the five real processes on a
# private MariaDB, loads the worked example (data/bch) through the public APIs and prints the
# December 2017 Cambridgeshire paper; the composed update is checked field by field against the
# paper's own text (check_paper.mjs); a second load changes nothing; `./bch compose` prints it
# as HTML and PDF and over HTTP/JSON; an issue re-composes to the same hash until a change is
# back-dated before it, which `./bch verify` then names; a killed backend and a stalled one give a
# partial paper within the deadline (or an error when strict); the portal is driven in a real
# browser (portal_test.mjs, screenshots in BUILD/test-artifacts/portal); and an invented second alliance
# (tests/data/tri-force) is loaded and composed with its own layout, no code change.
#
# Usage: tests/e2e/paper_test.sh BUILD_DIR
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=$(cd "${1:?usage: paper_test.sh BUILD_DIR}" && pwd)
export BCH_BUILD_DIR=$BUILD BCH_RUN_DIR=$BUILD/paper-run BCH_PORT_OFFSET=11200 BCH_SKIP_SETUP=1
BUF=$ROOT/node_modules/.bin/buf
PAPER=$ROOT/tests/fixtures/collaboration-update-2017-12.txt
GATEWAY=61250 PROJECTS=61251 HTTP=19280
G=/bch.gateway.v1.CollaborationUpdateService
SERIES=reportSeries/cambridgeshire-collaboration-update
DECEMBER_14='"as_of":{"year":2017,"month":12,"day":14}'

rm -rf "$BCH_RUN_DIR"
cleanup() {
  [ -z "${stopped:-}" ] || kill -CONT "$stopped" 2>/dev/null || true
  "$ROOT/bch" down >/dev/null 2>&1 || true
}
trap cleanup EXIT

# shellcheck source=tests/e2e/lib.sh
source "$ROOT/tests/e2e/lib.sh"
call() {  # port /service/method json
  "$BUF" curl --protocol grpc --http2-prior-knowledge --timeout 20s -d "$3" "http://127.0.0.1:$1$2"
}
pid_of() { cat "$BCH_RUN_DIR/pids/$1.pid"; }

step "./bch up --detach loads the example through the APIs and prints the composed paper"
start_suite || fail "bch up failed"
expect_contains "$out" "loaded 66 calls from 4 files (0 records there already)" "the example loads"
expect_contains "$out" "## 7. Cambridgeshire Spending and Savings" "the paper is printed"
expect_contains "$out" "| Spend on collaboration | 21.998 | 37.280 | 38.284 | 38.903 | 40.181 | 176.646 |" \
  "the finance table as the paper prints it"

step "the composed update matches the paper, field by field"
"$ROOT/bch" compose --force cambridgeshire --as-of 2017-12-14 --format json >"$BCH_RUN_DIR/update.json"
node "$ROOT/tests/e2e/check_paper.mjs" "$PAPER" "$BCH_RUN_DIR/update.json"

step "a second load changes nothing"
before=$(audited)
out=$("$ROOT/bch" load "$ROOT/data/bch" 2>&1)
expect_contains "$out" "loaded 66 calls from 4 files" "a second load"
[ "$(audited)" = "$before" ] || fail "a second load wrote: audit events $before -> $(audited)"

step "./bch compose as HTML and PDF, and HTTP/JSON, say the same"
html=$("$ROOT/bch" compose --force cambridgeshire --as-of 2017-12-14 --format html)
expect_contains "$html" "Spring/Summer 2018" "HTML key date"
"$ROOT/bch" compose --force cambridgeshire --as-of 2017-12-14 --format pdf -o "$BCH_RUN_DIR/update.pdf"
text=$(pdftotext "$BCH_RUN_DIR/update.pdf" -)
for needle in "Cambridgeshire Spending and Savings" "176.646" "Information Management" OFFICIAL; do
  expect_contains "$text" "$needle" "the PDF"
done
http=$(curl -sf "http://127.0.0.1:$HTTP/v1/collaborationUpdate:compose?force=forces/cambridgeshire&asOf=2017-12-14")
expect_contains "$http" "\"reportSeries\": \"$SERIES\"" "HTTP compose finds the force's series"
expect_contains "$http" '"text": "176.646"' "HTTP compose holds the total"

step "issue, re-compose as of the issue's date: the same hash; a back-dated change is named"
issued=$(call $GATEWAY $G/IssueCollaborationUpdate "{\"force\":\"forces/cambridgeshire\",$DECEMBER_14}")
expect_contains "$issued" "\"name\": \"$SERIES/issuedReports/1\"" "issued"
hash=$(sed -n 's/.*"contentHash": "\([0-9a-f]*\)".*/\1/p' <<<"$issued")
out=$("$ROOT/bch" verify cambridgeshire-collaboration-update)
expect_contains "$out" "every hash and link holds" "the chain"
expect_contains "$out" "issuedReports/1: re-composed as of 14 December 2017, the record gives the same paper" \
  "re-composed"
# A status update written today but dated before the issue, and one dated after it.
P=/bch.projects.v1.ProjectsService/CreateStatusUpdate
call $PROJECTS $P '{"parent":"projects/ict","status_update":{"as_of_date":{"year":2017,"month":12,"day":10},
  "author":"BCH Portfolio Office","text":"The target operating model is now due in Autumn 2018.",
  "rating":"DELIVERY_CONFIDENCE_AMBER"}}' >/dev/null
call $PROJECTS $P '{"parent":"projects/athena","status_update":{"as_of_date":{"year":2018,"month":1,"day":10},
  "author":"BCH Portfolio Office","text":"Athena went live.","rating":"DELIVERY_CONFIDENCE_GREEN"}}' >/dev/null
compared=$(call $GATEWAY $G/CompareIssuedReport "{\"issued_report\":\"$SERIES/issuedReports/1\"}")
expect_contains "$compared" "\"contentHash\": \"$hash\"" "the issue's hash"
expect_absent "$compared" '"reproduced": true' "the record changed on or before the issue's date"
expect_contains "$compared" '"description": "ICT: update changed"' "the back-dated update"
expect_contains "$compared" '"description": "ICT: rating changed from Amber/Green to Amber"' "its rating"
expect_absent "$compared" "Athena" "a change dated after the issue"
out=$("$ROOT/bch" verify cambridgeshire-collaboration-update)
expect_contains "$out" "every hash and link holds" "the issue itself is unchanged"
expect_contains "$out" "[projects] ICT: update changed" "./bch verify names the change"
# A second issue of the same day takes the next number and holds the record as it is now.
issued=$(call $GATEWAY $G/IssueCollaborationUpdate "{\"force\":\"forces/cambridgeshire\",$DECEMBER_14}")
expect_contains "$issued" "\"name\": \"$SERIES/issuedReports/2\"" "the next issue"
compared=$(call $GATEWAY $G/CompareIssuedReport "{\"issued_report\":\"$SERIES/issuedReports/2\"}")
expect_contains "$compared" '"reproduced": true' "the second issue re-composes to its hash"

step "HTTP/JSON from the annotations: issued reports immutable, ETag and 304, unknown parameters refused"
H=http://127.0.0.1:$HTTP/v1
headers=$(curl -sf -D - -o "$BCH_RUN_DIR/issue1.json" "$H/$SERIES/issuedReports/1")
expect_contains "$headers" "Cache-Control: public, max-age=31536000, immutable" "an issue is immutable"
etag=$(sed -n 's/^ETag: \(.*\)\r$/\1/p' <<<"$headers")
[ -n "$etag" ] || fail "an issued report has an ETag: $headers"
expect_contains "$(cat "$BCH_RUN_DIR/issue1.json")" "\"contentHash\": \"$hash\"" "the issue over HTTP"
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$H/$SERIES/issuedReports/1")" = 304 ] ||
  fail "If-None-Match with the issue's ETag gives 304"
expect_contains "$(curl -sf "$H/$SERIES/issuedReports?omitDocuments=true")" "\"name\": \"$SERIES/issuedReports/2\"" \
  "the issues listed"
expect_contains "$(curl -sf "$H/$SERIES/issuedReports/1:render?format=RENDER_FORMAT_HTML")" \
  "Cambridgeshire Spending and Savings" "an issue rendered"
expect_contains "$(curl -sf "$H/$SERIES/issuedReports/2:diff")" '"changes"' "an issue diffed against the one before"
composed_headers=$(curl -sf -D - -o /dev/null "$H/collaborationUpdate:compose?force=forces/cambridgeshire&asOf=2017-12-14")
expect_contains "$composed_headers" "Cache-Control: no-cache" "a composed paper is asked for again"
etag=$(sed -n 's/^ETag: \(.*\)\r$/\1/p' <<<"$composed_headers")
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" \
  "$H/collaborationUpdate:compose?force=forces/cambridgeshire&asOf=2017-12-14")" = 304 ] ||
  fail "the same paper again gives 304"
refused=$(curl -s -w '\n%{http_code}' "$H/collaborationUpdate:compose?force=forces/cambridgeshire&asof=2017-12-14")
expect_contains "$refused" '"field": "asof"' "a misspelt parameter is named"
[ "$(tail -1 <<<"$refused")" = 400 ] || fail "a misspelt parameter is 400: $refused"

step "the portal in a real browser (chromium, puppeteer-core, axe-core): tables, timeline, chart, links"
node "$ROOT/tests/e2e/portal_test.mjs" "http://127.0.0.1:$HTTP" "$PAPER" "$BUILD/test-artifacts/portal"
curl -sf "http://127.0.0.1:$HTTP/healthz" >/dev/null || fail "/healthz answers beside the portal"
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$HTTP/?as_of=2017-1-5")" = 400 ] ||
  fail "the portal takes a date as YYYY-MM-DD only"
whole=$(curl -s -H 'Range: bytes=0-10,0-,0-' -w '%{http_code}' "http://127.0.0.1:$HTTP/assets/portal.css" | wc -c)
[ "$whole" -eq $(($(wc -c <"$BUILD/gateway/portal_assets/portal.css") + 3)) ] ||
  fail "a request for many ranges gets the file once ($whole bytes)"

step "a killed backend: the other sections, and that one marked incomplete, within the deadline"
kill -9 "$(pid_of finance)"
start=$SECONDS
partial=$(call $GATEWAY $G/ComposeCollaborationUpdate "{\"force\":\"forces/cambridgeshire\",$DECEMBER_14}")
[ $((SECONDS - start)) -le 6 ] || fail "a partial compose took $((SECONDS - start)) s"
expect_contains "$partial" '"missingReason": "finance: Unavailable' "the finance section says why"
expect_contains "$partial" '"title": "Information Management"' "the project table is still there"
if err=$(call $GATEWAY $G/ComposeCollaborationUpdate \
    "{\"force\":\"forces/cambridgeshire\",$DECEMBER_14,\"strict\":true}" 2>&1); then
  fail "a strict compose without finance"
fi
expect_contains "$err" '"code": "unavailable"' "strict"
expect_contains "$err" "finance service" "strict names the backend"
page=$(curl -s "http://127.0.0.1:$HTTP/?force=forces/cambridgeshire&as_of=2017-12-14")
expect_contains "$page" "This section is incomplete: finance: Unavailable" "the portal says what is missing"
expect_contains "$page" "Information Management" "the portal shows the rest"
"$ROOT/bch" up --detach >/dev/null 2>&1 || fail "up did not restart the finance service"

step "a stalled backend (SIGSTOP): a partial paper when the caller's deadline passes"
stopped=$(pid_of governance)
kill -STOP "$stopped"
start=$SECONDS
partial=$("$BUF" curl --protocol grpc --http2-prior-knowledge --timeout 2s \
  -d "{\"force\":\"forces/cambridgeshire\",$DECEMBER_14}" "http://127.0.0.1:$GATEWAY$G/ComposeCollaborationUpdate")
elapsed=$((SECONDS - start))
kill -CONT "$stopped"; stopped=""
[ $elapsed -le 4 ] || fail "the caller's 2 s deadline was not kept: $elapsed s"
expect_contains "$partial" '"missingReason": "governance: DeadlineExceeded' "governance late"
expect_contains "$partial" '"title": "Information Management"' "the project table is still there"

step "a second, invented alliance: its own layout, alliance-wide figures over spans, no lead forces"
out=$("$ROOT/bch" load "$ROOT/tests/data/tri-force" 2>&1)
expect_contains "$out" "from 4 files" "the tri-force records load"
page=$(curl -sf "http://127.0.0.1:$HTTP/?series=reportSeries/tri-force-board&as_of=2017-12-14")
expect_contains "$page" "Tri-Force Alliance per period (£m)" "the portal charts the alliance's figures"
expect_contains "$page" "(the alliance as a whole)" "the portal offers the alliance's series"
tri=$("$ROOT/bch" compose --series tri-force-board --as-of 2017-12-14 --format markdown)
for needle in "## 1. Project Updates" "**Tri\\-Force Alliance (£m)**" "2011/12–2013/14" \
              "| Estates savings | \\-0.350 | 1.250 | 0.900 |" "Estates includes Facilities" \
              "Lease of the joint headquarters"; do
  expect_contains "$tri" "$needle" "the tri-force paper"
done
expect_absent "$tri" "Athena" "no BCH project in the tri-force paper"
bch=$("$ROOT/bch" compose --force cambridgeshire --as-of 2017-12-14 --format markdown)
expect_absent "$bch" "Payroll" "no tri-force project in the BCH paper"
expect_contains "$bch" "Go live for BCH: May 2018" "the BCH paper is unchanged"

printf '\nPASS: the paper end to end\n'
