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

# `start_suite` runs `./bch up --detach` into $out (printed when it fails). The test ports
# (61050 and up) lie above Linux's ephemeral range (32768-60999), so no client connection of an
# earlier test can hold one.
start_suite() {
  out=$("$ROOT/bch" up --detach 2>&1) && return 0
  printf '%s\n' "$out"
  return 1
}
