// HTTP on the q port: kdb+ answers HTTP requests (and WebSocket upgrades) on the same
// port as IPC, telling them apart by the first bytes a client sends.
import QCore

enum HTTPParse {
    /// Methods whose request line can start a connection (4-byte prefixes).
    static let prefixes: [[UInt8]] = ["GET ", "POST", "PUT ", "HEAD", "DELE", "OPTI", "PATC"].map { Array($0.utf8) }

    /// True when the first bytes are an HTTP request line rather than a kdb+ handshake.
    static func looksLikeHTTP(_ b: UnsafeRawBufferPointer) -> Bool {
        guard b.count >= 4 else { return false }
        return prefixes.contains { p in p[0] == b[0] && p[1] == b[1] && p[2] == b[2] && p[3] == b[3] }
    }

    /// Could these (fewer than 4) bytes still become an HTTP request line?
    static func couldBeHTTP(_ b: UnsafeRawBufferPointer) -> Bool {
        prefixes.contains { p in (0..<min(b.count, 4)).allSatisfy { p[$0] == b[$0] } }
    }

    enum Outcome {
        case incomplete
        case request(QHTTPRequest, consumed: Int)
        case bad
    }

    /// Parses one request (head and, with Content-Length, body) at the start of `b`.
    static func parse(_ b: UnsafeRawBufferPointer, limit: Int) -> Outcome {
        guard let headEnd = find(b, [13, 10, 13, 10]) else { return b.count > limit ? .bad : .incomplete }
        let head = String(decoding: UnsafeRawBufferPointer(rebasing: b[0..<headEnd]), as: UTF8.self)
        var lines = head.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
        guard !lines.isEmpty else { return .bad }
        let requestLine = lines.removeFirst().split(separator: " ", omittingEmptySubsequences: true)
        guard requestLine.count >= 2 else { return .bad }
        var headers: [(String, String)] = []
        for line in lines where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { return .bad }
            let name = String(line[..<colon])
            var value = Substring(line[line.index(after: colon)...])
            while value.first == " " || value.first == "\t" { value = value.dropFirst() }
            headers.append((name, String(value)))
        }
        var bodyLength = 0
        if let cl = headers.first(where: { $0.0.lowercased() == "content-length" }) {
            guard let n = Int(cl.1.trimmingCharacters(" ")), n >= 0, n <= limit else { return .bad }
            bodyLength = n
        }
        let total = headEnd + 4 + bodyLength
        guard b.count >= total else { return total > limit ? .bad : .incomplete }
        var target = String(requestLine[1])
        if target.hasPrefix("/") { target.removeFirst() }
        let body = Array(UnsafeRawBufferPointer(rebasing: b[(headEnd + 4)..<total]))
        return .request(QHTTPRequest(method: String(requestLine[0]), target: target, headers: headers, body: body), consumed: total)
    }

    static func find(_ b: UnsafeRawBufferPointer, _ needle: [UInt8]) -> Int? {
        guard b.count >= needle.count else { return nil }
        for i in 0...(b.count - needle.count) where b[i] == needle[0] {
            if (1..<needle.count).allSatisfy({ b[i + $0] == needle[$0] }) { return i }
        }
        return nil
    }

    /// The `Sec-WebSocket-Accept` value for a client's key (RFC 6455 §4.2.2).
    static func websocketAccept(_ key: String) -> String {
        QDigest.base64(QDigest.sha1(Array((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").utf8)))
    }

    /// The 101 response completing a WebSocket upgrade.
    static func upgradeResponse(_ key: String) -> [UInt8] {
        Array(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               + "Sec-WebSocket-Accept: \(websocketAccept(key))\r\n\r\n").utf8)
    }
}

extension String {
    func trimmingCharacters(_ c: Character) -> String {
        var s = Substring(self)
        while s.first == c { s = s.dropFirst() }
        while s.last == c { s = s.dropLast() }
        return String(s)
    }
}

/// WebSocket framing (RFC 6455): client frames are masked, server frames are not.
enum WSFrame {
    enum Outcome {
        case incomplete
        case frame(fin: Bool, opcode: UInt8, payload: [UInt8], consumed: Int)
        case bad
    }

    /// Parses one frame at the start of `b`; payloads over `limit` are refused.
    static func parse(_ b: UnsafeRawBufferPointer, limit: Int) -> Outcome {
        guard b.count >= 2 else { return .incomplete }
        let fin = b[0] & 0x80 != 0
        let opcode = b[0] & 0x0f
        guard b[0] & 0x70 == 0 else { return .bad }     // no extensions negotiated
        let masked = b[1] & 0x80 != 0
        guard masked else { return .bad }                 // clients must mask
        var len = Int(b[1] & 0x7f)
        var p = 2
        if len == 126 {
            guard b.count >= 4 else { return .incomplete }
            len = Int(b[2]) << 8 | Int(b[3])
            p = 4
        } else if len == 127 {
            guard b.count >= 10 else { return .incomplete }
            var v: UInt64 = 0
            for k in 2..<10 { v = v << 8 | UInt64(b[k]) }
            guard v <= UInt64(limit) else { return .bad }
            len = Int(v)
            p = 10
        }
        guard len <= limit else { return .bad }
        guard b.count >= p + 4 + len else { return .incomplete }
        let mask = (b[p], b[p + 1], b[p + 2], b[p + 3])
        p += 4
        var payload = [UInt8](repeating: 0, count: len)
        for i in 0..<len {
            let m: UInt8
            switch i & 3 { case 0: m = mask.0; case 1: m = mask.1; case 2: m = mask.2; default: m = mask.3 }
            payload[i] = b[p + i] ^ m
        }
        return .frame(fin: fin, opcode: opcode, payload: payload, consumed: p + len)
    }

    /// An unmasked server frame.
    static func encode(opcode: UInt8, _ payload: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x80 | opcode]
        if payload.count < 126 {
            out.append(UInt8(payload.count))
        } else if payload.count <= 0xffff {
            out += [126, UInt8(payload.count >> 8), UInt8(payload.count & 0xff)]
        } else {
            out.append(127)
            for k in (0..<8).reversed() { out.append(UInt8(truncatingIfNeeded: payload.count >> (8 * k))) }
        }
        return out + payload
    }
}
