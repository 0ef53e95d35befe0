# All third-party dependencies, found once. Packages come from Debian 12 via
# scripts/install-deps; a missing one stops configuration with the package name.
find_package(PkgConfig REQUIRED)

macro(admon_require_pkg var module debian)
  pkg_check_modules(${var} REQUIRED IMPORTED_TARGET ${module})
  if(NOT ${var}_FOUND)
    message(FATAL_ERROR "admon: ${module} not found; install Debian package ${debian} (scripts/install-deps)")
  endif()
endmacro()

find_package(absl REQUIRED)
find_package(RocksDB QUIET CONFIG)
if(NOT TARGET RocksDB::rocksdb)
  find_library(ROCKSDB_LIB rocksdb)
  find_path(ROCKSDB_INC rocksdb/db.h)
  if(NOT ROCKSDB_LIB OR NOT ROCKSDB_INC)
    message(FATAL_ERROR "admon: RocksDB not found; install Debian package librocksdb-dev (scripts/install-deps)")
  endif()
  add_library(RocksDB::rocksdb UNKNOWN IMPORTED)
  set_target_properties(RocksDB::rocksdb PROPERTIES IMPORTED_LOCATION ${ROCKSDB_LIB}
    INTERFACE_INCLUDE_DIRECTORIES ${ROCKSDB_INC})
endif()
find_package(CURL REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(ZLIB REQUIRED)
find_package(nlohmann_json REQUIRED)
find_package(spdlog REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(CLI11 QUIET CONFIG)
if(NOT TARGET CLI11::CLI11)
  find_path(CLI11_INC CLI/CLI.hpp REQUIRED)
  add_library(CLI11::CLI11 INTERFACE IMPORTED)
  set_target_properties(CLI11::CLI11 PROPERTIES INTERFACE_INCLUDE_DIRECTORIES ${CLI11_INC})
endif()
find_package(OpenCV REQUIRED COMPONENTS core imgproc imgcodecs img_hash)
find_package(ICU REQUIRED COMPONENTS uc i18n)
find_package(GTest REQUIRED)
find_package(Threads REQUIRED)
admon_require_pkg(RE2 re2 libre2-dev)
admon_require_pkg(GUMBO gumbo libgumbo-dev)
admon_require_pkg(TESSERACT tesseract libtesseract-dev)
admon_require_pkg(GVC libgvc libgraphviz-dev)
if(ADMON_JEMALLOC AND NOT ADMON_SANITIZE)
  admon_require_pkg(JEMALLOC jemalloc libjemalloc-dev)
endif()

# libphonenumber ships no .pc file in Debian: find it by hand.
find_library(PHONENUMBER_LIB phonenumber)
find_path(PHONENUMBER_INC phonenumbers/phonenumberutil.h)
if(NOT PHONENUMBER_LIB OR NOT PHONENUMBER_INC)
  message(FATAL_ERROR "admon: libphonenumber not found; install Debian package libphonenumber-dev (scripts/install-deps)")
endif()
# libprotobuf (libphonenumber's own dependency) is linked directly too: with
# UBSan's vptr check, code calling libphonenumber references protobuf's
# typeinfo itself, and the linker refuses an indirect DSO
# (scripts/test --sanitize, fuzz/).
find_library(PROTOBUF_LIB protobuf)
if(NOT PROTOBUF_LIB)
  message(FATAL_ERROR "admon: libprotobuf not found; install Debian package libprotobuf-dev (scripts/install-deps)")
endif()
add_library(admon_phonenumber INTERFACE)
target_link_libraries(admon_phonenumber INTERFACE ${PHONENUMBER_LIB} ${PROTOBUF_LIB})
target_include_directories(admon_phonenumber INTERFACE ${PHONENUMBER_INC})

# cpp-httplib: Debian ships it compiled (libcpp-httplib-dev); its header must
# see the same CPPHTTPLIB_* definitions it was built with, which pkg-config carries.
admon_require_pkg(CPPHTTPLIB cpp-httplib libcpp-httplib-dev)
add_library(admon_httplib INTERFACE)
target_link_libraries(admon_httplib INTERFACE PkgConfig::CPPHTTPLIB Threads::Threads OpenSSL::SSL ZLIB::ZLIB)
