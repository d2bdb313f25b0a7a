import Foundation

// qbench: benchmarks, each printing ratios against a baseline measured in the same run.
// Build with `swift build -c release --product qbench`.
//
//   qbench            vector primitives, interpreted loops, and the bridge
//   qbench --vectors  vector primitives and interpreted loops only
//   qbench --bridge   the QRuntime bridge only
//   qbench --ipc      the wire codec and IPC round trips only
//   qbench --mt       multithreaded input mode (negative port) vs a positive port only
//
// QBENCH_PROFILE=tasks|dispatch|threads|threads1|pykx8 qbench --bridge repeats one bridge
// case five times (for perf record).

let args = Set(CommandLine.arguments.dropFirst())
if args.contains("--mt") {
    try runMultithreadedInputBenchmark()
} else if args.contains("--ipc") {
    try runIPCBenchmark()
} else {
    if !args.contains("--bridge") { runVectorBenchmark() }
    if !args.contains("--vectors") { try await runBridgeBenchmark() }
}
