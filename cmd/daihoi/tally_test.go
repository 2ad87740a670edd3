package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/daihoi/daihoi"
)

// casesDir holds the repository's tally cases and their format (testdata/cases/README.md).
var casesDir = filepath.Join("..", "..", "testdata", "cases")

// TestCases runs `daihoi tally` on every case of testdata/cases and compares its output with the
// .expected.json beside it: every field the expected file gives must be equal.
func TestCases(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(casesDir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []string
	for _, f := range files {
		if !strings.HasSuffix(f, ".expected.json") {
			cases = append(cases, f)
		}
	}
	if len(cases) == 0 {
		t.Fatalf("no cases in %s", casesDir)
	}
	for _, file := range cases {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".json"), func(t *testing.T) {
			var out, errb bytes.Buffer
			if code := run([]string{"tally", file}, &out, &errb); code != 0 {
				t.Fatalf("exit status %d: %s", code, errb.String())
			}
			if errb.Len() != 0 {
				t.Errorf("stderr is not empty: %s", errb.String())
			}
			var got any
			if err := json.Unmarshal(out.Bytes(), &got); err != nil {
				t.Fatalf("the output is not JSON: %v\n%s", err, out.String())
			}
			data, err := os.ReadFile(strings.TrimSuffix(file, ".json") + ".expected.json")
			if err != nil {
				t.Fatalf("the case has no expected result: %v", err)
			}
			var want any
			if err := json.Unmarshal(data, &want); err != nil {
				t.Fatalf("the expected result is not JSON: %v", err)
			}
			for _, d := range subset("", want, got) {
				t.Error(d)
			}
		})
	}
}

// subset lists where got differs from want: an object in want needs each of its fields in got,
// equal in turn; arrays and scalars must be equal exactly.
func subset(path string, want, got any) []string {
	if w, ok := want.(map[string]any); ok {
		g, ok := got.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: got %s, want an object", pathOr(path), show(got))}
		}
		var diffs []string
		for k, wv := range w {
			gv, ok := g[k]
			if !ok {
				diffs = append(diffs, fmt.Sprintf("%s.%s: missing, want %s", path, k, show(wv)))
				continue
			}
			diffs = append(diffs, subset(path+"."+k, wv, gv)...)
		}
		return diffs
	}
	if !reflect.DeepEqual(want, got) {
		return []string{fmt.Sprintf("%s: got %s, want %s", pathOr(path), show(got), show(want))}
	}
	return nil
}

func pathOr(p string) string {
	if p == "" {
		return "."
	}
	return p
}

func show(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestSubset(t *testing.T) {
	parse := func(s string) any {
		var v any
		if err := json.Unmarshal([]byte(s), &v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name      string
		want, got string
		equal     bool
	}{
		{"fields not in the expected file are not compared", `{"a": 1}`, `{"a": 1, "b": 2}`, true},
		{"nested objects compare as subsets", `{"o": {"x": 1}}`, `{"o": {"x": 1, "y": 2}}`, true},
		{"a missing field differs", `{"a": 1, "b": 2}`, `{"a": 1}`, false},
		{"a different scalar differs", `{"a": "75.00"}`, `{"a": "75.0"}`, false},
		{"arrays compare exactly", `{"e": ["c1"]}`, `{"e": ["c1", "c3"]}`, false},
		{"array order matters", `{"e": ["c1", "c3"]}`, `{"e": ["c3", "c1"]}`, false},
		{"an empty object is not an empty array", `{"r": {}}`, `{"r": []}`, false},
		{"an empty object in want matches any object", `{"r": {}}`, `{"r": {"x": 1}}`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if d := subset("", parse(tt.want), parse(tt.got)); (len(d) == 0) != tt.equal {
				t.Errorf("subset(%s, %s) = %v, want equal %v", tt.want, tt.got, d, tt.equal)
			}
		})
	}
}

const goodRecord = `{
  "format": "daihoi/poll-v1", "kind": "election", "ruleset": "party-190", "title": "Bầu Ban Chấp hành",
  "seats": 2, "base": 5, "present": 5, "issued": 5, "collected": 4,
  "candidates": [{"id": "c1", "name": "Nguyễn Văn An"}, {"id": "c2", "name": "Trần Thị Bình"}, {"id": "c3", "name": "Lê Văn Cường"}],
  "ballots": [{"kept": ["c1", "c2"]}, {"kept": ["c1", "c3"]}, {"kept": ["c1", "c2"]}, {"kept": ["c2"]}]
}`

// writeRecord writes goodRecord with the given fields replaced (nil removes one) and returns its path.
func writeRecord(t *testing.T, changes map[string]any) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(goodRecord), &m); err != nil {
		t.Fatal(err)
	}
	for k, v := range changes {
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return writeFile(t, b)
}

// writeFile writes data to a file of its own and returns its path.
func writeFile(t *testing.T, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "file.json")
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestTallyGoodRecord(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"tally", writeRecord(t, nil)}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var got map[string]any
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"elected": []any{"c1", "c2"}, "unfilled": 0.0, "votes": map[string]any{"c1": 3.0, "c2": 3.0, "c3": 1.0}}
	for _, d := range subset("", want, got) {
		t.Error(d)
	}
	if d, _ := got["digest"].(string); len(d) != 64 {
		t.Errorf("the output carries the seal digest of the ballots, got %q", got["digest"])
	}
}

func TestTallyBadInput(t *testing.T) {
	tests := []struct {
		name string
		file func(t *testing.T) string
		says string // the message names the problem
	}{
		{"unknown candidate id", func(t *testing.T) string {
			return writeRecord(t, map[string]any{"ballots": []any{
				map[string]any{"kept": []string{"c1"}}, map[string]any{"kept": []string{"c7"}},
				map[string]any{"kept": []string{"c1"}}, map[string]any{"kept": []string{"c1"}}}})
		}, `"c7"`},
		{"collected differs from the number of ballots", func(t *testing.T) string {
			return writeRecord(t, map[string]any{"collected": 3})
		}, "collected (3)"},
		{"collected more than issued", func(t *testing.T) string {
			return writeRecord(t, map[string]any{"issued": 3})
		}, "issued (3)"},
		{"collected missing", func(t *testing.T) string { return writeRecord(t, map[string]any{"collected": nil}) }, "collected"},
		{"seats below 1", func(t *testing.T) string { return writeRecord(t, map[string]any{"seats": 0}) }, "seats"},
		{"negative seats", func(t *testing.T) string { return writeRecord(t, map[string]any{"seats": -2}) }, "seats"},
		{"unknown format", func(t *testing.T) string {
			return writeRecord(t, map[string]any{"format": "openslides/poll"})
		}, "openslides/poll"},
		{"unknown kind", func(t *testing.T) string { return writeRecord(t, map[string]any{"kind": "survey"}) }, "survey"},
		{"unknown ruleset", func(t *testing.T) string {
			return writeRecord(t, map[string]any{"ruleset": "party-244"})
		}, "party-244"},
		{"unknown setting", func(t *testing.T) string {
			return writeRecord(t, map[string]any{"settings": map[string]any{"tie_break": "oldest"}})
		}, "tie_break"},
		{"a setting of the wrong type", func(t *testing.T) string {
			return writeRecord(t, map[string]any{"settings": map[string]any{"all_struck_invalid": "yes"}})
		}, "all_struck_invalid"},
		{"malformed JSON", func(t *testing.T) string {
			return writeFile(t, []byte(goodRecord[:len(goodRecord)/2]))
		}, "JSON"},
		{"not JSON at all", func(t *testing.T) string { return writeFile(t, []byte("phiếu bầu\nline two\n")) }, "JSON"},
		{"an empty file", func(t *testing.T) string { return writeFile(t, nil) }, "JSON"},
		{"a missing file", func(t *testing.T) string { return filepath.Join(t.TempDir(), "none.json") }, "cannot read the file"},
		{"a ballot keeping a name twice", func(t *testing.T) string {
			return writeRecord(t, map[string]any{"ballots": []any{
				map[string]any{"kept": []string{"c1", "c1"}}, map[string]any{}, map[string]any{}, map[string]any{}}})
		}, "twice"},
		{"abstain counted where the ruleset lacks it", func(t *testing.T) string {
			return writeFile(t, []byte(`{"format":"daihoi/poll-v1","kind":"motion","base":20,"present":19,"counts":{"for":10,"against":5,"abstain":4}}`))
		}, "abstain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := tt.file(t)
			var out, errb bytes.Buffer
			code := run([]string{"tally", file}, &out, &errb)
			if code != 2 {
				t.Errorf("exit status %d, want 2", code)
			}
			if out.Len() != 0 {
				t.Errorf("stdout should be empty: %s", out.String())
			}
			msg := errb.String()
			if strings.Count(msg, "\n") != 1 || !strings.HasSuffix(msg, "\n") {
				t.Errorf("want exactly one line on stderr, got %q", msg)
			}
			if !strings.Contains(msg, tt.says) {
				t.Errorf("the message should name the problem (%s): %q", tt.says, msg)
			}
			if strings.Contains(msg, "%!") {
				t.Errorf("a broken format in the message: %q", msg)
			}
		})
	}
}

func TestTallyDigest(t *testing.T) {
	var rec daihoi.Record
	if err := json.Unmarshal([]byte(goodRecord), &rec); err != nil {
		t.Fatal(err)
	}
	_, digest := daihoi.SealBallots(rec.Ballots)

	var out, errb bytes.Buffer
	if code := run([]string{"tally", writeRecord(t, map[string]any{"digest": digest})}, &out, &errb); code != 0 {
		t.Fatalf("a record with its own digest: exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), digest) {
		t.Errorf("the output should repeat the digest %s", digest)
	}

	// One ballot changed after sealing: c3 instead of c2.
	tampered := writeRecord(t, map[string]any{"digest": digest, "ballots": []any{
		map[string]any{"kept": []string{"c1", "c2"}}, map[string]any{"kept": []string{"c1", "c3"}},
		map[string]any{"kept": []string{"c1", "c3"}}, map[string]any{"kept": []string{"c2"}}}})
	out.Reset()
	errb.Reset()
	if code := run([]string{"tally", tampered}, &out, &errb); code != 2 {
		t.Errorf("a digest that does not match the ballots: exit %d, want 2", code)
	}
	if msg := errb.String(); strings.Count(msg, "\n") != 1 || !strings.Contains(msg, digest) {
		t.Errorf("want one line naming the digest, got %q", msg)
	}
	if out.Len() != 0 {
		t.Errorf("no result for a tampered record: %s", out.String())
	}
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{nil, {"--help"}, {"-h"}, {"help"}} {
		t.Run(strings.Join(append([]string{"daihoi"}, args...), " "), func(t *testing.T) {
			var out, errb bytes.Buffer
			if code := run(args, &out, &errb); code != 0 {
				t.Errorf("exit status %d, want 0", code)
			}
			for _, sub := range []string{"daihoi serve", "daihoi tally FILE", "daihoi help"} {
				if !strings.Contains(out.String(), sub) {
					t.Errorf("the usage should list %q:\n%s", sub, out.String())
				}
			}
		})
	}
	for _, args := range [][]string{{"count"}, {"tally"}, {"tally", "a.json", "b.json"}, {"tally", "--help"}} {
		t.Run(strings.Join(append([]string{"daihoi"}, args...), " "), func(t *testing.T) {
			var out, errb bytes.Buffer
			if code := run(args, &out, &errb); code != 2 {
				t.Errorf("exit status %d, want 2", code)
			}
			if !strings.Contains(errb.String(), "tally") {
				t.Errorf("the usage goes to stderr: %q", errb.String())
			}
		})
	}
}
