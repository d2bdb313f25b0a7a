import Foundation
import QRuntime

// PyKX's threaded-execution example, in Swift: many threads and tasks upsert rows
// into one global table of the embedded q session at once. With THREADING on, every
// call is queued onto the interpreter thread, so no row is lost; with it off, calls
// from any thread but the creating one fail with 'noupdate.
//
//   swift run ThreadedUpserts          (THREADING on, in code)
//   PYKX_THREADING=0 swift run ThreadedUpserts --from-environment
//
// The IPC half of PyKX's example (a q server pushing rows to 20 connections) is in
// Examples/ThreadedSubscribers.

let workers = 20
let rowsPerWorker = 1_000

let fromEnvironment = CommandLine.arguments.contains("--from-environment")
let q = try QRuntime(configuration: fromEnvironment ? nil : QConfiguration(threading: true))
defer { q.shutdownThread() }

try q("table:([] a:10?10; b:10?10)")
print("===== Initial Table =====")
try q("show table")

// Half the workers are OS threads…
let finished = DispatchGroup()
for w in 0..<workers / 2 {
    finished.enter()
    Thread {
        defer { finished.leave() }
        for i in 0..<rowsPerWorker {
            do { try q.upsert("table", [Int64(w), Int64(i)]) } catch { print("thread \(w): \(error)"); return }
        }
    }.start()
}

// …and half are Swift tasks.
try await withThrowingTaskGroup(of: Void.self) { group in
    for w in workers / 2..<workers {
        group.addTask {
            for i in 0..<rowsPerWorker { try await q.upsert("table", [Int64(w), Int64(i)]) }
        }
    }
    try await group.waitForAll()
}
finished.wait()

print("===== Final Table =====")
try q("show 20#table")
let rows = try Int(qValue: q("count table"))
print("rows: \(rows) (expected \(10 + workers * rowsPerWorker))")
