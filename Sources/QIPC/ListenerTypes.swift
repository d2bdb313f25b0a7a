// What a `QListener` is configured with and what it reports.
#if canImport(Glibc)
import Glibc
#endif
import QCore

/// How a `QListener` listens and whom it lets in.
public struct QListenerConfiguration: Sendable {
    /// TCP port; 0 picks a free ephemeral port (see `QListener.port`).
    public var port: Int
    /// Address to bind: nil for loopback only (the safe default), `"*"` or `"0.0.0.0"` for
    /// every interface, or a host name or address.
    public var host: String?
    /// Also listen on kdb+'s unix domain socket for the port (`@/tmp/kx.<port>`, abstract).
    public var unixSocket: Bool = true
    /// Credentials checked before the login is reported (`-u`/`-U` files); nil lets
    /// everyone through to the driver's own check (`.z.pw`).
    public var passwords: QPasswordFile?
    /// Largest message accepted from a client, header included; larger claims disconnect it.
    public var maxMessageBytes: Int = 1 << 34
    /// Largest HTTP request (head and body) accepted.
    public var maxHTTPBytes: Int = 1 << 24
    /// Decoding limits and hooks (an interpreter passes its primitive resolver).
    public var options = QWireOptions()
    /// Compress replies over 2,000 bytes to clients that are not on this machine, as kdb+
    /// does (never error replies, never over loopback or unix sockets).
    public var compressRemote = true
    /// Tests only: compress for loopback peers too, as if they were remote.
    var treatLoopbackAsRemote = false
    /// Set `SO_REUSEPORT` so several processes can share the port (kdb+'s `rp,`).
    public var reusePort = false

    /// A configuration for `port`, loopback only.
    public init(port: Int, host: String? = nil) {
        self.port = port
        self.host = host
    }
}

/// How a client talks to the listener.
public enum QClientKind: Sendable, Equatable {
    /// kdb+ IPC after a handshake.
    case ipc
    /// A plain HTTP request (answered, then closed).
    case http
    /// A WebSocket (after an HTTP upgrade).
    case websocket
}

/// Facts about a connected client, for `.z.a`, `.z.u` and the like.
public struct QClientInfo: Sendable, Equatable {
    /// The listener's id for the client (not a q handle).
    public let id: Int
    /// User name from the handshake (empty for HTTP).
    public let user: String
    /// IPv4 address as kdb+'s `.z.a` shows it (0 over a unix socket).
    public let address: Int32
    /// True for loopback and unix-socket peers.
    public let isLocal: Bool
    /// Capability agreed in the handshake.
    public let capability: UInt8
    /// IPC, HTTP or WebSocket.
    public let kind: QClientKind
}

/// An HTTP request received on the q port.
public struct QHTTPRequest: Sendable, Equatable {
    /// `GET`, `POST`, …
    public let method: String
    /// The request target without its leading `/` (what kdb+ passes to `.z.ph`).
    public let target: String
    /// Header names (as sent) and values, in order.
    public let headers: [(String, String)]
    /// The request body (POST).
    public let body: [UInt8]

    /// A request from its parts.
    public init(method: String, target: String, headers: [(String, String)], body: [UInt8]) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
    }

    /// The value of a header, matched without regard to case.
    public func header(_ name: String) -> String? {
        let n = name.lowercased()
        return headers.first { $0.0.lowercased() == n }?.1
    }

    /// Same method, target, headers (in order) and body.
    public static func == (a: QHTTPRequest, b: QHTTPRequest) -> Bool {
        a.method == b.method && a.target == b.target && a.body == b.body
            && a.headers.map(\.0) == b.headers.map(\.0) && a.headers.map(\.1) == b.headers.map(\.1)
    }
}

/// Something that happened on the listener, reported by `QListener.poll` in arrival order.
public enum QListenerEvent: Sendable {
    /// A client completed the handshake (and passed the password file, if any). Its
    /// messages are held until the driver calls `accept` (or `reject`, which closes it).
    case login(QClientInfo, password: String)
    /// A message from an accepted client. A `.sync` message expects exactly one reply
    /// (`reply` or `replyError`), in order.
    case message(client: Int, type: QMessageType, value: QValue)
    /// An accepted, HTTP or WebSocket client went away (not reported for `disconnect`).
    case closed(client: Int)
    /// An HTTP request; answer with `respondHTTP`.
    case http(QClientInfo, QHTTPRequest)
    /// A WebSocket finished its upgrade.
    case websocketOpened(QClientInfo)
    /// A WebSocket message: a string for a text frame, a byte vector for a binary one.
    case websocket(client: Int, value: QValue)
}

// MD5 (RFC 1321) and SHA-1 (FIPS 180-1): kdb+ password files may hold either hash of a
// password, and the WebSocket handshake needs SHA-1. Written for clarity over speed;
// inputs are short.

/// Message digests used by authentication and the WebSocket handshake.
public enum QDigest {
    /// The MD5 digest of `bytes` (16 bytes), as q's `md5` gives.
    public static func md5(_ bytes: [UInt8]) -> [UInt8] {
        let s: [UInt32] = [7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
                           5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
                           4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
                           6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21]
        // K[i] = floor(2^32 * |sin(i + 1)|), computed once.
        // K[i] = floor(2^32 * |sin(i + 1)|).
        let k: [UInt32] = (0..<64).map { UInt32(abs(sin(Double($0 + 1))) * 4294967296.0) }
        var a0: UInt32 = 0x67452301, b0: UInt32 = 0xefcdab89, c0: UInt32 = 0x98badcfe, d0: UInt32 = 0x10325476
        let message = pad(bytes, bigEndianLength: false)
        for chunk in stride(from: 0, to: message.count, by: 64) {
            var m = [UInt32](repeating: 0, count: 16)
            for i in 0..<16 {
                let p = chunk + i * 4
                m[i] = UInt32(message[p]) | UInt32(message[p + 1]) << 8 | UInt32(message[p + 2]) << 16 | UInt32(message[p + 3]) << 24
            }
            var a = a0, b = b0, c = c0, d = d0
            for i in 0..<64 {
                var f: UInt32, g: Int
                switch i {
                case 0..<16: f = (b & c) | (~b & d); g = i
                case 16..<32: f = (d & b) | (~d & c); g = (5 * i + 1) % 16
                case 32..<48: f = b ^ c ^ d; g = (3 * i + 5) % 16
                default: f = c ^ (b | ~d); g = (7 * i) % 16
                }
                f = f &+ a &+ k[i] &+ m[g]
                a = d; d = c; c = b
                b = b &+ (f << s[i] | f >> (32 - s[i]))
            }
            a0 = a0 &+ a; b0 = b0 &+ b; c0 = c0 &+ c; d0 = d0 &+ d
        }
        return [a0, b0, c0, d0].flatMap { w in (0..<4).map { UInt8(truncatingIfNeeded: w >> (8 * $0)) } }
    }

    /// The SHA-1 digest of `bytes` (20 bytes), as q's `-33!` gives.
    public static func sha1(_ bytes: [UInt8]) -> [UInt8] {
        var h: [UInt32] = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0]
        let message = pad(bytes, bigEndianLength: true)
        var w = [UInt32](repeating: 0, count: 80)
        for chunk in stride(from: 0, to: message.count, by: 64) {
            for i in 0..<16 {
                let p = chunk + i * 4
                w[i] = UInt32(message[p]) << 24 | UInt32(message[p + 1]) << 16 | UInt32(message[p + 2]) << 8 | UInt32(message[p + 3])
            }
            for i in 16..<80 {
                let x = w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]
                w[i] = x << 1 | x >> 31
            }
            var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4]
            for i in 0..<80 {
                let f: UInt32, k: UInt32
                switch i {
                case 0..<20: f = (b & c) | (~b & d); k = 0x5A827999
                case 20..<40: f = b ^ c ^ d; k = 0x6ED9EBA1
                case 40..<60: f = (b & c) | (b & d) | (c & d); k = 0x8F1BBCDC
                default: f = b ^ c ^ d; k = 0xCA62C1D6
                }
                let t = (a << 5 | a >> 27) &+ f &+ e &+ k &+ w[i]
                e = d; d = c; c = b << 30 | b >> 2; b = a; a = t
            }
            h[0] = h[0] &+ a; h[1] = h[1] &+ b; h[2] = h[2] &+ c; h[3] = h[3] &+ d; h[4] = h[4] &+ e
        }
        return h.flatMap { w in (0..<4).map { UInt8(truncatingIfNeeded: w >> (24 - 8 * $0)) } }
    }

    /// Lower-case hexadecimal text of bytes.
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Standard base64 (with padding).
    public static func base64(_ bytes: [UInt8]) -> String {
        let table = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out = [UInt8]()
        var i = 0
        while i < bytes.count {
            let n = min(3, bytes.count - i)
            let v = UInt32(bytes[i]) << 16 | (n > 1 ? UInt32(bytes[i + 1]) << 8 : 0) | (n > 2 ? UInt32(bytes[i + 2]) : 0)
            out.append(table[Int(v >> 18 & 63)])
            out.append(table[Int(v >> 12 & 63)])
            out.append(n > 1 ? table[Int(v >> 6 & 63)] : UInt8(ascii: "="))
            out.append(n > 2 ? table[Int(v & 63)] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the 0x80 marker, zeros, and the bit length (64 bits) to fill 64-byte blocks.
    private static func pad(_ bytes: [UInt8], bigEndianLength: Bool) -> [UInt8] {
        var m = bytes
        let bits = UInt64(bytes.count) * 8
        m.append(0x80)
        while m.count % 64 != 56 { m.append(0) }
        for k in 0..<8 {
            let shift = bigEndianLength ? 56 - 8 * k : 8 * k
            m.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift)))
        }
        return m
    }
}

/// A kdb+ password file (`-u file` / `-U file`): lines of `user:password`, where the
/// password is plain text, or the MD5 (32 hex digits) or SHA-1 (40 hex digits) of it.
public struct QPasswordFile: Sendable {
    /// Stored credential per user.
    public let entries: [String: String]

    /// Parses the file's text; blank lines are skipped.
    public init(text: String) {
        var e: [String: String] = [:]
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            e[String(line[..<colon])] = String(line[line.index(after: colon)...])
        }
        entries = e
    }

    /// True when `password` matches the user's stored credential.
    public func check(user: String, password: String) -> Bool {
        guard let stored = entries[user] else { return false }
        let isHex = stored.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) || ($0 >= 65 && $0 <= 70) }
        let p = Array(password.utf8)
        if isHex && stored.utf8.count == 32 && QDigest.hex(QDigest.md5(p)) == stored.lowercased() { return true }
        if isHex && stored.utf8.count == 40 && QDigest.hex(QDigest.sha1(p)) == stored.lowercased() { return true }
        return stored == password
    }
}

/// An IPC client taken out of a `QListener` after login (`QListener.detach`), served by
/// blocking reads and writes on a thread of its own. Not thread-safe: one thread reads
/// and writes; `shutdown()` may come from any thread to wake it.
public final class QDetachedClient: @unchecked Sendable {
    // @unchecked Sendable: created on the polling thread and handed to the one thread
    // that serves it; `shutdown` uses only the immutable descriptor (closed in `close`,
    // by that thread, after which its owner no longer calls `shutdown`).
    /// The client's descriptor (blocking).
    public let fd: Int32
    /// Who logged in.
    public let info: QClientInfo
    /// Whether replies are compressed (a remote client that can decompress).
    public let compress: Bool
    private let frames: FrameBuffer
    private let options: QWireOptions
    private var closed = false

    init(fd: Int32, info: QClientInfo, leftover: [UInt8], compress: Bool, maxMessageBytes: Int, options: QWireOptions) {
        self.fd = fd
        self.info = info
        self.compress = compress
        self.options = options
        frames = FrameBuffer(initialCapacity: 1 << 12, maxMessage: maxMessageBytes)
        leftover.withUnsafeBytes { if $0.count > 0 { frames.append($0) } }
    }

    deinit { close() }

    /// Lets the client in: writes the agreed capability byte (at most 3).
    public func accept() throws {
        var byte = [min(info.capability, 3)]
        try byte.withUnsafeMutableBytes { try Sock.writeAll(fd, UnsafeRawBufferPointer($0)) }
    }

    /// The next message the client sends, blocking; nil when it has gone (or sent
    /// something malformed, which ends the connection as the listener would).
    public func receive() -> (QMessageType, QValue)? {
        do {
            while true {
                if let len = try frames.completeMessageLength() {
                    let body = UnsafeRawBufferPointer(rebasing: frames.bytes[0..<len])
                    let (type, value) = try QWire.decodeMessage(body, options: options)
                    frames.consume(len)
                    if type == .response { continue }  // replies to requests never sent
                    return (type, value)
                }
                if try frames.fill(from: fd) <= 0 { return nil }
            }
        } catch {
            return nil
        }
    }

    /// Sends the reply to a sync message; false if the client is gone.
    @discardableResult
    public func reply(_ value: QValue) -> Bool {
        do {
            return try QWire.withMessage(value, type: .response, compress: compress) { bytes in
                (try? Sock.writeAll(fd, bytes)) != nil
            }
        } catch {
            return replyError((error as? QError)?.name ?? "type")
        }
    }

    /// Sends an error reply (`'text`); false if the client is gone.
    @discardableResult
    public func replyError(_ text: String) -> Bool {
        QWire.encodeError(text).withUnsafeBytes { (try? Sock.writeAll(fd, $0)) != nil }
    }

    /// Wakes a thread blocked in `receive` (which then returns nil); any thread.
    public func shutdown() { _ = Glibc.shutdown(fd, Int32(SHUT_RDWR)) }

    /// Closes the connection (the serving thread, once).
    public func close() {
        guard !closed else { return }
        closed = true
        Glibc.close(fd)
    }
}
