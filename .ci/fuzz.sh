#!/usr/bin/env bash
# CI: run every fuzz target in the repository for a few seconds each.
#
# Targets are found with `go test -list '^Fuzz'`, so a new FuzzXxx is
# fuzzed here without touching this script. A crasher fails the script: go
# test writes the failing input to PKG/testdata/fuzz/FuzzXxx/<hash>, and
# from then on every plain `go test` runs that file as a test case. Commit
# it with the fix and the case stays a regression test forever.
#
# FUZZTIME (default 3s) is how long each target runs.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin:$HOME/go/bin"
fuzztime=${FUZZTIME:-3s}

# Only packages whose tests mention a fuzz target are listed (grep finds a
# superset; go test -list says which really are targets), so the listing
# does not compile every test package. In the listing, "ok  <pkg>  <time>"
# follows the names of that package's targets.
pkgs=$(grep -rl --include='*_test.go' '^func Fuzz' . | xargs -r -n1 dirname | sort -u)
[ -n "$pkgs" ] || { echo "fuzz: no fuzz targets found" >&2; exit 1; }
# shellcheck disable=SC2086
targets=$(go test -list '^Fuzz' $pkgs | awk '
  /^Fuzz/ { names = names " " $1; next }
  /^ok/   { n = split(names, a, " "); for (i = 1; i <= n; i++) print $2, a[i]; names = "" }')
[ -n "$targets" ] || { echo "fuzz: no fuzz targets found" >&2; exit 1; }

failed=()
summary=""
start_all=$SECONDS
while read -r pkg name; do
  echo "+ go test -run '^\$' -fuzz '^$name\$' -fuzztime $fuzztime -fuzzminimizetime 2s $pkg"
  t0=$SECONDS
  log=$(mktemp)
  if ! go test -run '^$' -fuzz "^$name\$" -fuzztime "$fuzztime" -fuzzminimizetime 2s "$pkg" </dev/null 2>&1 | tee "$log"; then
    # Go's fuzz coordinator sometimes ends a short run with "context
    # deadline exceeded" and no failing input (a known flake of -fuzztime);
    # only a written input or any other failure counts.
    if grep -q 'Failing input written to' "$log" || ! grep -q 'context deadline exceeded' "$log"; then
      failed+=("$pkg $name")
    else
      echo "fuzz: $name ended on Go's 'context deadline exceeded' without a failing input: not a finding"
    fi
  fi
  rm -f "$log"
  summary+=$(printf '%-50s %-22s %3ds' "$pkg" "$name" $((SECONDS - t0)))$'\n'
done <<<"$targets"

printf '\nfuzz targets (%ds in all):\n%s' $((SECONDS - start_all)) "$summary"
if [ ${#failed[@]} -gt 0 ]; then
  printf 'fuzz: FAILED %s (the input is in its testdata/fuzz folder)\n' "${failed[@]}" >&2
  exit 1
fi
