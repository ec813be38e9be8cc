# write_if_changed(FILE TEXT): writes TEXT to FILE unless FILE already holds
# it, so that an unchanged generated source rebuilds nothing. Included by
# the scripts that generate sources (embed_presets.cmake, build_info.cmake).
function(write_if_changed file text)
  set(previous "")
  if(EXISTS "${file}")
    file(READ "${file}" previous)
  endif()
  if(NOT previous STREQUAL text)
    file(WRITE "${file}" "${text}")
  endif()
endfunction()
