# bch_embed_migrations: compiles a folder of numbered SQL migrations (V0001__name.sql, ...)
# into a function returning them, so each server binary carries its own schema and needs no
# files at run time (containers, `migrate` subcommand).
function(bch_embed_migrations target)
  cmake_parse_arguments(ARG "" "COMPONENT;DIR;FUNCTION" "" ${ARGN})
  file(GLOB sql_files CONFIGURE_DEPENDS ${ARG_DIR}/V*.sql)
  list(SORT sql_files)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${ARG_COMPONENT}_migrations.cc)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DCOMPONENT=${ARG_COMPONENT}
            -DFUNCTION=${ARG_FUNCTION} "-DFILES=${sql_files}"
            -P ${PROJECT_SOURCE_DIR}/cmake/embed_migrations.cmake
    DEPENDS ${sql_files} ${PROJECT_SOURCE_DIR}/cmake/embed_migrations.cmake
    COMMENT "Embedding ${ARG_COMPONENT} migrations"
    VERBATIM)
  target_sources(${target} PRIVATE ${out})
endfunction()
