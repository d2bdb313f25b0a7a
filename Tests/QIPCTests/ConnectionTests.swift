import Foundation
import Synchronization
import XCTest
@testable import QCore
@testable import QIPC
#if canImport(Glibc)
import Glibc
#endif

/// A server for tests: a thread polls a `QListener`; sync messages are echoed back
/// (the symbol `` `fail `` gets an error reply, `` `push `` makes it push three async
/// messages first), async messages are echoed back as async messages.
final class EchoServer: @unchecked Sendable {
    // @unchecked Sendable: `listener` is Sendable; the thread owns everything else.
    let listener: QListener
    let logins = LoginLog()
    let done = DispatchSemaphore(value: 0)

    init(_ config: QListenerConfiguration = QListenerConfiguration(port: 0), refuse: String? = nil) throws {
        listener = try QListener(config)
        let l = listener
        let logins = self.logins
        let done = self.done
        Thread.detachNewThread {
            while !l.isClosed {
                let (events, _) = l.poll(timeout: 200)
                for e in events {
                    switch e {
                    case .login(let info, _):
                        logins.names.withLock { $0.append(info.user) }
                        if info.user == refuse { l.reject(info.id) } else { l.accept(info.id) }
                    case .message(let id, .sync, let v):
                        if case .atom(.symbol, .s("fail")) = v {
                            l.replyError(id, "failed")
                        } else if case .atom(.symbol, .s("push")) = v {
                            for k in 0..<3 { _ = try? l.send(id, .long(Int64(k))) }
                            l.reply(id, .symbol("pushed"))
                        } else {
                            l.reply(id, v)
                        }
                    case .message(let id, _, let v):
                        _ = try? l.send(id, v)
                    case .http(let info, let req):
                        l.respondHTTP(info.id, Array("HTTP/1.1 200 OK\r\nContent-Length: \(req.target.utf8.count)\r\n\r\n\(req.target)".utf8))
                    case .websocket(let id, let v):
                        _ = try? l.send(id, v)
                    default:
                        break
                    }
                }
            }
            done.signal()
        }
    }

    var port: Int { listener.port }

    func stop() {
        listener.close()
        done.wait()
    }
}

final class LoginLog: Sendable {
    let names = Mutex<[String]>([])
}

final class ConnectionTests: XCTestCase {
    func testHandshakeAndEchoOfEveryType() throws {
        let s = try EchoServer()
        defer { s.stop() }
        let c = try QConnection(port: s.port, user: "alice", password: "pw")
        XCTAssertEqual(c.capability, 3)
        var g = ValueGenerator(seed: 7)
        for t in QType.allCases where t != .mixed {
            for v in [QValue.atom(t, g.scalar(t)), g.vector(t, 5), g.vector(t, 0)] {
                let back = try c.sync(v)
                XCTAssertTrue(wireMatch(v, back), "\(t): \(v) came back as \(back)")
            }
        }
        for _ in 0..<200 {
            let v = g.value(depth: 0)
            XCTAssertTrue(wireMatch(v, try c.sync(v)))
        }
        XCTAssertEqual(s.logins.names.withLock { $0 }, ["alice"])
    }

    func testStringQueryAndLargeMessage() throws {
        let s = try EchoServer()
        defer { s.stop() }
        let c = try QConnection(port: s.port)
        XCTAssertTrue(wireMatch(try c("til 3"), .string("til 3")))
        let big = QValue.longs(Array(0..<2_000_000))
        XCTAssertTrue(wireMatch(try c.sync(big), big))
    }

    /// A value that cannot be serialized fails before anything is written; the connection
    /// stays usable, for small messages (built on the stack) and large ones alike.
    func testUnserializableValuesFailWithoutWriting() throws {
        let s = try EchoServer()
        defer { s.stop() }
        let c = try QConnection(port: s.port)
        let native = QValue.function(.native(QNativeFunction(name: "f", rank: 1) { $0[0] }))
        XCTAssertThrowsError(try c.sync(.list([.long(1), native]))) { XCTAssertEqual($0 as? QError, QError.type) }
        XCTAssertThrowsError(try c.sync(.list([.longs(Array(0..<1000)), native]))) { XCTAssertEqual($0 as? QError, QError.type) }
        XCTAssertTrue(wireMatch(try c.sync(.long(5)), .long(5)))
    }

    func testServerErrorsArriveAsQError() throws {
        let s = try EchoServer()
        defer { s.stop() }
        let c = try QConnection(port: s.port)
        XCTAssertThrowsError(try c.sync(.symbol("fail"))) { XCTAssertEqual($0 as? QError, QError("failed")) }
        // The connection is still good afterwards.
        XCTAssertTrue(wireMatch(try c.sync(.long(5)), .long(5)))
    }

    func testRefusedCredentialsAndRefusedConnection() throws {
        let s = try EchoServer(refuse: "mallory")
        XCTAssertThrowsError(try QConnection(port: s.port, user: "mallory")) {
            XCTAssertEqual(($0 as? QConnectionError)?.kind, .access)
        }
        let port = s.port
        s.stop()
        XCTAssertThrowsError(try QConnection(port: port)) {
            XCTAssertEqual(($0 as? QConnectionError)?.kind, .connect)
            XCTAssertTrue(($0 as? QConnectionError)?.message.hasPrefix("hop. OS reports:") ?? false)
        }
    }

    func testTimeoutCoversTheHandshake() throws {
        // A socket that accepts but never answers.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        listen(fd, 4)
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        let start = Date()
        XCTAssertThrowsError(try QConnection(port: Int(UInt16(bigEndian: addr.sin_port)), timeout: 0.2)) {
            XCTAssertEqual(($0 as? QConnectionError)?.kind, .connect)
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 2)
    }

    func testPasswordFile() throws {
        var config = QListenerConfiguration(port: 0)
        config.passwords = QPasswordFile(text: "plain:secret\nhashed:\(QDigest.hex(QDigest.md5(Array("pw2".utf8))))\n")
        let s = try EchoServer(config)
        defer { s.stop() }
        XCTAssertNoThrow(try QConnection(port: s.port, user: "plain", password: "secret"))
        XCTAssertNoThrow(try QConnection(port: s.port, user: "hashed", password: "pw2"))
        XCTAssertThrowsError(try QConnection(port: s.port, user: "plain", password: "wrong"))
        XCTAssertThrowsError(try QConnection(port: s.port, user: "nobody", password: ""))
    }

    func testUnixSocket() throws {
        let s = try EchoServer()
        defer { s.stop() }
        let c = try QConnection(unixPort: s.port)
        XCTAssertTrue(wireMatch(try c.sync(.symbol("x")), .symbol("x")))
    }

    func testAsyncQueriesFromManyTasks() async throws {
        let s = try EchoServer()
        defer { s.stop() }
        let shared = try QConnection(port: s.port)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for k in 0..<16 {
                group.addTask {
                    // Half the tasks share one connection, half have their own.
                    let c = k % 2 == 0 ? shared : try QConnection(port: s.port)
                    for j in 0..<50 {
                        let v = QValue.longs([Int64(k), Int64(j)])
                        let back = try await c.query(value: v)
                        XCTAssertTrue(wireMatch(back, v), "\(back)")
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    func testSyncCallsFromManyThreadsShareOneConnection() throws {
        let s = try EchoServer()
        defer { s.stop() }
        let c = try QConnection(port: s.port)
        let failures = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 8) { k in
            for j in 0..<200 {
                let v = QValue.long(Int64(k * 1000 + j))
                if let back = try? c.sync(v), wireMatch(back, v) { continue }
                failures.add(1, ordering: .relaxed)
            }
        }
        XCTAssertEqual(failures.load(ordering: .relaxed), 0)
    }

    func testPushedMessagesAndAsyncSend() async throws {
        let s = try EchoServer()
        defer { s.stop() }
        let c = try QConnection(port: s.port)
        let pushed = c.messages
        let answer = try await c.query(value: .symbol("push"))
        XCTAssertTrue(wireMatch(answer, .symbol("pushed")))
        try c.send(.symbol("echo"))
        var got: [QValue] = []
        for try await m in pushed {
            got.append(m)
            if got.count == 4 { break }
        }
        XCTAssertTrue(wireMatch(.list(got), .list([.long(0), .long(1), .long(2), .symbol("echo")])))
    }

    func testBlockingReceive() throws {
        let s = try EchoServer()
        defer { s.stop() }
        let c = try QConnection(port: s.port)
        try c.send(.long(9))
        XCTAssertTrue(wireMatch(try c.receive(), .long(9)))
        XCTAssertTrue(wireMatch(try c.sync(.symbol("push")), .symbol("pushed")))
        for k in 0..<3 { XCTAssertTrue(wireMatch(try c.receive(), .long(Int64(k)))) }
    }

    func testCloseFailsLaterCalls() throws {
        let s = try EchoServer()
        defer { s.stop() }
        let c = try QConnection(port: s.port)
        c.close()
        XCTAssertTrue(c.isClosed)
        XCTAssertThrowsError(try c.sync(.long(1))) { XCTAssertEqual(($0 as? QConnectionError)?.kind, .closed) }
    }

    func testServerGoingAwayFailsWaiters() async throws {
        let s = try EchoServer()
        let c = try QConnection(port: s.port)
        let stream = c.messages
        s.stop()
        var count = 0
        for try await _ in stream { count += 1 }
        XCTAssertEqual(count, 0)
        XCTAssertThrowsError(try c.sync(.long(1)))
    }
}
