# Fails when docs/parameters.md differs from what 'harmsim params --markdown' prints now.
#   cmake -DHARMSIM=... -DDOC=... -P check_parameters_doc.cmake
execute_process(COMMAND ${HARMSIM} params --markdown OUTPUT_VARIABLE current RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "harmsim params --markdown failed (${status})")
endif()
file(READ ${DOC} committed)
if(NOT current STREQUAL committed)
  message(FATAL_ERROR "${DOC} is stale: a parameter declaration changed. Run scripts/update-docs and review the diff.")
endif()
