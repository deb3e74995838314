// Package proof checks the generated Functions client and server, and the
// emulator built on them, against software that was written by others:
//
//   - Stoplight Prism (@stoplight/prism-cli) mocking spec/functions.yaml, driven
//     by the generated client in strict mode (mock_test.go);
//   - Prism as a validating proxy in front of cmd/functions-emulator, so that
//     every request of a realistic run and every answer of the emulator is
//     checked against the spec by a validator that is not ours (proxy_test.go);
//   - the Cognite JavaScript SDK (@cognite/sdk) talking to the emulator through
//     its generic get/post and its Sessions API (sdk_check.mjs, sdk_test.go).
//
// The tools are installed from the npm registry at the versions pinned in
// tools/package-lock.json (make tools, which make test runs first). When they
// are absent, or node is, the tests skip and say so.
//
// The package has no code outside its tests.
package proof
