# The agreement check of bench/solver_comparison.sh must catch a wrong trajectory: run with
# -DPYTHON=... -DCOMPARE=.../compare.py -DSMOKE=<the smoke test's work directory> -DWORK_DIR=...
# Copies the smoke run, makes one value of ours 1% off (case 1, day 5, IL-6) and expects
# compare.py to exit 1 naming ours; the untouched copy must still pass.
file(REMOVE_RECURSE ${WORK_DIR})
file(COPY ${SMOKE}/ DESTINATION ${WORK_DIR})

function(compare expected_rc)
  execute_process(COMMAND ${PYTHON} ${COMPARE} --work ${WORK_DIR} --tolerance 1e-3 --no-targets
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL expected_rc)
    message(FATAL_ERROR "compare.py exited ${rc}, expected ${expected_rc}:\n${out}${err}")
  endif()
  set(out "${out}" PARENT_SCOPE)
endfunction()

compare(0)
execute_process(
  COMMAND ${PYTHON} -c [=[
import sys
path = sys.argv[1]
lines = open(path).read().split("\n")
names = lines[0].split(",")
row = lines[1 + 5 * 24].split(",")
column = names.index("il6")
row[column] = repr(float(row[column]) * 1.01)
lines[1 + 5 * 24] = ",".join(row)
open(path, "w").write("\n".join(lines))
]=] ${WORK_DIR}/ours/case-1.csv
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cannot alter ${WORK_DIR}/ours/case-1.csv")
endif()
compare(1)
if(NOT out MATCHES "ours +1\\.00e-02 +\\(il6 at day 5\\.000, case-1\\.csv\\) +DISAGREES")
  message(FATAL_ERROR "compare.py did not name ours, IL-6, day 5, case 1:\n${out}")
endif()
message(STATUS "the agreement check caught a 1% error in one value")
