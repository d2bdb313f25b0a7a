// The listener's reading side: turning a client's buffered bytes into events, for each
// phase of its life (greeting, IPC messages, HTTP requests, WebSocket frames). All of it
// runs on the polling thread.
import QCore

extension QListener {
    /// The greeting: credentials and capability, or the start of an HTTP request.
    func handshake(_ c: ListenerClient, _ events: inout [QListenerEvent]) -> Bool {
        switch c.parseHandshake() {
        case .incomplete:
            return true
        case .bad:
            drop(c, &events, report: false)
            return false
        case .http:
            c.phase = .http
            return parseHTTP(c, &events)
        case .credentials(let user, let password, let capability):
            if let pw = configuration.passwords, !pw.check(user: user, password: password) {
                drop(c, &events, report: false)
                return false
            }
            let info = QClientInfo(id: c.id, user: user, address: c.peer.address, isLocal: c.peer.loopback,
                                   capability: capability, kind: .ipc)
            c.info = info
            c.phase = .pendingLogin
            events.append(.login(info, password: password))
            return true
        }
    }

    /// Whole IPC messages, decoded; anything malformed disconnects the client.
    @discardableResult
    func parseMessages(_ c: ListenerClient, _ events: inout [QListenerEvent]) -> Bool {
        while true {
            let len: Int
            do {
                guard let l = try c.frames.completeMessageLength() else { return true }
                len = l
            } catch {
                drop(c, &events, report: true)
                return false
            }
            let body = UnsafeRawBufferPointer(rebasing: c.frames.bytes[0..<len])
            do {
                let (type, value) = try QWire.decodeMessage(body, options: configuration.options)
                c.frames.consume(len)
                // A client's replies (to requests this side never sends) are dropped.
                if type != .response { events.append(.message(client: c.id, type: type, value: value)) }
            } catch {
                drop(c, &events, report: true)
                return false
            }
        }
    }

    /// One HTTP request, or a WebSocket upgrade.
    func parseHTTP(_ c: ListenerClient, _ events: inout [QListenerEvent]) -> Bool {
        switch HTTPParse.parse(c.frames.bytes, limit: configuration.maxHTTPBytes) {
        case .incomplete:
            return true
        case .bad:
            _ = c.enqueue(Array("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n".utf8), closeAfter: true)
            c.phase = .httpAnswering
            return true
        case .request(let req, let consumed):
            c.frames.consume(consumed)
            let isUpgrade = req.header("upgrade")?.lowercased() == "websocket"
            if isUpgrade, let key = req.header("sec-websocket-key") {
                let info = QClientInfo(id: c.id, user: "", address: c.peer.address, isLocal: c.peer.loopback,
                                       capability: 0, kind: .websocket)
                c.info = info
                c.out.withLock { $0.kind = .websocket }
                _ = c.enqueue(HTTPParse.upgradeResponse(key))
                c.phase = .websocket
                c.reported = true
                events.append(.websocketOpened(info))
                return parseWebSocket(c, &events)
            }
            let info = QClientInfo(id: c.id, user: "", address: c.peer.address, isLocal: c.peer.loopback,
                                   capability: 0, kind: .http)
            c.info = info
            c.phase = .httpAnswering
            c.reported = true
            c.out.withLock { $0.kind = .http }
            events.append(.http(info, req))
            return true
        }
    }

    /// WebSocket frames: data messages (reassembled from fragments) become events; pings
    /// are answered; a close frame is echoed and the connection closed.
    func parseWebSocket(_ c: ListenerClient, _ events: inout [QListenerEvent]) -> Bool {
        while true {
            switch WSFrame.parse(c.frames.bytes, limit: configuration.maxMessageBytes) {
            case .incomplete:
                return true
            case .bad:
                drop(c, &events, report: true)
                return false
            case .frame(let fin, let opcode, let payload, let consumed):
                c.frames.consume(consumed)
                switch opcode {
                case 0, 1, 2:
                    if opcode != 0 { c.fragmentOpcode = opcode; c.fragments = [] }
                    guard c.fragments.count + payload.count <= configuration.maxMessageBytes else {
                        drop(c, &events, report: true)
                        return false
                    }
                    c.fragments += payload
                    if fin {
                        let data = c.fragments
                        c.fragments = []
                        let value: QValue = c.fragmentOpcode == 1
                            ? .vector(QVector(.char, .x(data))) : .vector(QVector(.byte, .x(data)))
                        events.append(.websocket(client: c.id, value: value))
                    }
                case 8:
                    _ = c.enqueue(WSFrame.encode(opcode: 8, Array(payload.prefix(2))), closeAfter: true)
                    c.phase = .httpAnswering
                    return true
                case 9:
                    _ = c.enqueue(WSFrame.encode(opcode: 10, payload))
                case 10:
                    break
                default:
                    drop(c, &events, report: true)
                    return false
                }
            }
        }
    }
}

// HTTP on the q port: kdb+ answers HTTP requests (and WebSocket upgrades) on the same
// port as IPC, telling them apart by the first bytes a client sends.

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
