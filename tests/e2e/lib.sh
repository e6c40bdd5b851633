# Sourced by the end-to-end scripts (after ROOT and BCH_RUN_DIR are set): their steps, checks
# and the suite's start.

step() { printf '\n=== %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
expect_contains() {  # haystack needle what
  grep -qF -- "$2" <<<"$1" || { printf '%s\n' "$1" >&2; fail "$3: expected to find: $2"; }
}
expect_absent() {  # haystack needle what
  if grep -qF -- "$2" <<<"$1"; then printf '%s\n' "$1" >&2; fail "$3: did not expect: $2"; fi
}
audited() {  # the audit events of every schema, "p/f/g/r"
  for schema in bch_projects bch_finance bch_governance bch_reporting; do
    "$ROOT/scripts/mariadb.sh" sql "$BCH_RUN_DIR/mariadb" $schema -N -e "SELECT COUNT(*) FROM audit_events"
  done | paste -sd/
}

# `start_suite` runs `./bch up --detach` into $out. The test ports (53050 and up) lie in Linux's
# ephemeral range (32768-60999), so now and then a client connection of an earlier test holds one
# for a moment and a server cannot bind it; such a start is stopped and tried again, at most three
# times, a few seconds apart. Any other failure fails.
start_suite() {
  local attempt
  for attempt in 1 2 3; do
    if out=$("$ROOT/bch" up --detach 2>&1); then return 0; fi
    grep -q "Address already in use" "$BCH_RUN_DIR"/logs/*.log 2>/dev/null || break
    printf 'a test port was taken (attempt %d): stopping and trying again\n' "$attempt" >&2
    "$ROOT/bch" down >/dev/null 2>&1 || true
    rm -f "$BCH_RUN_DIR"/logs/*.log
    sleep 5
  done
  printf '%s\n' "$out"
  return 1
}
