package server

import (
	"testing"

	"golang.org/x/crypto/bcrypt"
)

// The hash checked for a name no operator has costs what a real check costs.
func TestDummyHashAtDefaultCost(t *testing.T) {
	cost, err := bcrypt.Cost(dummyHash)
	if err != nil || cost != bcrypt.DefaultCost {
		t.Errorf("dummyHash: cost %d, %v; want %d", cost, err, bcrypt.DefaultCost)
	}
	if bcrypt.CompareHashAndPassword(dummyHash, []byte("daihoi")) != nil {
		t.Error("dummyHash is not a hash of its password")
	}
}
