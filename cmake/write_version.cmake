# Writes version.hpp with the current git commit; run at every build, so result files
# name the commit the binary was actually built from. The file is rewritten only when
# its content changes, so an unchanged commit triggers no rebuild.
# Inputs: SOURCE_DIR, TEMPLATE, OUTPUT, PROJECT_VERSION.
execute_process(COMMAND git rev-parse --short=12 HEAD
                WORKING_DIRECTORY ${SOURCE_DIR}
                OUTPUT_VARIABLE HARMSIM_GIT_COMMIT OUTPUT_STRIP_TRAILING_WHITESPACE
                ERROR_QUIET)
if(NOT HARMSIM_GIT_COMMIT)
  set(HARMSIM_GIT_COMMIT "unknown")
endif()
execute_process(COMMAND git status --porcelain --untracked-files=no
                WORKING_DIRECTORY ${SOURCE_DIR}
                OUTPUT_VARIABLE dirty OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
if(dirty)
  string(APPEND HARMSIM_GIT_COMMIT "-modified")
endif()
configure_file(${TEMPLATE} ${OUTPUT} @ONLY)
