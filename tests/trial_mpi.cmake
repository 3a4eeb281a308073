# A virtual trial gives byte-identical outputs with 1 thread, 2 threads and 2 MPI ranks
# (issue 6). Run by CTest when the build has CYTOSTORM_WITH_MPI; as root, mpirun needs
# --allow-run-as-root (CI runs as root).
#   cmake -DCLI=... -DMPIEXEC=... -DWORK_DIR=... -P trial_mpi.cmake
file(REMOVE_RECURSE "${WORK_DIR}")
set(trial --preset zuma-1 --patients 8 --seed 5)

function(run name)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "${name} failed (${code}):\n${out}\n${err}")
  endif()
endfunction()

run("1 thread" "${CLI}" trial ${trial} --threads 1 -o "${WORK_DIR}/threads1")
run("2 threads" "${CLI}" trial ${trial} --threads 2 -o "${WORK_DIR}/threads2")
run("2 MPI ranks" "${MPIEXEC}" -np 2 --oversubscribe --allow-run-as-root
    "${CLI}" trial ${trial} --threads 1 -o "${WORK_DIR}/ranks2")

foreach(file summary.json patients.csv)
  file(READ "${WORK_DIR}/threads1/${file}" one)
  foreach(other threads2 ranks2)
    file(READ "${WORK_DIR}/${other}/${file}" text)
    if(NOT one STREQUAL text)
      message(FATAL_ERROR "${file} of ${other} differs from the 1-thread run")
    endif()
  endforeach()
endforeach()
file(READ "${WORK_DIR}/threads1/summary.json" summary)
string(JSON n GET "${summary}" n)
string(JSON failed GET "${summary}" failed)
if(NOT n EQUAL 8 OR NOT failed EQUAL 0)
  message(FATAL_ERROR "summary.json: n ${n} and failed ${failed}, expected 8 and 0")
endif()
message(STATUS "summary.json and patients.csv identical for 1 thread, 2 threads and 2 ranks")
