package hub_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/daihoi/daihoi"
	"github.com/daihoi/daihoi/server/hub"
)

var socketRequests = []string{
	`{"type":"cast","ref":"r1","poll":"p1","ballot":{"ballot_id":"b1","kept":["c01","c07","c12"]}}`,
	`{"type":"cast","ref":"r1","poll":"p1","ballot":{"ballot_id":"b1","kept":[]}}`,
	`{"type":"cast","ref":"r1","poll":"p1","ballot":{"ballot_id":"b1","choice":"for"}}`,
	`{"type":"cast","poll":"p1","ballot":{"marks":{"c01":"agree","c02":"none"},"ballot_id":"b1"},"ref":"r1"}`,
	` { "type" : "cast" , "ref":"Đại hội", "poll":"p1", "ballot": { "ballot_id": "b1", "marks": {} } } `,
	`{"type":"cast","ballot":{"kept":null}}`,
	`{"type":"cast","ref":"a\"b"}`,
	`{"TYPE":"cast"}`,
	`{"type":"cast","type":"other"}`,
	`{"type":"cast","ballot":{"kept":["a"],"kept":["b"]}}`,
	`{"type":"cast","ballot":{"marks":{"a":"agree","a":"none"}}}`,
	`{"type":"cast","extra":1}`,
	`{"type":"cast"} x`,
	`{"type":"cast",}`,
	`{"type":"cast"`,
	`[]`,
	`"cast"`,
	`{"type":"cast","ballot":{"kept":[1]}}`,
	"{\"type\":\"ca\xffst\"}",
	"{\"type\":\"ca\x01st\"}",
}

// A request read by the fast path is read exactly as encoding/json reads it; whatever the fast
// path does not take goes to encoding/json, with its errors.
func TestDecodeSocketRequestIsJSONUnmarshal(t *testing.T) {
	for _, in := range socketRequests {
		sameAsJSON(t, []byte(in))
	}
}

func FuzzDecodeSocketRequest(f *testing.F) {
	for _, in := range socketRequests {
		f.Add([]byte(in))
	}
	f.Fuzz(func(t *testing.T, data []byte) { sameAsJSON(t, data) })
}

func sameAsJSON(t *testing.T, data []byte) {
	t.Helper()
	got, gotErr := hub.DecodeRequest(data)
	var want daihoi.SocketRequest
	wantErr := json.Unmarshal(data, &want)
	if (gotErr == nil) != (wantErr == nil) || (gotErr != nil && gotErr.Error() != wantErr.Error()) {
		t.Fatalf("%q: error %v, encoding/json says %v", data, gotErr, wantErr)
	}
	if gotErr == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("%q: read as %#v, encoding/json reads %#v", data, got, want)
	}
}

// BenchmarkDecodeSocketRequest reads a strike-out ballot keeping 45 of 60 names, as a tablet sends
// it, by the fast path and by encoding/json.
func BenchmarkDecodeSocketRequest(b *testing.B) {
	req := daihoi.SocketRequest{Type: "cast", Ref: "5f0c4a57-8f0e-4b8e-9a55-0b8f7b0f6f11", Poll: "0d9c7f0e-2b1a-4c5d-8e9f-1a2b3c4d5e6f"}
	req.Ballot.BallotID = req.Ref
	for i := range 45 {
		req.Ballot.Kept = append(req.Ballot.Kept, daihoi.CandidateID(i))
	}
	data, _ := json.Marshal(req)
	b.Run("fast", func(b *testing.B) {
		for b.Loop() {
			if _, err := hub.DecodeRequest(data); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		for b.Loop() {
			var r daihoi.SocketRequest
			if err := json.Unmarshal(data, &r); err != nil {
				b.Fatal(err)
			}
		}
	})
}
