# Warnings as errors on our own code only (generated protos are compiled
# without them).
set(JSTEDU_WARNINGS -Wall -Wextra -Wpedantic -Werror -Wno-unused-parameter)

function(jstedu_warnings target)
  target_compile_options(${target} PRIVATE ${JSTEDU_WARNINGS})
endfunction()

# jstedu_embed_sql(<out_cc> <namespace> <function> <dir>)
# Embeds the numbered *.sql files of <dir> into a generated C++ source that
# defines `const std::vector<jstedu::pg::Migration>& <namespace>::<function>()`.
# Binaries thus carry their migrations; nothing is read from disk at run time.
function(jstedu_embed_sql out_cc namespace function dir)
  file(GLOB sql_files CONFIGURE_DEPENDS ${dir}/*.sql)
  list(SORT sql_files)
  # A CMake list would be split by the shell at ';': pass it '|'-separated.
  string(REPLACE ";" "|" sql_arg "${sql_files}")
  add_custom_command(
    OUTPUT ${out_cc}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out_cc} -DNAMESPACE=${namespace}
            -DFUNCTION=${function} "-DFILES=${sql_arg}"
            -P ${PROJECT_SOURCE_DIR}/cmake/EmbedSql.cmake
    DEPENDS ${sql_files} ${PROJECT_SOURCE_DIR}/cmake/EmbedSql.cmake
    COMMENT "Embedding migrations of ${dir}"
    VERBATIM)
endfunction()

# jstedu_service(<name> SOURCES <files> [PROTOS <proto libs>] [DEPS <libs>])
# Every service is built alike: a library `<name>_lib` with its logic and
# embedded migrations (namespace jstedu::<name>, function Migrations()), and
# the binary jstedu-<name> from main.cc.
function(jstedu_service name)
  cmake_parse_arguments(S "" "" "SOURCES;PROTOS;DEPS" ${ARGN})
  set(migrations_cc ${CMAKE_CURRENT_BINARY_DIR}/${name}_migrations.cc)
  jstedu_embed_sql(${migrations_cc} jstedu::${name} Migrations
    ${CMAKE_CURRENT_SOURCE_DIR}/migrations)
  add_library(${name}_lib STATIC ${S_SOURCES} ${migrations_cc})
  target_include_directories(${name}_lib PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${name}_lib PUBLIC jstedu_grpc ${S_DEPS})
  jstedu_link_protos(${name}_lib ${S_PROTOS})
  jstedu_warnings(${name}_lib)
  add_executable(jstedu-${name} main.cc)
  target_link_libraries(jstedu-${name} PRIVATE ${name}_lib jstedu_build_revision)
  jstedu_warnings(jstedu-${name})
endfunction()

# jstedu_test(<name> SOURCES <files> DEPS <libs> [LABELS <labels>] [SERIAL])
# A GoogleTest binary registered with CTest. Tests labelled "pg" or "redis"
# need the servers `tools/dev test` starts (JSTEDU_TEST_* variables); SERIAL
# tests stop and start those servers and so run alone.
function(jstedu_test name)
  cmake_parse_arguments(T "SERIAL" "TIMEOUT" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  jstedu_warnings(${name})
  add_test(NAME ${name} COMMAND ${name})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 300)
  endif()
  set_tests_properties(${name} PROPERTIES LABELS "${T_LABELS}" TIMEOUT ${T_TIMEOUT}
    ENVIRONMENT "JSTEDU_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
  if(T_SERIAL)
    set_tests_properties(${name} PROPERTIES RUN_SERIAL TRUE)
  endif()
endfunction()

# jstedu_tests([PREFIX <prefix>] SOURCES <files> DEPS <libs> [LABELS <labels>])
# One jstedu_test per source file, named <prefix> and the file's name
# without its extension (domain/pesel_test.cc with PREFIX recruitment_ is
# recruitment_pesel_test).
function(jstedu_tests)
  cmake_parse_arguments(T "" "PREFIX" "SOURCES;DEPS;LABELS" ${ARGN})
  foreach(source IN LISTS T_SOURCES)
    get_filename_component(stem ${source} NAME_WE)
    jstedu_test(${T_PREFIX}${stem} SOURCES ${source} DEPS ${T_DEPS}
      LABELS ${T_LABELS})
  endforeach()
endfunction()
