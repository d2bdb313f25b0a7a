import Foundation
import XCTest
@testable import QCore
@testable import QIPC
#if canImport(Glibc)
import Glibc
#endif

/// A raw TCP client for feeding a listener exactly the bytes a test wants.
final class RawClient {
    let fd: Int32

    init(port: Int) throws {
        fd = try Sock.connectTCP(host: "127.0.0.1", port: port, timeout: 2)
        var tv = timeval(tv_sec: 3, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    func write(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Reads until the peer closes (or the timeout); returns what came.
    func readAll() -> [UInt8] {
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = recv(fd, &buf, buf.count, 0)
            if n <= 0 { return out }
            out += buf[..<n]
        }
    }

    /// Reads exactly n bytes (or fewer if the peer closes).
    func read(_ n: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: n)
        var got = 0
        while got < n {
            let r = out.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + got, n - got, 0) }
            if r <= 0 { break }
            got += r
        }
        return Array(out[..<got])
    }

    /// True when the server has closed the connection (read gives end of stream).
    func isClosedByPeer() -> Bool {
        var b: UInt8 = 0
        return recv(fd, &b, 1, 0) == 0
    }
}

final class ListenerTests: XCTestCase {
    func testGarbageGreetingIsDisconnected() throws {
        let s = try EchoServer()
        defer { s.stop() }
        let r = try RawClient(port: s.port)
        r.write([UInt8](repeating: 0x41, count: 5000))   // no NUL within 4 KB
        XCTAssertTrue(r.isClosedByPeer())
    }

    func testLyingLengthIsDisconnectedWithoutAllocating() throws {
        var config = QListenerConfiguration(port: 0)
        config.maxMessageBytes = 1 << 20
        let s = try EchoServer(config)
        defer { s.stop() }
        let r = try RawClient(port: s.port)
        r.write(Array(":\u{3}\0".utf8))
        XCTAssertEqual(r.read(1), [3])
        // Claims 2 GB: over the limit, refused at the header.
        r.write([1, 1, 0, 0, 0, 0, 0, 0x80])
        XCTAssertTrue(r.isClosedByPeer())
    }

    func testTruncatedMessageThenHangUpIsHarmless() throws {
        let s = try EchoServer()
        defer { s.stop() }
        do {
            let r = try RawClient(port: s.port)
            r.write(Array(":\u{3}\0".utf8))
            _ = r.read(1)
            r.write([1, 1, 0, 0, 0x00, 0x10, 0, 0, 7])      // says 4096 bytes, sends 9
        }
        // The server is still serving.
        let c = try QConnection(port: s.port)
        XCTAssertTrue(wireMatch(try c.sync(.long(1)), .long(1)))
    }

    func testMalformedBodyIsDisconnected() throws {
        let s = try EchoServer()
        defer { s.stop() }
        let r = try RawClient(port: s.port)
        r.write(Array(":\u{3}\0".utf8))
        _ = r.read(1)
        r.write([1, 1, 0, 0, 14, 0, 0, 0, 7, 0, 0xff, 0xff, 0xff, 0x7f])  // long vector of 2^31 items
        XCTAssertTrue(r.isClosedByPeer())
    }

    func testBigEndianAndCompressedMessagesIn() throws {
        let s = try EchoServer()
        defer { s.stop() }
        let r = try RawClient(port: s.port)
        r.write(Array(":\u{3}\0".utf8))
        _ = r.read(1)
        // A big-endian sync message holding the long 7.
        r.write([0, 1, 0, 0, 0, 0, 0, 17, 0xf9, 0, 0, 0, 0, 0, 0, 0, 7])
        let reply = r.read(17)
        XCTAssertTrue(wireMatch(try QWire.decodeMessage(reply).1, .long(7)))
        // A compressed message.
        let v = QValue.longs(Array(repeating: 5, count: 1000))
        let packed = try QWire.encodeMessage(v, type: .sync, compress: true)
        XCTAssertEqual(packed[2], 1)
        r.write(packed)
        let h = r.read(8)
        let len = try QWire.decodeHeader(h).length
        XCTAssertTrue(wireMatch(try QWire.decodeMessage(h + r.read(len - 8)).1, v))
    }

    func testRepliesToRemotePeersAreCompressedButNotErrors() throws {
        var config = QListenerConfiguration(port: 0)
        config.treatLoopbackAsRemote = true
        let s = try EchoServer(config)
        defer { s.stop() }
        let r = try RawClient(port: s.port)
        r.write(Array(":\u{3}\0".utf8))
        _ = r.read(1)
        let v = QValue.longs(Array(repeating: 1, count: 1000))
        r.write(try QWire.encodeMessage(v, type: .sync))
        let h = r.read(8)
        XCTAssertEqual(h[2], 1, "an 8 KB reply to a remote peer is compressed")
        let reply = h + r.read(try QWire.decodeHeader(h).length - 8)
        XCTAssertTrue(wireMatch(try QWire.decodeMessage(reply).1, v))
        r.write(try QWire.encodeMessage(.symbol("fail"), type: .sync))
        let e = r.read(8)
        XCTAssertEqual(e[2], 0, "error replies are never compressed")
        // Small replies stay plain.
        _ = r.read(try QWire.decodeHeader(e).length - 8)
        r.write(try QWire.encodeMessage(.long(1), type: .sync))
        XCTAssertEqual(r.read(8)[2], 0)
        // A client of capability 0 never gets compressed messages.
        let old = try RawClient(port: s.port)
        old.write(Array(":\0".utf8))
        XCTAssertEqual(old.read(1), [0])
        old.write(try QWire.encodeMessage(v, type: .sync))
        XCTAssertEqual(old.read(8)[2], 0)
    }

    func testHTTPOnTheSamePort() throws {
        let s = try EchoServer()
        defer { s.stop() }
        let r = try RawClient(port: s.port)
        r.write(Array("GET /?til%203 HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        let text = String(decoding: r.readAll(), as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("HTTP/1.1 200 OK"))
        XCTAssertTrue(text.hasSuffix("?til%203"))
    }

    func testWebSocketUpgradeAndEcho() throws {
        let s = try EchoServer()
        defer { s.stop() }
        let r = try RawClient(port: s.port)
        r.write(Array(("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                       + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").utf8))
        var head: [UInt8] = []
        while !(head.count >= 4 && Array(head.suffix(4)) == [13, 10, 13, 10]) { head += r.read(1) }
        let text = String(decoding: head, as: UTF8.self)
        XCTAssertTrue(text.contains("101 Switching Protocols"))
        XCTAssertTrue(text.contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="))  // RFC 6455's example
        // A masked text frame "hi"; the echo comes back unmasked.
        let mask: [UInt8] = [1, 2, 3, 4]
        r.write([0x81, 0x82] + mask + [UInt8(ascii: "h") ^ 1, UInt8(ascii: "i") ^ 2])
        XCTAssertEqual(r.read(4), [0x81, 2, UInt8(ascii: "h"), UInt8(ascii: "i")])
    }

    func testDigests() {
        XCTAssertEqual(QDigest.hex(QDigest.md5(Array("this is my password".utf8))), "210d53992dff432ec1b1a9698af9da16")
        XCTAssertEqual(QDigest.hex(QDigest.sha1(Array("mypassword".utf8))), "91dfd9ddb4198affc5c194cd8ce6d338fde470e2")
        XCTAssertEqual(QDigest.hex(QDigest.md5([])), "d41d8cd98f00b204e9800998ecf8427e")
        XCTAssertEqual(QDigest.base64(Array("any carnal pleas".utf8)), "YW55IGNhcm5hbCBwbGVhcw==")
    }

    func testRandomBytesNeverCrash() throws {
        let s = try EchoServer()
        defer { s.stop() }
        var g = SplitMix(seed: 99)
        for round in 0..<40 {
            let r = try RawClient(port: s.port)
            if round % 2 == 0 {
                r.write(Array(":\u{3}\0".utf8))
                _ = r.read(1)
                var header: [UInt8] = [1, 1, 0, 0]
                let len = UInt32(9 + Int(g.next() % 200))
                withUnsafeBytes(of: len.littleEndian) { header += $0 }
                r.write(header + (0..<Int(len) - 8).map { _ in UInt8(truncatingIfNeeded: g.next()) })
            } else {
                r.write((0..<Int(g.next() % 300)).map { _ in UInt8(truncatingIfNeeded: g.next()) })
            }
        }
        let c = try QConnection(port: s.port)
        XCTAssertTrue(wireMatch(try c.sync(.long(3)), .long(3)))
    }
}
