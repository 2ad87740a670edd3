package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/daihoi/daihoi/chaos"
)

// runChaos is `daihoi chaos` (make chaos): this binary's server killed with SIGKILL at random
// moments under a hall's ballots, started again, and checked (package chaos). CHAOS_KILLS sets the
// kills when --kills is not given. The last line is `chaos: kills=K acked=A lost=L duplicates=D`;
// the exit status is 1 when anything was lost, doubled or found wrong.
func runChaos(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("chaos", flag.ContinueOnError)
	fs.SetOutput(stderr)
	kills := 20
	if v := os.Getenv("CHAOS_KILLS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			fmt.Fprintf(stderr, "daihoi chaos: CHAOS_KILLS=%q không phải số dương / is not a positive number\n", v)
			return 2
		}
		kills = n
	}
	fs.IntVar(&kills, "kills", kills, "số lần giết máy chủ (SIGKILL) / how many SIGKILLs (CHAOS_KILLS)")
	delegates := fs.Int("delegates", 1000, "số máy tính bảng bỏ phiếu / tablets voting")
	seed := fs.Int64("seed", 0, "hạt giống của các thời điểm ngẫu nhiên / seed of the random moments (0: any)")
	dir := fs.String("dir", "", "giữ thư mục dữ liệu và bản sao lưu ở đây để xem lại / keep the data and backup folders here, to examine")
	if err := fs.Parse(args); err != nil || fs.NArg() != 0 {
		return 2
	}
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintf(stderr, "daihoi chaos: %v\n", err)
		return 1
	}
	res, err := chaos.Run(chaos.Config{Exe: exe, Kills: kills, Delegates: *delegates, Seed: *seed, Dir: *dir,
		Log: func(format string, a ...any) { fmt.Fprintf(stderr, "chaos: "+format+"\n", a...) }})
	if err != nil {
		fmt.Fprintf(stderr, "daihoi chaos: %v\n", err)
		res.Failures = append(res.Failures, err.Error())
	}
	res.Print(stdout)
	if err != nil || !res.OK() {
		return 1
	}
	return 0
}
