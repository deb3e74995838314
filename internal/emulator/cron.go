package emulator

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// cronSpec is a parsed standard five-field cron expression: minute, hour,
// day of month, month, day of week. Each field is a bit set of the values
// it allows. Names (JAN-DEC, SUN-SAT) are accepted in the month and
// weekday fields, and 7 means Sunday. As in Vixie cron, when both the day
// of month and the day of week are restricted (do not start with *), a
// day matches if either does.
type cronSpec struct {
	fields           [5]uint64
	domStar, dowStar bool
}

type cronField struct {
	name     string
	min, max int
	names    []string // names[i] stands for min+i
}

var cronFields = [5]cronField{
	{name: "minute", min: 0, max: 59},
	{name: "hour", min: 0, max: 23},
	{name: "day of month", min: 1, max: 31},
	{name: "month", min: 1, max: 12, names: []string{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}},
	{name: "day of week", min: 0, max: 7, names: []string{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}},
}

// parseCron validates expr as a standard five-field cron expression.
func parseCron(expr string) (*cronSpec, error) {
	parts := strings.Fields(expr)
	if len(parts) != 5 {
		return nil, fmt.Errorf("a cron expression has 5 fields (minute hour day-of-month month day-of-week), this one has %d", len(parts))
	}
	var c cronSpec
	for i, p := range parts {
		set, err := parseCronField(p, cronFields[i])
		if err != nil {
			return nil, fmt.Errorf("%s field %q: %w", cronFields[i].name, p, err)
		}
		c.fields[i] = set
	}
	if c.fields[4]&(1<<7) != 0 { // 7 is Sunday too
		c.fields[4] |= 1
	}
	c.domStar = strings.HasPrefix(parts[2], "*")
	c.dowStar = strings.HasPrefix(parts[4], "*")
	return &c, nil
}

func parseCronField(s string, f cronField) (uint64, error) {
	var set uint64
	for _, item := range strings.Split(s, ",") {
		if item == "" {
			return 0, errors.New("empty list item")
		}
		rng, stepStr, hasStep := strings.Cut(item, "/")
		step := 1
		if hasStep {
			n, err := strconv.Atoi(stepStr)
			if err != nil || n < 1 || n > f.max {
				return 0, fmt.Errorf("bad step %q", stepStr)
			}
			step = n
		}
		lo, hi := f.min, f.max
		if rng != "*" {
			a, b, isRange := strings.Cut(rng, "-")
			var err error
			if lo, err = cronValue(a, f); err != nil {
				return 0, err
			}
			hi = lo
			if isRange {
				if hi, err = cronValue(b, f); err != nil {
					return 0, err
				}
				if hi < lo {
					return 0, fmt.Errorf("range %q runs backwards", rng)
				}
			} else if hasStep { // "5/15" means 5-max/15
				hi = f.max
			}
		}
		for v := lo; v <= hi; v += step {
			set |= 1 << v
		}
	}
	return set, nil
}

func cronValue(s string, f cronField) (int, error) {
	for i, n := range f.names {
		if strings.EqualFold(s, n) {
			return f.min + i, nil
		}
	}
	v, err := strconv.Atoi(s)
	if err != nil || v < f.min || v > f.max {
		return 0, fmt.Errorf("%q is not a value between %d and %d", s, f.min, f.max)
	}
	return v, nil
}

// matches reports whether the minute that holds t (in UTC) fires.
func (c *cronSpec) matches(t time.Time) bool {
	t = t.UTC()
	has := func(i, v int) bool { return c.fields[i]&(1<<v) != 0 }
	if !has(0, t.Minute()) || !has(1, t.Hour()) || !has(3, int(t.Month())) {
		return false
	}
	dom, dow := has(2, t.Day()), has(4, int(t.Weekday()))
	if !c.domStar && !c.dowStar {
		return dom || dow
	}
	return dom && dow
}

var weekdayNames = []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}

// describeCron words common expressions the way CDF's `when` does
// ("Every 5 minutes", "Every hour"); anything else comes back as given.
func describeCron(expr string) string {
	p := strings.Fields(expr)
	if len(p) != 5 {
		return expr
	}
	num := func(s string, max int) (int, bool) {
		n, err := strconv.Atoi(s)
		return n, err == nil && n >= 0 && n <= max
	}
	every := func(s string) (int, bool) { // "*/N"
		n, ok := strings.CutPrefix(s, "*/")
		if !ok {
			return 0, false
		}
		return num(n, 59)
	}
	plural := func(n int, unit string) string {
		if n == 1 {
			return "Every " + unit
		}
		return fmt.Sprintf("Every %d %ss", n, unit)
	}
	minute, hour, dom, month, dow := p[0], p[1], p[2], p[3], p[4]
	daily := dom == "*" && month == "*" && dow == "*"
	if daily && hour == "*" {
		if minute == "*" {
			return "Every minute"
		}
		if n, ok := every(minute); ok {
			return plural(n, "minute")
		}
		if m, ok := num(minute, 59); ok {
			if m == 0 {
				return "Every hour"
			}
			return fmt.Sprintf("At %d minutes past every hour", m)
		}
		return expr
	}
	m, ok := num(minute, 59)
	if !ok {
		return expr
	}
	if n, ok := every(hour); ok && daily {
		if m == 0 {
			return plural(n, "hour")
		}
		return fmt.Sprintf("At %d minutes past the hour, %s", m, strings.ToLower(plural(n, "hour")))
	}
	h, ok := num(hour, 23)
	if !ok {
		return expr
	}
	at := fmt.Sprintf("at %02d:%02d", h, m)
	switch {
	case daily:
		return "Every day " + at
	case dom == "*" && month == "*":
		if strings.EqualFold(dow, "1-5") || strings.EqualFold(dow, "MON-FRI") {
			return "Every weekday " + at
		}
		if d, err := cronValue(dow, cronFields[4]); err == nil {
			return "Every " + weekdayNames[d] + " " + at
		}
	case month == "*" && dow == "*":
		if d, ok := num(dom, 31); ok && d >= 1 {
			return fmt.Sprintf("On day %d of every month %s", d, at)
		}
	case dow == "*":
		d, ok := num(dom, 31)
		mo, err := cronValue(month, cronFields[3])
		if ok && d >= 1 && err == nil {
			return fmt.Sprintf("Every year on %s %d %s", time.Month(mo), d, at)
		}
	}
	return expr
}
