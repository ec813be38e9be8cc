# Runs PROGRAM with ARGS (words separated by spaces) and writes what it prints to OUTPUT,
# failing the build when it fails: the man page and completion scripts are
# the program's own output (`ratesim man`, `ratesim completion SHELL`).
separate_arguments(ARGS UNIX_COMMAND "${ARGS}")
execute_process(COMMAND ${PROGRAM} ${ARGS} OUTPUT_FILE ${OUTPUT}.tmp RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  file(REMOVE ${OUTPUT}.tmp)
  message(FATAL_ERROR "${PROGRAM} ${ARGS} failed (${rc})")
endif()
file(RENAME ${OUTPUT}.tmp ${OUTPUT})
