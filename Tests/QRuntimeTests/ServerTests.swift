import Foundation
import Synchronization
import XCTest
@testable import QIPC
@testable import QRuntime

/// `QRuntime.listen` serving `QConnection` clients: evaluation on the interpreter thread,
/// the `.z` callbacks, pushes with `neg .z.w`, and concurrency.
final class ServerTests: XCTestCase {
    func server() throws -> (QRuntime, Int) {
        let q = try QRuntime(configuration: QConfiguration(threading: true))
        let port = try q.listen(port: 0)
        return (q, port)
    }

    func match(_ a: QValue, _ b: QValue, _ q: QRuntime) throws -> Bool {
        try q.set("cmpA", a)
        try q.set("cmpB", b)
        return try Bool(qValue: q("cmpA~cmpB"))
    }

    func testQueriesEvaluateOnTheServer() throws {
        let (q, port) = try server()
        defer { q.shutdownThread() }
        XCTAssertGreaterThan(port, 0)
        XCTAssertEqual(q.listeningPort, port)
        let c = try QConnection(port: port)
        XCTAssertEqual(try Int(qValue: c("2+2")), 4)
        try c.send("a:10")
        XCTAssertEqual(try Int(qValue: c("a")), 10)
        XCTAssertEqual(try Int(qValue: c.sync("{x*y}", .long(6), .long(7))), 42)
        XCTAssertEqual(try Int(qValue: c.sync(.list([.string("+"), .long(2), .long(3)]))), 5)
        XCTAssertEqual(try Int(qValue: q("a")), 10)
    }

    func testValuesOfEveryTypeBothWays() throws {
        let (q, port) = try server()
        defer { q.shutdownThread() }
        let c = try QConnection(port: port)
        let exprs = ["0b", "0x2a", "42h", "42i", "42", "1.5e", "1.5", "\"c\"", "`sym", "2024.01.02D03:04:05.123456789",
                     "2024.01m", "2024.01.02", "2024.01.02T03:04:05.678", "0D01:02:03.000000004", "01:02", "01:02:03",
                     "01:02:03.456", "\"G\"$\"8c680a01-5a49-5aab-5a65-d4bfddb6a661\"", "0N", "0Nf", "0w", "-0W", "`",
                     "101b", "til 5", "1.5 2.5", "`a`b", "\"string\"", "(1;`a;\"x\")", "`a`b!1 2",
                     "([]a:1 2;b:`x`y;c:(\"s\";\"t\"))", "([k:`a`b]v:1 2)", "{x+y}", "+", "(+/)", "{x+y}[1]", "::",
                     "(`p#1 1 2)", "`s#1 2 3", "`u#`a`b"]
        for e in exprs {
            let local = try q(e)
            let remote = try c(e)
            // A plain client cannot resolve primitives it decodes; the server can.
            if ["+", "(+/)"].contains(e) {
                XCTAssertTrue(try Bool(qValue: c.sync(.list([.string("{x~(" + e + ")}"), remote]))), e)
                continue
            }
            XCTAssertTrue(try match(local, remote, q), "\(e): server value and client's copy differ")
            // And back: the client sends the value, the server compares with its own.
            let echoed = try c.sync(.list([.string("{x}"), remote]))
            XCTAssertTrue(try match(local, echoed, q), "\(e): round trip through the server differs")
            try q.set("sent", remote)
            XCTAssertTrue(try Bool(qValue: q("sent~" + e)), "\(e)")
        }
    }

    func testErrorsComeBackAsQError() throws {
        let (q, port) = try server()
        defer { q.shutdownThread() }
        let c = try QConnection(port: port)
        XCTAssertThrowsError(try c("1+`a")) { XCTAssertEqual($0 as? QError, QError.type) }
        XCTAssertThrowsError(try c("'`custom")) { XCTAssertEqual($0 as? QError, QError("custom")) }
        XCTAssertThrowsError(try c("undefinedName")) { XCTAssertEqual($0 as? QError, QError("undefinedName")) }
        XCTAssertEqual(try Int(qValue: c("1")), 1)
    }

    func testCallbacksAndHandles() throws {
        let (q, port) = try server()
        defer { q.shutdownThread() }
        try q("opened:(); closed:(); .z.po:{opened,:x}; .z.pc:{closed,:x}")
        try q(".z.pg:{(`pg;.z.w;x;value x)}")
        let c = try QConnection(port: port, user: "bob")
        let r = try c("1+1")
        guard case .list(let items) = r, items.count == 4, case .atom(_, .i(let h)) = items[1] else {
            return XCTFail("\(r)")
        }
        XCTAssertGreaterThanOrEqual(h, 3)
        XCTAssertEqual(try Int(qValue: items[3]), 2)
        try q("\\x .z.pg")
        XCTAssertEqual(try String(qValue: c(".z.u")), "bob")
        XCTAssertEqual(try Int(qValue: c(".z.a")), 2130706433)
        XCTAssertEqual(try Int(qValue: q(".z.w")), 0)
        XCTAssertEqual(try [Int64](qValue: q("`long$opened")), [Int64(h)])
        XCTAssertEqual(try [Int64](qValue: q("`long$key .z.W")), [Int64(h)])
        c.close()
        // .z.pc runs once the server notices the close.
        for _ in 0..<200 where (try? [Int64](qValue: q("`long$closed"))) != [Int64(h)] { usleep(5000) }
        XCTAssertEqual(try [Int64](qValue: q("`long$closed")), [Int64(h)])
    }

    func testPasswordCallback() throws {
        let (q, port) = try server()
        defer { q.shutdownThread() }
        try q(".z.pw:{[u;p] p~\"open sesame\"}")
        XCTAssertThrowsError(try QConnection(port: port, user: "u", password: "wrong"))
        let c = try QConnection(port: port, user: "u", password: "open sesame")
        XCTAssertEqual(try Int(qValue: c("3")), 3)
    }

    func testPushWithNegZW() async throws {
        let (q, port) = try server()
        defer { q.shutdownThread() }
        let c = try QConnection(port: port)
        let stream = c.messages
        try await c.query("sub:neg .z.w")
        try q("sub each til 5")
        var got: [Int] = []
        for try await m in stream {
            got.append(try Int(qValue: m))
            if got.count == 5 { break }
        }
        XCTAssertEqual(got, [0, 1, 2, 3, 4])
        // Deferred sync: the server answers an async request by pushing.
        try q("proc:{neg[.z.w] x*2}")
        try c.send("proc", .long(21))
        var it = stream.makeAsyncIterator()
        let answer = try await it.next()
        XCTAssertEqual(try Int(qValue: answer!), 42)
    }

    func testConcurrentClientsFromTasks() async throws {
        let (q, port) = try server()
        defer { q.shutdownThread() }
        try q("hits:0")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for k in 0..<8 {
                group.addTask {
                    let c = try QConnection(port: port)
                    for j in 0..<100 {
                        let r = try await c.query("{hits+:1; x+y}", .long(Int64(k)), .long(Int64(j)))
                        XCTAssertEqual(try Int(qValue: r), k + j)
                    }
                }
            }
            try await group.waitForAll()
        }
        XCTAssertEqual(try Int(qValue: q("hits")), 800)
    }

    func testQPPortCommandMovesTheServer() throws {
        let (q, port) = try server()
        defer { q.shutdownThread() }
        try q("\\p 0W")
        let newPort = try Int(qValue: q("\\p"))
        XCTAssertNotEqual(newPort, port)
        let c = try QConnection(port: newPort)
        XCTAssertEqual(try Int(qValue: c("7")), 7)
        try q.stopListening()
        XCTAssertEqual(q.listeningPort, 0)
        XCTAssertThrowsError(try QConnection(port: newPort))
    }

    func testThreadingOffServesOnTheOwnerThread() throws {
        let q = try QRuntime(configuration: QConfiguration(threading: false))
        let port = try q.listen(port: 0)
        try q("x:5")
        let result = Locked<Int?>(nil)
        let client = Thread {
            if let c = try? QConnection(port: port), let v = try? c("x:x*2") {
                result.withLock { $0 = try? Int(qValue: v) }
            }
        }
        client.start()
        let deadline = Date().addingTimeInterval(5)
        while result.withLock({ $0 }) == nil && Date() < deadline { try q.serve(timeout: 0.05) }
        XCTAssertEqual(result.withLock { $0 }, 10)
        XCTAssertEqual(try Int(qValue: q("x")), 10)
        try q.stopListening()
    }

    func testUnixSocketClient() throws {
        let (q, port) = try server()
        defer { q.shutdownThread() }
        let c = try QConnection(unixPort: port)
        XCTAssertEqual(try Int(qValue: c(".z.a")), 0)
    }

    /// A second session talking to the server with q's own handles.
    func testQToQHandles() throws {
        let (server, port) = try server()
        defer { server.shutdownThread() }
        try server("add:{x+y}; proc:{neg[.z.w] x*10}")
        let q = try QRuntime(configuration: QConfiguration(threading: true))
        defer { q.shutdownThread() }
        try q("h:hopen `::\(port)")
        XCTAssertGreaterThanOrEqual(try Int(qValue: q("h")), 3)
        XCTAssertEqual(try Int(qValue: q("h\"2+2\"")), 4)
        XCTAssertEqual(try Int(qValue: q("h(+;2;3)")), 5)
        XCTAssertEqual(try Int(qValue: q("h(`add;2;3)")), 5)
        XCTAssertEqual(try Int(qValue: q("add:{x+2*y}; h(add;2;3)")), 8)
        XCTAssertEqual(try Int(qValue: q("h({x+y};2;3)")), 5)
        try q("neg[h]\"a:10\"")
        XCTAssertEqual(try Int(qValue: q("h\"a\"")), 10)
        // Deferred sync: an async request answered by a push, read with h[].
        XCTAssertEqual(try Int(qValue: q("neg[h](`proc;4); h[]")), 40)
        try q("neg[h][]")
        XCTAssertEqual(try Int(qValue: q("`:localhost:\(port) \"3*3\"")), 9)
        XCTAssertEqual(try Int(qValue: q("`::\(port) \"3*4\"")), 12)
        XCTAssertEqual(try [Int64](qValue: q("`long$key .z.W")), [try Int64(qValue: q("`long$h"))])
        XCTAssertThrowsError(try q("h\"1+`a\"")) { XCTAssertEqual($0 as? QError, QError.type) }
        try q("hclose h")
        XCTAssertThrowsError(try q("h\"1\""))
        XCTAssertThrowsError(try q("hopen 1")) { XCTAssertTrue(($0 as? QError)?.name.hasPrefix("hop") ?? false) }
        // Port number and (handle;timeout) forms.
        XCTAssertEqual(try Int(qValue: q("h2:hopen \(port); h2\"7\"")), 7)
        XCTAssertEqual(try Int(qValue: q("h3:hopen (`::\(port);1000); h3\"8\"")), 8)
        XCTAssertEqual(try Int(qValue: q("h4:hopen `:unix://\(port); h4\".z.a\"")), 0)
    }

    func testFileHandles() throws {
        let q = try QRuntime(configuration: QConfiguration(threading: true))
        defer { q.shutdownThread() }
        let path = "/tmp/qrt-handles-\(getpid())/sub/f.txt"
        defer { _ = try? FileManager.default.removeItem(atPath: "/tmp/qrt-handles-\(getpid())") }
        try q("h:hopen `:\(path)")
        try q("h \"abc\"; neg[h] (\"dd\";\"ee\"); h 0x0a66")
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "abcdd\nee\n\nf")
        try q("hclose h")
    }

    func testWebSocketThroughZWS() throws {
        let (q, port) = try server()
        defer { q.shutdownThread() }
        try q("opened:0; .z.wo:{opened::x}; .z.ws:{neg[.z.w] reverse x}")
        let fd = try Sock.connectTCP(host: "127.0.0.1", port: port, timeout: 2)
        defer { close(fd) }
        let hello = Array(("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                           + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").utf8)
        try hello.withUnsafeBytes { try Sock.writeAll(fd, $0) }
        var head: [UInt8] = []
        var b: UInt8 = 0
        while !(head.count >= 4 && Array(head.suffix(4)) == [13, 10, 13, 10]) {
            XCTAssertTrue(try Sock.readExactly(fd, &b, 1))
            head.append(b)
        }
        XCTAssertTrue(String(decoding: head, as: UTF8.self).contains("101"))
        let frame: [UInt8] = [0x81, 0x83, 0, 0, 0, 0] + Array("abc".utf8)   // masked with zeros
        try frame.withUnsafeBytes { try Sock.writeAll(fd, $0) }
        var reply = [UInt8](repeating: 0, count: 5)
        XCTAssertTrue(try reply.withUnsafeMutableBytes { try Sock.readExactly(fd, $0.baseAddress!, 5) })
        XCTAssertEqual(reply, [0x81, 3] + Array("cba".utf8))
        XCTAssertGreaterThanOrEqual(try Int(qValue: q("opened")), 3)
    }

    func testHTTPGetEvaluates() throws {
        let (q, port) = try server()
        defer { q.shutdownThread() }
        let fd = try Sock.connectTCP(host: "127.0.0.1", port: port, timeout: 2)
        defer { close(fd) }
        let request = Array("GET /?1%2B2 HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        var reply: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = recv(fd, &buf, buf.count, 0)
            if n <= 0 { break }
            reply += buf[..<n]
        }
        let response = String(decoding: reply, as: UTF8.self)
        XCTAssertTrue(response.hasPrefix("HTTP/1.1 200 OK"))
        let text = String(response[response.range(of: "\r\n\r\n")!.upperBound...])
        XCTAssertEqual(text, "3\n")
    }

    /// The interpreter thread serves the port between calls: clients get answers while
    /// another thread keeps it busy with a stream of calls.
    func testClientsAreServedWhileCallsKeepComing() throws {
        let (q, port) = try server()
        defer { q.shutdownThread() }
        try q("n:0")
        let stop = StopFlag()
        let caller = Thread {
            while !stop.value.load(ordering: .acquiring) { _ = try? q("n+:1") }
        }
        caller.start()
        defer { stop.value.store(true, ordering: .releasing) }
        let c = try QConnection(port: port)
        for k in 0..<200 { XCTAssertEqual(try Int(qValue: c.sync("{x*2}", .long(Int64(k)))), 2 * k) }
        stop.value.store(true, ordering: .releasing)
        XCTAssertGreaterThan(try Int(qValue: q("n")), 0)
    }

    /// Shutting the interpreter thread down closes the port: connected clients see the
    /// connection end, and new ones are refused.
    func testShutdownClosesThePort() throws {
        let (q, port) = try server()
        let c = try QConnection(port: port)
        XCTAssertEqual(try Int(qValue: c("1+1")), 2)
        q.shutdownThread()
        XCTAssertThrowsError(try c("1+1"))
        XCTAssertThrowsError(try QConnection(port: port))
    }

    /// A listener closed from another thread stops being served; the runtime keeps working.
    func testListenerClosedBehindTheRuntimesBack() throws {
        let (q, port) = try server()
        defer { q.shutdownThread() }
        let l = Locked<QListener?>(nil)
        _ = try q.withInterpreter { i in l.withLock { $0 = i.ipcListener }; return .identity }
        XCTAssertNotNil(l.withLock { $0 })
        l.withLock { $0 }?.close()
        XCTAssertThrowsError(try QConnection(port: port))
        XCTAssertEqual(try Int(qValue: q("2+3")), 5)
    }
}

/// A flag one thread polls in a loop while another sets it.
final class StopFlag: Sendable {
    let value = Atomic<Bool>(false)
}
