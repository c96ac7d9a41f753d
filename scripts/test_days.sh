#!/usr/bin/env bash
# The tests that lean on the demo district, as if today were each of the given days (make
# test-days): the authorization matrix and tests/demo, a file per core, and meanwhile the pathway
# journey in Chromium, which waits on the browser as much as it computes (the demo's tests leave
# their core free early). A browser journey runs in a process of its own (see the Makefile's test
# target). Fails if any run fails.
set -uo pipefail
cd "$(dirname "$0")/.."
py=.venv/bin/python
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
status=0
for day in "$@"; do
  echo "== As if today were $day"
  PONTE_TEST_DATE=$day $py -m pytest -m browser tests/browser/test_pathway_journey.py \
    ${PYTEST_ARGS:-} >"$logs/journey" 2>&1 &
  journey=$!
  # A role taken away (test_roles_taken_away.py) compares two users on the same day: it runs
  # with the whole suite, once. Of the matrix, the columns whose answers hang on the demo's dated
  # objects (people, placements, referrals, meetings); the whole suite checks every column.
  PONTE_TEST_DATE=$day PONTE_MATRIX_IDENTITIES=case_worker,referrer,company_tutor,table_member,other_org \
    $py -m pytest -n auto --dist loadfile tests/security tests/demo \
    --ignore=tests/security/test_roles_taken_away.py ${PYTEST_ARGS:-} || status=1
  wait "$journey" || status=1
  echo "-- the pathway journey as if today were $day:"
  cat "$logs/journey"
done
exit $status
