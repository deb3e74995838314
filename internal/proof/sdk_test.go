package proof

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// sdkSummary is the JSON line sdk_check.mjs prints.
type sdkSummary struct {
	OK         bool     `json:"ok"`
	Node       string   `json:"node"`
	SDKVersion string   `json:"sdkVersion"`
	Checks     int      `json:"checks"`
	Failures   []string `json:"failures"`
	Notes      []string `json:"notes"`
}

// TestCogniteSDK runs sdk_check.mjs: the Cognite JavaScript SDK drives a
// function, a call, a schedule and several errors against the emulator.
func TestCogniteSDK(t *testing.T) {
	node := requireNode(t)
	sdkPkg := filepath.Join(repoRoot, "tools", "node_modules", "@cognite", "sdk", "package.json")
	if _, err := os.Stat(sdkPkg); err != nil {
		missingTool(t, "@cognite/sdk is not installed (%v); %s", err, installHint)
	}
	emu := startEmulator(t)

	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "sdk_check.mjs")
	cmd.Env = append(os.Environ(),
		"PROOF_BASE_URL="+emu.root,
		"PROOF_PROJECT=p1",
		"PROOF_TOKEN="+emuToken,
		"PROOF_TOOLS_DIR="+filepath.Join(repoRoot, "tools"),
	)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()

	var sum sdkSummary
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &sum); err != nil {
		t.Fatalf("node sdk_check.mjs: %v; no JSON summary (%v)\nstdout:\n%s\nstderr:\n%s", runErr, err, stdout.String(), stderr.String())
	}
	for _, f := range sum.Failures {
		t.Errorf("@cognite/sdk %s: %s", sum.SDKVersion, f)
	}
	if runErr != nil || !sum.OK {
		t.Fatalf("node sdk_check.mjs: %v (ok=%v)\nstderr:\n%s", runErr, sum.OK, stderr.String())
	}
	if sum.Checks < 30 {
		t.Errorf("sdk_check.mjs made only %d checks; it makes at least 30 when it runs to the end", sum.Checks)
	}
	t.Logf("@cognite/sdk %s on node %s: %d checks passed; %s", sum.SDKVersion, sum.Node, sum.Checks, strings.Join(sum.Notes, "; "))
}
