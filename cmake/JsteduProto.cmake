# jstedu_proto_library(<name> PROTOS <files relative to IMPORT_ROOT>
#                      IMPORT_ROOT <dir> [GRPC] [DEPS <proto libraries>])
# One static library per proto package. Sources are generated in the build
# tree. Users must link proto libraries whole-archive (see
# jstedu_link_protos) so every message type stays registered for descriptor
# lookups and JSON printing.
set(JSTEDU_PROTO_INCLUDES
    ${PROJECT_SOURCE_DIR}/proto
    /usr/share/gocode/src/github.com/gogo/googleapis
    /usr/share/grpc-proto
    ${Protobuf_INCLUDE_DIRS})
set(JSTEDU_PROTO_OUT ${PROJECT_BINARY_DIR}/gen)
file(MAKE_DIRECTORY ${JSTEDU_PROTO_OUT})
get_target_property(JSTEDU_GRPC_PLUGIN gRPC::grpc_cpp_plugin LOCATION)

function(jstedu_proto_library name)
  cmake_parse_arguments(P "GRPC" "IMPORT_ROOT" "PROTOS;DEPS" ${ARGN})
  set(include_flags)
  foreach(dir IN LISTS JSTEDU_PROTO_INCLUDES)
    list(APPEND include_flags -I${dir})
  endforeach()
  set(srcs)
  foreach(proto IN LISTS P_PROTOS)
    string(REGEX REPLACE "\\.proto$" "" stem ${proto})
    set(outs ${JSTEDU_PROTO_OUT}/${stem}.pb.cc ${JSTEDU_PROTO_OUT}/${stem}.pb.h)
    set(args --cpp_out=${JSTEDU_PROTO_OUT})
    if(P_GRPC)
      list(APPEND outs ${JSTEDU_PROTO_OUT}/${stem}.grpc.pb.cc
                       ${JSTEDU_PROTO_OUT}/${stem}.grpc.pb.h)
      list(APPEND args --grpc_out=${JSTEDU_PROTO_OUT}
                       --plugin=protoc-gen-grpc=${JSTEDU_GRPC_PLUGIN})
    endif()
    # The depfile lists every proto it imports, transitively: a changed
    # import (a new option number, say) generates this file again too.
    # protoc names the outputs in it sorted, and Ninja checks that the
    # first is the edge's first output: so are they here.
    set(depfile ${JSTEDU_PROTO_OUT}/${stem}.pb.d)
    list(SORT outs)
    add_custom_command(
      OUTPUT ${outs}
      COMMAND ${Protobuf_PROTOC_EXECUTABLE} ${include_flags} ${args}
              --dependency_out=${depfile} ${P_IMPORT_ROOT}/${proto}
      DEPENDS ${P_IMPORT_ROOT}/${proto}
      DEPFILE ${depfile}
      COMMENT "protoc ${proto}")
    list(APPEND srcs ${outs})
  endforeach()
  add_library(${name} STATIC ${srcs})
  target_include_directories(${name} PUBLIC ${JSTEDU_PROTO_OUT})
  target_link_libraries(${name} PUBLIC protobuf::libprotobuf)
  foreach(dep IN LISTS P_DEPS)
    target_link_libraries(${name} PUBLIC "$<LINK_LIBRARY:WHOLE_ARCHIVE,${dep}>")
  endforeach()
  if(P_GRPC)
    target_link_libraries(${name} PUBLIC gRPC::grpc++)
  endif()
endfunction()

# Links proto libraries whole-archive so no message type is dropped.
function(jstedu_link_protos target)
  foreach(lib IN LISTS ARGN)
    target_link_libraries(${target} PUBLIC "$<LINK_LIBRARY:WHOLE_ARCHIVE,${lib}>")
  endforeach()
endfunction()
