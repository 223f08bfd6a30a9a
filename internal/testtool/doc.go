// Package testtool is what the tests of several packages share for
// running the external validators: epubcheck over many EPUBs in one JVM,
// and the rule for a validator that is not installed (skip with a message,
// or fail when OFFPRINT_REQUIRE_TOOLS=1). Only tests import it.
package testtool
