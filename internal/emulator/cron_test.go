package emulator

import (
	"testing"
	"time"
)

func TestParseCron(t *testing.T) {
	good := []string{
		"* * * * *", "*/5 * * * *", "0 * * * *", "0 0 * * *", "30 6 * * 1-5", "0 9 1 * *",
		"0,15,30,45 * * * *", "5/15 * * * *", "0 0 * JAN-MAR SUN", "0 0 * * 7", "  1   2 3 4 5 ", "0 12 * * mon,wed,fri",
	}
	for _, expr := range good {
		if _, err := parseCron(expr); err != nil {
			t.Errorf("%q: %v", expr, err)
		}
	}
	bad := []string{
		"", "* * * *", "* * * * * *", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * 32 * *", "* * * 13 *", "* * * * 8",
		"*/0 * * * *", "5-1 * * * *", "a * * * *", "1,,2 * * * *", "@daily", "-1 * * * *", "* * * FOO *", "1-2-3 * * * *",
	}
	for _, expr := range bad {
		if _, err := parseCron(expr); err == nil {
			t.Errorf("%q was accepted", expr)
		}
	}
}

func TestCronMatches(t *testing.T) {
	at := func(s string) time.Time {
		tm, err := time.Parse("2006-01-02 15:04", s)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	for _, tc := range []struct {
		expr, at string
		want     bool
	}{
		{"*/5 * * * *", "2026-03-02 10:15", true},
		{"*/5 * * * *", "2026-03-02 10:16", false},
		{"30 6 * * 1-5", "2026-03-02 06:30", true},  // a Monday
		{"30 6 * * 1-5", "2026-03-01 06:30", false}, // a Sunday
		{"0 0 * * 7", "2026-03-01 00:00", true},     // 7 is Sunday
		{"0 0 * * SUN", "2026-03-01 00:00", true},
		{"0 0 13 * 5", "2026-03-13 00:00", true}, // either day field
		{"0 0 13 * 5", "2026-03-06 00:00", true},
		{"0 0 13 * 5", "2026-03-07 00:00", false},
		{"0 0 */2 * *", "2026-03-03 00:00", true}, // "*/2" counts as unrestricted for the OR rule
		{"0 0 */2 * 1", "2026-03-02 00:00", false},
		{"5/20 * * * *", "2026-03-02 10:45", true},
		{"0 12 * FEB *", "2026-02-10 12:00", true},
	} {
		c, err := parseCron(tc.expr)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.matches(at(tc.at)); got != tc.want {
			t.Errorf("%q at %s: %v, want %v", tc.expr, tc.at, got, tc.want)
		}
	}
}

func TestDescribeCron(t *testing.T) {
	for expr, want := range map[string]string{
		"* * * * *":     "Every minute",
		"*/1 * * * *":   "Every minute",
		"*/5 * * * *":   "Every 5 minutes",
		"0 * * * *":     "Every hour",
		"15 * * * *":    "At 15 minutes past every hour",
		"0 */2 * * *":   "Every 2 hours",
		"30 */6 * * *":  "At 30 minutes past the hour, every 6 hours",
		"0 0 * * *":     "Every day at 00:00",
		"30 6 * * *":    "Every day at 06:30",
		"30 6 * * 1-5":  "Every weekday at 06:30",
		"0 9 * * MON":   "Every Monday at 09:00",
		"0 9 * * 0":     "Every Sunday at 09:00",
		"0 9 1 * *":     "On day 1 of every month at 09:00",
		"0 9 25 12 *":   "Every year on December 25 at 09:00",
		"0,30 * * * *":  "0,30 * * * *",
		"0 9-17 * * *":  "0 9-17 * * *",
		"0 9 1 * 1":     "0 9 1 * 1",
		"not a cron at": "not a cron at",
	} {
		if got := describeCron(expr); got != want {
			t.Errorf("%q: %q, want %q", expr, got, want)
		}
	}
}
