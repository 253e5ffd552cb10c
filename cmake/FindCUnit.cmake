# FindCUnit: locate the CUnit unit-test library (Debian: libcunit1-dev).
#
# Defines CUnit_FOUND, CUnit_INCLUDE_DIR, CUnit_LIBRARY and the imported
# target CUnit::CUnit.
find_path(CUnit_INCLUDE_DIR NAMES CUnit/CUnit.h
	DOC "Directory holding CUnit/CUnit.h (Debian package libcunit1-dev)")
find_library(CUnit_LIBRARY NAMES cunit
	DOC "The CUnit library (Debian package libcunit1-dev)")

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(CUnit
	REQUIRED_VARS CUnit_LIBRARY CUnit_INCLUDE_DIR
	FAIL_MESSAGE "CUnit not found: install it with 'apt-get install libcunit1-dev' (or run scripts/install-deps.sh)")

if(CUnit_FOUND AND NOT TARGET CUnit::CUnit)
	add_library(CUnit::CUnit UNKNOWN IMPORTED)
	set_target_properties(CUnit::CUnit PROPERTIES
		IMPORTED_LOCATION "${CUnit_LIBRARY}"
		INTERFACE_INCLUDE_DIRECTORIES "${CUnit_INCLUDE_DIR}")
endif()
mark_as_advanced(CUnit_INCLUDE_DIR CUnit_LIBRARY)
