// Command functions-emulator serves the Cognite Functions API from memory,
// for tests and local development. It mounts the generated server at
// /api/v1/projects/{project} like CDF, plus the two endpoints SDK flows call
// first: POST .../sessions (nonces) and POST .../files/byids.
//
//	go run ./cmd/functions-emulator -addr 127.0.0.1:8080 [-tokens FILE] [-files FILE]
//
// Every request needs "Authorization: Bearer <token>". Without -tokens the
// dev tokens are dev-admin (everything), dev-write (no functionsAcl:RUN) and
// dev-read. The tokens file looks like
//
//	{"tokens": {"tok-admin": ["functionsAcl:READ", "functionsAcl:WRITE", "functionsAcl:RUN",
//	                         "sessionsAcl:CREATE", "filesAcl:READ"]}}
//
// The files file is a JSON list such as [{"id": 42, "name": "echo.zip"}]; a
// file whose name contains "broken" (or with metadata {"broken": "true"})
// fails every deployment. Without -files, every file id exists (-auto-files).
//
// Function behaviour comes from metadata {"behavior": "echo"|"fail"|"sleep"}
// or the first word of the function's name; the default is echo, whose call
// returns its input data. fail ends Failed; sleep runs into -call-timeout
// (or completes after data {"seconds": x} when that is shorter).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/specgen/specgen/internal/emulator"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stderr, nil); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "functions-emulator:", err)
		}
		os.Exit(2)
	}
}

// run serves until ctx ends, then shuts down gracefully. ready, when not
// nil, gets the address the server listens on.
func run(ctx context.Context, args []string, stderr io.Writer, ready func(addr string)) error {
	fs := flag.NewFlagSet("functions-emulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	def := emulator.DefaultConfig()
	var (
		addr        = fs.String("addr", "127.0.0.1:8080", "address to listen on")
		tokensFile  = fs.String("tokens", "", "JSON token table {\"tokens\": {\"<token>\": [capabilities]}} (default: dev tokens)")
		filesFile   = fs.String("files", "", "JSON list of files [{\"id\", \"externalId\", \"name\", \"metadata\"}]")
		autoFiles   = fs.Bool("auto-files", false, "every file id or external id asked for exists (default true without -files)")
		queueDelay  = fs.Duration("queue-delay", def.QueueDelay, "how long a new function stays Queued")
		deployDelay = fs.Duration("deploy-delay", def.DeployDelay, "how long a function stays Deploying before Ready or Failed")
		callDur     = fs.Duration("call-duration", def.CallDuration, "how long an echo or fail call stays Running")
		callTimeout = fs.Duration("call-timeout", def.CallTimeout, "when a running call ends with status Timeout")
		activation  = fs.Duration("activation-delay", def.ActivationDelay, "how long activation stays \"requested\"")
		nonceTTL    = fs.Duration("nonce-ttl", def.NonceTTL, "how long a session nonce can be bound (0: forever)")
		perFunc     = fs.Int("max-running-per-function", 100, "running calls per function before 429")
		perProject  = fs.Int("max-running-per-project", 250, "running calls per project before 429")
		schedules   = fs.Bool("schedules", true, "start the calls of schedules when their cron expression fires")
		logLevel    = fs.String("log-level", "info", "debug, info, warn or error")
		shutdown    = fs.Duration("shutdown-timeout", 10*time.Second, "how long to wait for requests in flight on SIGINT/SIGTERM")
	)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		return fmt.Errorf("-log-level: %w", err)
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))

	cfg := def
	cfg.QueueDelay, cfg.DeployDelay, cfg.CallDuration, cfg.CallTimeout = *queueDelay, *deployDelay, *callDur, *callTimeout
	cfg.ActivationDelay, cfg.NonceTTL = *activation, *nonceTTL
	cfg.MaxRunningPerFunction, cfg.MaxRunningPerProject = *perFunc, *perProject
	cfg.Logger = log
	cfg.AutoFiles = *autoFiles
	if *filesFile != "" {
		files, err := emulator.LoadFiles(*filesFile)
		if err != nil {
			return err
		}
		cfg.Files = files
	} else if !flagSet(fs, "auto-files") {
		cfg.AutoFiles = true
	}
	tokens := emulator.DevTokens()
	if *tokensFile != "" {
		t, err := emulator.LoadTokens(*tokensFile)
		if err != nil {
			return err
		}
		tokens = t
	} else {
		log.Warn("no -tokens file: accepting the dev tokens dev-admin, dev-write and dev-read")
	}
	emu, err := emulator.New(cfg)
	if err != nil {
		return err
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           emulator.NewHTTPHandler(emu, emulator.HTTPOptions{Tokens: tokens, Logger: log}),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if *schedules {
		go emu.RunScheduler(ctx)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	log.Info("functions emulator listening", "addr", ln.Addr().String(), "base", "http://"+ln.Addr().String()+"/api/v1/projects/{project}",
		"files", len(cfg.Files), "auto_files", cfg.AutoFiles, "tokens", len(tokens))
	if ready != nil {
		ready(ln.Addr().String())
	}

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, scancel := context.WithTimeout(context.Background(), *shutdown)
	defer scancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped")
	return nil
}

func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}
