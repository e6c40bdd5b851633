# Sourced by the end-to-end scripts: `start_suite` runs `./bch up --detach` into $out. The test
# ports (53050 and up) lie in Linux's ephemeral range (32768-60999), so now and then a client
# connection of an earlier test holds one for a moment and a server cannot bind it; such a start
# is stopped and tried again, at most three times, a few seconds apart. Any other failure fails.
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
