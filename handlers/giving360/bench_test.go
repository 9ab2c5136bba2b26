package giving360

import (
	"bytes"
	"fmt"
	"testing"
)

// BenchmarkReadPlan reads and plans a funder's file of 20,000 grants (about
// 12 MB of JSON), each matching the test register.
func BenchmarkReadPlan(b *testing.B) {
	var buf bytes.Buffer
	buf.WriteString(`{"grants": [`)
	const n = 20_000
	for i := range n {
		if i > 0 {
			buf.WriteString(",\n")
		}
		fmt.Fprintf(&buf, `{"id": "360G-bench-%d", "title": "Grant %d", "description": "Employment support, round %d", "currency": "GBP",
 "amountAwarded": %d, "awardDate": "2025-07-01", "plannedDates": [{"startDate": "2025-08-01", "endDate": "2026-07-31"}],
 "recipientOrganization": [{"id": "GB-COH-0%d", "name": "Growth Co"}], "fundingOrganization": [{"id": "360G-gmca", "name": "GMCA"}],
 "beneficiaryLocation": [{"name": "Manchester", "geoCode": "E08000003", "geoCodeType": "MD"}], "grantProgramme": [{"title": "Connect to Work"}]}`,
			i, i, i, 1000+i, i)
	}
	buf.WriteString("]}")
	data := buf.Bytes()
	reg := withoutFundings()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		grants, err := Read("bench.json", data)
		if err != nil {
			b.Fatal(err)
		}
		res, err := Plan(reg, grants, DefaultPrefix)
		if err != nil || len(res.Diff.Fundings.Added) != n {
			b.Fatalf("%v %d added", err, len(res.Diff.Fundings.Added))
		}
	}
}
