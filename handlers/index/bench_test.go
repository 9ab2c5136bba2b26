package index_test

import (
	"testing"

	"frontdoor/handlers/index"
	"frontdoor/handlers/regtest"
)

// BenchmarkNewIndex builds the index of the national register.
func BenchmarkNewIndex(b *testing.B) {
	reg := regtest.National(1, regtest.NationalSize{})
	b.ReportAllocs()
	for b.Loop() {
		index.NewIndex(reg)
	}
}
