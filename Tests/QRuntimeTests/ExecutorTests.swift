import Foundation
import XCTest
@testable import QRuntime

/// An actor isolated to a runtime's interpreter thread.
actor Ledger {
    let q: QRuntime
    nonisolated let unownedExecutor: UnownedSerialExecutor
    private var calls = 0

    init(_ q: QRuntime) throws {
        self.q = q
        unownedExecutor = try q.serialExecutor()
    }

    /// Adds to a q global from actor code: the call runs inline on the interpreter thread.
    func add(_ n: Int) throws -> (total: Int, thread: String) {
        calls += 1
        let total = try Int(qValue: q("total+:\(n)"))
        return (total, currentThreadName())
    }

    func callCount() -> Int { calls }
}

func currentThreadName() -> String {
    ((try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? "")
        .trimmingCharacters(in: .whitespacesAndNewlines)
}

final class ExecutorTests: XCTestCase {
    func testActorRunsOnTheInterpreterThread() async throws {
        let q = try QRuntime(configuration: QConfiguration(threading: true, threadName: "q-actor"))
        defer { q.shutdownThread() }
        try await q.eval("total:0")
        let ledger = try Ledger(q)
        let first = try await ledger.add(5)
        XCTAssertEqual(first.total, 5)
        XCTAssertEqual(first.thread, "q-actor")
        // Actor jobs and q calls from tasks interleave on one queue; nothing is lost.
        try await withThrowingTaskGroup(of: Void.self) { g in
            for k in 1...200 {
                g.addTask { _ = try await ledger.add(k) }
                g.addTask { try await q.eval("total+:1") }
            }
            try await g.waitForAll()
        }
        let total = try await q.eval("total")
        XCTAssertEqual(try Int(qValue: total), 5 + 200 * 201 / 2 + 200)
        let calls = await ledger.callCount()
        XCTAssertEqual(calls, 201)
    }

    func testActorJobsStillRunAfterShutdown() async throws {
        let q = try QRuntime(configuration: QConfiguration(threading: true))
        try await q.eval("total:0")
        let ledger = try Ledger(q)
        _ = try await ledger.add(1)
        q.shutdownThread()
        do {
            _ = try await ledger.add(1)
            XCTFail("expected the shutdown error")
        } catch let e as QRuntimeError {
            XCTAssertEqual(e, .shutdown)
        }
        let calls = await ledger.callCount()
        XCTAssertEqual(calls, 2)
    }

    func testNoExecutorWithoutThreading() throws {
        let q = try QRuntime(configuration: QConfiguration(threading: false))
        XCTAssertThrowsError(try q.serialExecutor())
        XCTAssertThrowsError(try q.taskExecutor())
    }

    func testTasksPreferringTheTaskExecutorRunOnTheInterpreterThread() async throws {
        let q = try QRuntime(configuration: QConfiguration(threading: true, threadName: "q-tasks"))
        defer { q.shutdownThread() }
        try await q.eval("t:([]k:`long$();v:`long$())")
        let onQ = try q.taskExecutor()
        XCTAssertTrue(onQ === (try q.taskExecutor()), "one executor per runtime")
        let before = q.completedCalls
        // 1,000 tasks upserting from the interpreter thread, interleaved with 1,000 plain tasks.
        var preferring: [Task<String, Error>] = []
        var plain: [Task<Void, Error>] = []
        for k in 0..<1_000 {
            preferring.append(Task(executorPreference: onQ) {
                try await q.upsert("t", ["k": QValue.long(Int64(k)), "v": .long(1)])
                return currentThreadName()
            })
            plain.append(Task { try await q.upsert("t", ["k": QValue.long(Int64(k)), "v": .long(2)]) })
        }
        for t in preferring {
            let thread = try await t.value
            XCTAssertEqual(thread, "q-tasks")
        }
        for t in plain { try await t.value }
        let count = try await q.eval("count t"), sum = try await q.eval("exec sum v from t")
        XCTAssertEqual(try Int(qValue: count), 2_000)
        XCTAssertEqual(try Int(qValue: sum), 3_000)
        // The preferring tasks' calls ran inline: only their first jobs (and the plain
        // tasks' calls) went through the queue.
        XCTAssertLessThanOrEqual(q.completedCalls - before, 2_000 + 3)
    }

    func testTaskExecutorTasksFinishAfterShutdown() async throws {
        let q = try QRuntime(configuration: QConfiguration(threading: true))
        let onQ = try q.taskExecutor()
        try await q.eval("n:0")
        // Calls until the runtime shuts down under it; then it must still finish.
        let looping = Task(executorPreference: onQ) { () -> (calls: Int, thread: String) in
            var calls = 0
            while true {
                do { try await q.eval("n+:1"); calls += 1 } catch QRuntimeError.shutdown { break }
                await Task.yield()
            }
            return (calls, currentThreadName())
        }
        try await Task.sleep(nanoseconds: 5_000_000)
        q.shutdownThread()
        let (calls, thread) = try await looping.value
        XCTAssertGreaterThan(calls, 0)
        XCTAssertNotEqual(thread, "qruntime", "after shutdown the task runs off the interpreter thread")
    }
}
