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
  add_custom_command(
    OUTPUT ${out_cc}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out_cc} -DNAMESPACE=${namespace}
            -DFUNCTION=${function} "-DFILES=${sql_files}"
            -P ${PROJECT_SOURCE_DIR}/cmake/EmbedSql.cmake
    DEPENDS ${sql_files} ${PROJECT_SOURCE_DIR}/cmake/EmbedSql.cmake
    COMMENT "Embedding migrations of ${dir}")
endfunction()
