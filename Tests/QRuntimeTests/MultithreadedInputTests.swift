import Foundation
import Synchronization
import XCTest
@testable import QIPC
@testable import QRuntime

/// kdb+'s multithreaded input mode (a negative port): a thread per client, read-only
/// queries in parallel, `'noupdate` on assignment, the main thread excluded while they run.
final class MultithreadedInputTests: XCTestCase {
    func server(threading: Bool = true) throws -> (QRuntime, Int) {
        let q = try QRuntime(configuration: QConfiguration(threading: threading))
        let port = try q.listen(port: 0, multithreaded: true)
        XCTAssertLessThan(port, 0, "a multithreaded port reads back negative")
        XCTAssertEqual(q.listeningPort, port)
        return (q, -port)
    }

    func testQueriesReadTheSessionAndCannotUpdateIt() throws {
        let (q, port) = try server()
        defer { q.shutdownThread() }
        try q("t:([]a:til 5); n:0; .z.po:{n+:1}; .z.pc:{n+:1}")
        let c = try QConnection(port: port)
        XCTAssertEqual(try Int(qValue: c("count t")), 5)
        XCTAssertEqual(try Int(qValue: c("exec sum a from t")), 10)
        XCTAssertEqual(try Int(qValue: c("\\p")), -port)
        for update in ["t:1", "a:1", "`t upsert enlist[`a]!enlist 9", "n+:1", "\\p 0"] {
            XCTAssertThrowsError(try c(update), update) { XCTAssertEqual(($0 as? QError)?.name, "noupdate", update) }
        }
        // A client thread may not open handles or send on them; one-shot requests are fine.
        XCTAssertThrowsError(try c("hopen \(port)")) { XCTAssertEqual(($0 as? QError)?.name, "nosocket") }
        XCTAssertThrowsError(try c("neg[.z.w] 1")) { XCTAssertEqual(($0 as? QError)?.name, "nosocket") }
        XCTAssertEqual(try Int(qValue: c("`::\(port) \"count t\"")), 5)
        // From q: a handle traps remote errors like a function (`@[h;x;handler]`).
        let q2 = try QRuntime(configuration: QConfiguration(threading: false))
        XCTAssertEqual(try String(qValue: q2("h:hopen \(port); @[h;\"a:1\";{x}]")), "noupdate")
        XCTAssertEqual(try String(qValue: q2(".[h;enlist \"1+`a\";{x}]")), "type")
        XCTAssertEqual(try Int(qValue: q2("@[h;\"count t\";{x}]")), 5)
        try q2("hclose h")
        // The main thread's updates are seen by the next query.
        try q("t:([]a:til 7)")
        XCTAssertEqual(try Int(qValue: c("count t")), 7)
        c.close()
        // .z.po and .z.pc are not called in this mode.
        usleep(50_000)
        XCTAssertEqual(try Int(qValue: q("n")), 0)
        XCTAssertEqual(try Int(qValue: q("count t")), 7)
    }

    func testClientsQueryInParallel() throws {
        let (q, port) = try server()
        defer { q.shutdownThread() }
        let napping = Atomic<Int>(0), most = Atomic<Int>(0)
        try q.register("nap", rank: 1) { args in
            let now = napping.add(1, ordering: .sequentiallyConsistent).newValue
            var seen = most.load(ordering: .relaxed)
            while now > seen {
                let (ok, current) = most.compareExchange(expected: seen, desired: now, ordering: .relaxed)
                if ok { break }
                seen = current
            }
            usleep(100_000)
            napping.subtract(1, ordering: .sequentiallyConsistent)
            return args[0]
        }
        let clients = try (0..<4).map { _ in try QConnection(port: port) }
        let results = Locked<[Int]>([])
        DispatchQueue.concurrentPerform(iterations: 4) { k in
            if let v = try? Int(qValue: clients[k]("nap \(k)")) { results.withLock { $0.append(v) } }
        }
        XCTAssertEqual(results.withLock { $0.sorted() }, [0, 1, 2, 3])
        // Four client threads were inside `nap` at once (a single-threaded server shows 1).
        XCTAssertGreaterThan(most.load(ordering: .relaxed), 1)
    }

    func testMainThreadWaitsForQueriesInProgress() throws {
        for threading in [true, false] {
            let (q, port) = try server(threading: threading)
            let started = Atomic<Bool>(false), finished = Atomic<Bool>(false)
            try q.register("slow", rank: 1) { args in
                started.store(true, ordering: .sequentiallyConsistent)
                usleep(150_000)
                finished.store(true, ordering: .sequentiallyConsistent)
                return args[0]
            }
            try q("x0:1")
            let c = try QConnection(port: port)
            let reply = Locked<QValue?>(nil)
            let client = Thread { reply.withLock { $0 = try? c("{a:x0; slow 0; (a;x0)}[]") } }
            client.start()
            while !started.load(ordering: .sequentiallyConsistent) { usleep(1000) }
            // The update runs only once the query has let go: it sees `finished`.
            let sawFinished = try q.withInterpreter { i in
                try i.evaluate("x0:2")
                return .bool(finished.load(ordering: .sequentiallyConsistent))
            }
            XCTAssertEqual(try Bool(qValue: sawFinished), true, "threading \(threading)")
            while reply.withLock({ $0 }) == nil { usleep(1000) }
            // The query saw one consistent state of the globals throughout.
            let r = reply.withLock { $0 }!
            XCTAssertEqual(try [Int](qValue: r), [1, 1], "threading \(threading)")
            XCTAssertEqual(try Int(qValue: c("x0")), 2)
            try q.stopListening()
            q.shutdownThread()
        }
    }

    func testSwiftCallbacksFromClientThreadsRunThereReadOnly() throws {
        for threading in [true, false] {
            let (q, port) = try server(threading: threading)
            try q("t:til 5")
            // A registered closure that calls back into the runtime: from a client query it
            // must neither deadlock (the main thread waits for the query) nor update.
            try q.register("peek", rank: 1) { _ in try q("count t") }
            try q.register("poke", rank: 1) { _ in try q("t:1") }
            let c = try QConnection(port: port)
            XCTAssertEqual(try Int(qValue: c("peek[]")), 5, "threading \(threading)")
            XCTAssertThrowsError(try c("poke[]")) { XCTAssertEqual(($0 as? QError)?.name, "noupdate") }
            // On the main thread the same closures run as usual.
            XCTAssertEqual(try Int(qValue: q("peek[]")), 5)
            try q("poke[]")
            XCTAssertEqual(try Int(qValue: c("t")), 1)
            try q.stopListening()
            q.shutdownThread()
        }
    }

    func testStoppingEndsEveryClientThread() throws {
        let (q, port) = try server()
        defer { q.shutdownThread() }
        let clients = try (0..<5).map { _ in try QConnection(port: port) }
        for c in clients { XCTAssertEqual(try Int(qValue: c("1+1")), 2) }
        XCTAssertEqual(mtThreads(), 6, "a poll thread and one per client")
        clients[0].close()
        XCTAssertTrue(waitFor { self.mtThreads() == 5 })
        try q.stopListening()
        XCTAssertEqual(q.listeningPort, 0)
        XCTAssertTrue(waitFor { self.mtThreads() == 0 }, "threads left: \(mtThreads())")
        XCTAssertThrowsError(try clients[1]("1+1"))
        // The port can be opened again, in either mode.
        let again = try q.listen(port: 0)
        XCTAssertGreaterThan(again, 0)
        XCTAssertEqual(try Int(qValue: QConnection(port: again)("a:3; a")), 3)
    }

    func testHTTPAndPasswordsInThisMode() throws {
        let (q, port) = try server()
        defer { q.shutdownThread() }
        try q(".z.pw:{[u;p] p~\"secret\"}; v:42")
        XCTAssertThrowsError(try QConnection(port: port, user: "me", password: "wrong"))
        let c = try QConnection(port: port, user: "me", password: "secret")
        XCTAssertEqual(try Int(qValue: c("v")), 42)
        XCTAssertEqual(try String(qValue: c("string .z.u")), "me")
        // GET /?expr evaluates on a client thread too.
        let fd = try rawConnect(port)
        defer { close(fd) }
        let request = Array("GET /?v%2B1 HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
        XCTAssertEqual(write(fd, request, request.count), request.count)
        var response = [UInt8]()
        var buf = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(fd, &buf, buf.count)
            if n <= 0 { break }
            response += buf[..<n]
        }
        let text = String(decoding: response, as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("HTTP/1.1 200"), text.debugDescription)
        XCTAssertTrue(text.hasSuffix("43\n"), text)
        // The HTTP client's thread is gone with its request; the IPC client's remains.
        XCTAssertTrue(waitFor { self.mtThreads() == 2 }, "threads: \(mtThreads())")
    }

    func testMalformedMessagesEndOnlyThatClient() throws {
        let (q, port) = try server()
        defer { q.shutdownThread() }
        let good = try QConnection(port: port)
        let fd = try rawConnect(port)
        defer { close(fd) }
        let hello = Array("me:\u{3}\0".utf8)
        XCTAssertEqual(write(fd, hello, hello.count), hello.count)
        var cap = [UInt8](repeating: 0, count: 1)
        XCTAssertEqual(read(fd, &cap, 1), 1)
        // A whole message whose body is no q value (type byte 0x99).
        let junk: [UInt8] = [1, 1, 0, 0, 12, 0, 0, 0, 0x99, 0xee, 0xee, 0xee]
        XCTAssertEqual(write(fd, junk, junk.count), junk.count)
        var buf = [UInt8](repeating: 0, count: 16)
        XCTAssertEqual(read(fd, &buf, buf.count), 0, "the server hangs up on a malformed message")
        XCTAssertEqual(try Int(qValue: good("1+2")), 3)
    }

    /// A plain TCP connection to the port on loopback.
    func rawConnect(_ port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = UInt16(port).bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else { close(fd); throw POSIXError(.ECONNREFUSED) }
        return fd
    }

    /// Threads of negative-port servers in this process (poll thread and client threads).
    func mtThreads() -> Int {
        let dir = "/proc/self/task"
        let tids = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return tids.compactMap { try? String(contentsOfFile: "\(dir)/\($0)/comm", encoding: .utf8) }
            .filter { $0.hasPrefix("q-mt-") }.count
    }

    func waitFor(_ condition: () -> Bool) -> Bool {
        let t0 = Date()
        while !condition() {
            if Date().timeIntervalSince(t0) > 2 { return false }
            usleep(2000)
        }
        return true
    }
}
