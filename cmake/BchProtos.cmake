# bch_generate_protos: one protoc run that generates the C++ messages, the gRPC stubs and their
# gMock mocks for every proto of the suite.
#
# CMake 3.25's protobuf_generate() has no way to pass plugin options (generate_mock_code=true)
# and names outputs relative to the calling source folder, which is wrong for protos imported
# from node_modules or /usr/share; so the rule is written out here, once.
function(bch_generate_protos target)
  cmake_parse_arguments(ARG "" "OUT_DIR" "IMPORT_DIRS;PROTOS" ${ARGN})
  set(outputs)
  set(inputs)
  foreach(entry IN LISTS ARG_PROTOS)
    # Each entry is "<import dir>|<path relative to it>".
    string(REPLACE "|" ";" parts "${entry}")
    list(GET parts 0 root)
    list(GET parts 1 rel)
    string(REGEX REPLACE "\\.proto$" "" stem "${rel}")
    list(APPEND outputs ${ARG_OUT_DIR}/${stem}.pb.h ${ARG_OUT_DIR}/${stem}.pb.cc)
    list(APPEND outputs ${ARG_OUT_DIR}/${stem}.grpc.pb.h ${ARG_OUT_DIR}/${stem}.grpc.pb.cc
                        ${ARG_OUT_DIR}/${stem}_mock.grpc.pb.h)
    list(APPEND inputs ${root}/${rel})
  endforeach()
  set(include_flags)
  foreach(dir IN LISTS ARG_IMPORT_DIRS)
    list(APPEND include_flags -I${dir})
  endforeach()
  add_custom_command(
    OUTPUT ${outputs}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${ARG_OUT_DIR}
    COMMAND protobuf::protoc ${include_flags}
            --cpp_out=${ARG_OUT_DIR}
            --grpc_out=generate_mock_code=true:${ARG_OUT_DIR}
            --plugin=protoc-gen-grpc=$<TARGET_FILE:gRPC::grpc_cpp_plugin>
            ${inputs}
    DEPENDS ${inputs} protobuf::protoc gRPC::grpc_cpp_plugin
    COMMENT "Generating C++, gRPC and mock code for ${target}"
    VERBATIM)
  add_library(${target} STATIC ${outputs})
  target_include_directories(${target} SYSTEM PUBLIC ${ARG_OUT_DIR})
  target_link_libraries(${target} PUBLIC protobuf::libprotobuf gRPC::grpc++)
endfunction()
