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

    /// 64 threads (real ones, not a pool of two) each upsert 100 rows into one global
    /// table: every row arrives, and each thread's rows keep the order it sent them.
    func testSixtyFourThreadsUpsertIntoOneTable() throws {
        let q = try threaded()
        defer { q.shutdownThread() }
        try q("t:([]th:`long$();j:`long$())")
        let done = DispatchGroup()
        let failures = Locked(0)
        for k in 0..<64 {
            done.enter()
            Thread {
                for j in 0..<100 {
                    do { try q.upsert("t", QValue.list([.long(Int64(k)), .long(Int64(j))])) }
                    catch { failures.withLock { $0 += 1 } }
                }
                done.leave()
            }.start()
        }
        done.wait()
        XCTAssertEqual(failures.withLock { $0 }, 0)
        XCTAssertEqual(try Int(qValue: q("count t")), 6400)
        XCTAssertEqual(try Int(qValue: q("count distinct t")), 6400)
        for k in 0..<64 {
            XCTAssertEqual(try [Int64](qValue: q("exec j from t where th=\(k)")), (0..<100).map { Int64($0) })
        }
    }

    /// 10,000 tasks each upsert one row (a dictionary) into one global table.
    func testTenThousandTasksUpsertIntoOneTable() async throws {
        let q = try threaded()
        defer { q.shutdownThread() }
        try await q.eval("t:([]task:`long$();v:`float$())")
        try await withThrowingTaskGroup(of: Void.self) { g in
            for k in 0..<10_000 {
                g.addTask { try await q.upsert("t", ["task": QValue.long(Int64(k)), "v": .float(Double(k) / 2)]) }
            }
            try await g.waitForAll()
        }
        let count = try await q.eval("count t"), tasks = try await q.eval("asc exec task from t")
        let total = try await q.eval("sum t`v")
        XCTAssertEqual(try Int(qValue: count), 10_000)
        XCTAssertEqual(try [Int64](qValue: tasks), (0..<10_000).map { Int64($0) })
        XCTAssertEqual(try Double(qValue: total), Double(9_999 * 10_000 / 2) / 2)
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

    /// With THREADING off, upserts from 64 foreign threads fail with 'noupdate and the
    /// table is unchanged; the owner thread's upsert still works.
    func testUnthreadedForeignUpsertsGetNoupdate() throws {
        let q = try QRuntime(configuration: QConfiguration(threading: false))
        try q("t:([]a:1 2 3)")
        let errors = Locked<[String]>([])
        let done = DispatchGroup()
        for k in 0..<64 {
            done.enter()
            Thread {
                do { try q.upsert("t", QValue.list([.long(Int64(k))])); errors.withLock { $0.append("none") } }
                catch let e as QError { errors.withLock { $0.append(e.name) } }
                catch { errors.withLock { $0.append("\(error)") } }
                done.leave()
            }.start()
        }
        done.wait()
        XCTAssertEqual(errors.withLock { $0 }, Array(repeating: "noupdate", count: 64))
        XCTAssertEqual(try [Int64](qValue: q("t`a")), [1, 2, 3])
        try q.upsert("t", QValue.list([.long(4)]))
        XCTAssertEqual(try [Int64](qValue: q("t`a")), [1, 2, 3, 4])
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

    /// Names of this process's threads, from /proc.
    func threadNames() -> [String] {
        let dir = "/proc/self/task"
        let tids = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return tids.compactMap { try? String(contentsOfFile: "\(dir)/\($0)/comm", encoding: .utf8) }
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// Shutdown and dropping the last reference both end the interpreter thread.
    func testNoThreadLeftRunning() throws {
        let named = { (name: String) in self.threadNames().filter { $0 == name }.count }
        do {
            let q = try QRuntime(configuration: QConfiguration(threading: true, threadName: "q-shutdown"))
            XCTAssertEqual(try Int(qValue: q("1+1")), 2)
            XCTAssertEqual(named("q-shutdown"), 1)
            q.shutdownThread()
            XCTAssertEqual(named("q-shutdown"), 0)
        }
        do {
            var q: QRuntime? = try QRuntime(configuration: QConfiguration(threading: true, threadName: "q-dropped"))
            XCTAssertEqual(try Int(qValue: q!("2+2")), 4)
            XCTAssertEqual(named("q-dropped"), 1)
            q = nil
            XCTAssertEqual(named("q-dropped"), 0)
        }
    }

    /// THREADING off: a registered closure calling back into the runtime from the owner's
    /// call runs inline (no self-deadlock on the owner's lock).
    func testReentrantCallbackWithoutThreading() throws {
        let q = try QRuntime(configuration: QConfiguration(threading: false))
        try q("n:0")
        try q.register("bump", rank: 1) { args in try q("n+:\(try Int(qValue: args[0])); n") }
        XCTAssertEqual(try Int(qValue: q("bump 5")), 5)
        XCTAssertEqual(try [Int](qValue: q("{bump x} each 1 2")), [6, 8])
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
