# FindUthash: locate the header-only uthash library (Debian: uthash-dev).
#
# Defines Uthash_FOUND, Uthash_INCLUDE_DIR and the imported target
# Uthash::Uthash.
find_path(Uthash_INCLUDE_DIR NAMES uthash.h
	DOC "Directory holding uthash.h (Debian package uthash-dev)")

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(Uthash
	REQUIRED_VARS Uthash_INCLUDE_DIR
	FAIL_MESSAGE "uthash.h not found: install it with 'apt-get install uthash-dev' (or run scripts/install-deps.sh)")

if(Uthash_FOUND AND NOT TARGET Uthash::Uthash)
	add_library(Uthash::Uthash INTERFACE IMPORTED)
	set_target_properties(Uthash::Uthash PROPERTIES
		INTERFACE_INCLUDE_DIRECTORIES "${Uthash_INCLUDE_DIR}")
endif()
mark_as_advanced(Uthash_INCLUDE_DIR)
