// Package load is a small, bounded HTTP load generator for loopback servers: a
// fixed number of workers send the same request back to back for a warm-up
// period, whose results are dropped, and then for a fixed measured period, with
// a cap on the number of requests as a second bound.
package load

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"sync"
	"time"
)

// Options of one run.
type Options struct {
	URL         string
	Body        []byte
	Header      http.Header
	WantStatus  int
	Concurrency int
	Warmup      time.Duration
	Duration    time.Duration
	MaxRequests int // stop early after this many measured requests
}

// Result of the measured period.
type Result struct {
	Requests   int
	Errors     int
	FirstError string
	Elapsed    time.Duration
	RPS        float64
	P50, P99   time.Duration
	Max        time.Duration
}

// Run drives the server and reports the measured period.
func Run(o Options) Result {
	tr := &http.Transport{
		Proxy:               nil,
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		MaxIdleConns:        o.Concurrency,
		MaxIdleConnsPerHost: o.Concurrency,
		MaxConnsPerHost:     o.Concurrency,
		DisableCompression:  true,
		IdleConnTimeout:     30 * time.Second,
	}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	if o.Warmup > 0 {
		phase(client, o, o.Warmup, 0)
	}
	return phase(client, o, o.Duration, o.MaxRequests)
}

func phase(client *http.Client, o Options, d time.Duration, maxReq int) Result {
	type worker struct {
		lat      []time.Duration
		errs     int
		firstErr string
	}
	workers := make([]worker, o.Concurrency)
	var (
		mu    sync.Mutex
		count int
	)
	take := func() bool {
		if maxReq <= 0 {
			return true
		}
		mu.Lock()
		defer mu.Unlock()
		if count >= maxReq {
			return false
		}
		count++
		return true
	}
	start := time.Now()
	deadline := start.Add(d)
	var wg sync.WaitGroup
	for i := range workers {
		w := &workers[i]
		w.lat = make([]time.Duration, 0, 1<<14)
		wg.Go(func() {
			for time.Now().Before(deadline) && take() {
				t0 := time.Now()
				err := do(client, o)
				w.lat = append(w.lat, time.Since(t0))
				if err != nil {
					w.errs++
					if w.firstErr == "" {
						w.firstErr = err.Error()
					}
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	var r Result
	var all []time.Duration
	for _, w := range workers {
		all = append(all, w.lat...)
		r.Errors += w.errs
		if r.FirstError == "" {
			r.FirstError = w.firstErr
		}
	}
	r.Requests = len(all)
	r.Elapsed = elapsed
	if len(all) == 0 {
		return r
	}
	slices.Sort(all)
	r.RPS = float64(len(all)) / elapsed.Seconds()
	r.P50 = all[len(all)*50/100]
	r.P99 = all[min(len(all)-1, len(all)*99/100)]
	r.Max = all[len(all)-1]
	return r
}

func do(client *http.Client, o Options) error {
	req, err := http.NewRequest(http.MethodPost, o.URL, bytes.NewReader(o.Body))
	if err != nil {
		return err
	}
	for k, v := range o.Header {
		req.Header[k] = v
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return err
	}
	if resp.StatusCode != o.WantStatus {
		return fmt.Errorf("status %d: %.200s", resp.StatusCode, b)
	}
	return nil
}
