import Foundation
import Synchronization
import XCTest
@testable import QRuntime

final class BridgeTests: XCTestCase {
    func threaded() throws -> QRuntime { try QRuntime(configuration: QConfiguration(threading: true)) }

    func testThreadedEvaluates() throws {
        let q = try threaded()
        defer { q.shutdownThread() }
        XCTAssertTrue(q.isThreaded)
        XCTAssertEqual(try Int(qValue: q("1+2")), 3)
        try q("f:{x*y}")
        XCTAssertEqual(try Int(qValue: q.evaluate("f", 6, 7)), 42)
    }

    func testAsyncEvalAndCall() async throws {
        let q = try threaded()
        defer { q.shutdownThread() }
        try await q.eval("g:{x+y}")
        let r = try await q.call("g", 40, 2)
        XCTAssertEqual(try Int(qValue: r), 42)
    }

    func testErrorsComeBackAsQErrors() throws {
        let q = try threaded()
        defer { q.shutdownThread() }
        XCTAssertThrowsError(try q("1+`a")) { XCTAssertEqual($0 as? QError, QError.type) }
    }

    /// 64 threads each append 100 items to one global: every item arrives, in order per thread.
    func testManyThreadsUpdateOneGlobal() throws {
        let q = try threaded()
        defer { q.shutdownThread() }
        try q("items:()")
        DispatchQueue.concurrentPerform(iterations: 64) { k in
            for j in 0..<100 { _ = try? q("items,:\(k * 1000 + j)") }
        }
        let items = try [Int64](qValue: q("items"))
        XCTAssertEqual(items.count, 6400)
        XCTAssertEqual(Set(items).count, 6400)
        // Each thread's items arrive in the order it sent them.
        for k in 0..<64 {
            let mine = items.filter { $0 / 1000 == k }
            XCTAssertEqual(mine, (0..<100).map { Int64(k * 1000 + $0) })
        }
    }

    func testTenThousandTasksUpdateOneGlobal() async throws {
        let q = try threaded()
        defer { q.shutdownThread() }
        try await q.eval("n:0")
        try await withThrowingTaskGroup(of: Void.self) { g in
            for _ in 0..<10_000 { g.addTask { try await q.eval("n+:1") } }
            try await g.waitForAll()
        }
        let n = try await q.eval("n")
        XCTAssertEqual(try Int(qValue: n), 10_000)
    }

    func testUnthreadedForeignThreadsGetNoupdate() throws {
        let q = try QRuntime(configuration: QConfiguration(threading: false))
        XCTAssertFalse(q.isThreaded)
        try q("a:41")
        let result = Locked<[String]>([])
        let threads = (0..<8).map { _ in
            Thread {
                let read = (try? Int(qValue: q("a+1"))) == 42
                var err = ""
                do { try q("a:0") } catch let e as QError { err = e.name } catch {}
                result.withLock { $0.append("\(read) \(err)") }
            }
        }
        threads.forEach { $0.start() }
        while result.withLock({ $0.count }) < 8 { usleep(1000) }
        XCTAssertEqual(result.withLock { $0 }, Array(repeating: "true noupdate", count: 8))
        XCTAssertEqual(try Int(qValue: q("a")), 41)
    }

    func testReentrantCallback() throws {
        let q = try threaded()
        defer { q.shutdownThread() }
        try q("base:100")
        // The closure runs on the interpreter thread and calls back into the runtime.
        try q.register("fromSwift") { args in
            let base = try q("base")
            return try q("\(try Int(qValue: base)) + \(try Int(qValue: args[0]))")
        }
        XCTAssertEqual(try Int(qValue: q("fromSwift 5")), 105)
        XCTAssertEqual(try [Int64](qValue: q("fromSwift each 1 2 3")), [101, 102, 103])
    }

    func testShutdownFailsQueuedAndNewCalls() throws {
        let q = try threaded()
        try q.register("slow") { args in usleep(200_000); return args[0] }
        let started = DispatchSemaphore(value: 0)
        let outcomes = Locked<[String]>([])
        for k in 0..<20 {
            Thread {
                if k == 0 { started.signal() }
                do { _ = try q("slow \(k)"); outcomes.withLock { $0.append("ok") } }
                catch let e as QRuntimeError { outcomes.withLock { $0.append(e == .shutdown ? "shutdown" : "other") } }
                catch { outcomes.withLock { $0.append("other") } }
            }.start()
        }
        started.wait()
        usleep(50_000)
        let t0 = Date()
        q.shutdownThread()
        q.shutdownThread()
        while outcomes.withLock({ $0.count }) < 20 && Date().timeIntervalSince(t0) < 2 { usleep(1000) }
        XCTAssertEqual(outcomes.withLock { $0.count }, 20, "every caller returned")
        XCTAssertLessThan(Date().timeIntervalSince(t0), 1.0)
        XCTAssertTrue(outcomes.withLock { $0.contains("shutdown") })
        XCTAssertThrowsError(try q("1")) { XCTAssertEqual($0 as? QRuntimeError, .shutdown) }
    }

    func testCancelledWhileQueuedNeverRuns() async throws {
        let q = try threaded()
        defer { q.shutdownThread() }
        try await q.eval("ran:0")
        try q.register("slow") { args in usleep(300_000); return args[0] }
        let blocker = Task { try await q.eval("slow 1") }
        try await Task.sleep(nanoseconds: 50_000_000)
        let victim = Task { try await q.eval("ran+:1") }
        try await Task.sleep(nanoseconds: 20_000_000)
        victim.cancel()
        do {
            _ = try await victim.value
            XCTFail("expected CancellationError")
        } catch is CancellationError {}
        _ = try await blocker.value
        let ran = try await q.eval("ran")
        XCTAssertEqual(try Int(qValue: ran), 0)
    }
}

/// A lock-protected value that escaping closures can share. It uses `NSLock` (a pthread
/// mutex) rather than `Synchronization.Mutex`, because the thread sanitizer intercepts
/// pthread locks but cannot see the uninstrumented atomics inside the standard library's
/// `Mutex`, and reports its protected accesses as races.
final class Locked<Value>: @unchecked Sendable {
    // @unchecked Sendable: `value` is only read or written while holding `lock`.
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    /// Runs `body` with exclusive access to the value.
    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
