# Helpers for service targets.
#
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

# bch_add_service: a service's <name>_lib (everything but main.cc, with its schema/ embedded as
# <MIGRATIONS_FUNCTION>()) and its <name>_server binary (main.cc only).
function(bch_add_service name)
  cmake_parse_arguments(ARG "" "MIGRATIONS_FUNCTION" "SOURCES" ${ARGN})
  add_library(${name}_lib STATIC ${ARG_SOURCES})
  bch_embed_migrations(${name}_lib COMPONENT ${name} DIR ${CMAKE_CURRENT_SOURCE_DIR}/schema
                       FUNCTION ${ARG_MIGRATIONS_FUNCTION})
  target_include_directories(${name}_lib PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
  target_compile_options(${name}_lib PRIVATE ${BCH_WARNINGS})
  target_link_libraries(${name}_lib PUBLIC bch_common)
  add_executable(${name}_server main.cc)
  target_compile_options(${name}_server PRIVATE ${BCH_WARNINGS})
  target_link_libraries(${name}_server PRIVATE ${name}_lib)
endfunction()
