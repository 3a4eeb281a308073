# Smoke test of the cohort generator: run with -DGENERATOR=... -DCLI=... -DWORK_DIR=...
# Generates 20 patients x 5 days (grouped, and again ungrouped), grades both with
# `cytostorm grade --format csv` and checks: exit 0, 21 lines, identical results, and that the
# generator is deterministic (the same seed gives the same bytes).
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (exit ${rc}): ${ARGN}\n${err}")
  endif()
  set(out "${out}" PARENT_SCOPE)
endfunction()

run(${GENERATOR} --patients 20 --days 5 --seed 7 -o ${WORK_DIR}/grouped.csv)
run(${GENERATOR} --patients 20 --days 5 --seed 7 -o ${WORK_DIR}/again.csv)
run(${GENERATOR} --patients 20 --days 5 --seed 7 --ungrouped -o ${WORK_DIR}/ungrouped.csv)
file(SHA256 ${WORK_DIR}/grouped.csv first)
file(SHA256 ${WORK_DIR}/again.csv second)
if(NOT first STREQUAL second)
  message(FATAL_ERROR "the generator is not deterministic: two runs with seed 7 differ")
endif()

foreach(layout grouped ungrouped)
  run(${CLI} grade ${WORK_DIR}/${layout}.csv --format csv)
  set(${layout}_out "${out}")
  string(REGEX MATCHALL "[^\n]*\n" lines "${out}")
  list(LENGTH lines n)
  if(NOT n EQUAL 21)
    message(FATAL_ERROR "${layout}: expected 21 CSV lines (header + 20 patients), got ${n}:\n${out}")
  endif()
endforeach()
if(NOT grouped_out STREQUAL ungrouped_out)
  message(FATAL_ERROR "grouped and ungrouped cohorts grade differently:\n${grouped_out}\n---\n"
                      "${ungrouped_out}")
endif()
message(STATUS "generator smoke test: 20 patients graded, grouped and ungrouped alike")
