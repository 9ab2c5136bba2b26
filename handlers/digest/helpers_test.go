package digest_test

import (
	"frontdoor/handlers/digest"
	"frontdoor/handlers/index"
	"frontdoor/handlers/regtest"
	"frontdoor/handlers/view/viewtest"
)

// The fixtures these tests share with those of the index and the views.
var (
	demoIndex     = regtest.DemoIndex
	edgeIndex     = regtest.EdgeIndex
	edgeRegister  = regtest.EdgeRegister
	prog          = regtest.Prog
	fund          = regtest.Fund
	overlapsReply = viewtest.Overlaps
	gapsReply     = viewtest.Gaps
	endingReply   = viewtest.Ending

	edgeMon    = regtest.EdgeMon
	edgeWeek   = regtest.EdgeWeek
	edgeFarOff = regtest.EdgeFarOff
)

// mustDigest builds a digest; without filters it cannot fail.
func mustDigest(ix *index.Index, in digest.Input) (*digest.Digest, digest.Snapshot) {
	d, snap, err := digest.Build(ix, in)
	if err != nil {
		panic(err)
	}
	return d, snap
}
