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
