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
    }
}
