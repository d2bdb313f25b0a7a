import QCore
import QIPC
#if canImport(Glibc)
import Glibc
#endif

// Serving clients, on the interpreter's own thread: `\p` opens a `QListener`, and
// whoever drives the session (qrt's event loop, QRuntime's server) passes each listener
// event to `serve`, which runs the `.z` callbacks kdb+ runs: `.z.pw` and `.z.po` on
// login, `.z.pg`/`.z.ps` (default `value`) for messages, `.z.pc` on close, `.z.ph`/`.z.pp`
// for HTTP, `.z.wo`/`.z.ws`/`.z.wc` for WebSockets.

extension Interpreter {
    /// `\p` and `system"p …"`: shows or sets the listening port.
    func listenCommand(_ argument: String) throws -> QValue {
        let arg = argument.trimmingTrailingSpaces()
        if arg.isEmpty { return .int(settings.port) }
        try listen(spec: arg)
        return .identity
    }

    /// Listens as `-p`/`\p` describe: `[rp,][host:]port`, where port is a number, `0W`
    /// (any free port), `lo/hi` (a free port in the range) or a service name; 0 stops.
    ///
    /// - Throws: `QError` naming the port when it cannot be bound.
    public func listen(spec: String) throws {
        if readOnly { throw QError.noupdate }
        var text = Substring(spec)
        var reuse = false
        if text.hasPrefix("rp,") { reuse = true; text = text.dropFirst(3) }
        var host = ipc.server.host
        if let colon = text.lastIndex(of: ":") {
            let h = String(text[..<colon])
            host = h.isEmpty ? host : h
            text = text[text.index(after: colon)...]
        }
        // A negative port asks for kdb+'s multithreaded input mode.
        let threaded = text.hasPrefix("-")
        if threaded { text = text.dropFirst() }
        let candidates = try Interpreter.portCandidates(String(text))
        if candidates == [0] && text != "0W" {
            stopListening()
            return
        }
        var lastError: Error = QError("port")
        for port in candidates {
            do {
                if threaded {
                    try listenThreaded(port: port, host: host, reusePort: reuse)
                } else {
                    try listen(port: port, host: host, reusePort: reuse)
                }
                return
            } catch { lastError = error }
        }
        throw lastError
    }

    /// The ports a `\p` argument allows, in the order to try them.
    static func portCandidates(_ p: String) throws -> [Int] {
        if p == "0W" { return [0] }
        if let slash = p.firstIndex(of: "/") {
            guard let lo = try? portNumber(String(p[..<slash])), let hi = try? portNumber(String(p[p.index(after: slash)...])),
                  lo <= hi else { throw QError("port") }
            return Array(lo...hi).shuffled()
        }
        return [try portNumber(p)]
    }

    static func portNumber(_ p: String) throws -> Int {
        if let n = Int(p), n >= 0 { return n }
        guard let ent = getservbyname(p, "tcp") else { throw QError(p) }
        return Int(UInt16(bigEndian: UInt16(truncatingIfNeeded: ent.pointee.s_port)))
    }

    /// Opens the listening port (replacing any open one) and tells the driver. A negative
    /// port opens `-port` in multithreaded input mode (see HandlesThreaded.swift).
    public func listen(port: Int, host: String? = nil, reusePort: Bool = false) throws {
        if port < 0 { return try listenThreaded(port: -port, host: host, reusePort: reusePort) }
        stopListening()
        let l = try openListener(port: port, host: host, reusePort: reusePort)
        ipc.listener = l
        settings.port = Int32(truncatingIfNeeded: l.port)
        ipc.server.onListen?(l)
    }

    /// A listener configured from the session's server settings.
    func openListener(port: Int, host: String?, reusePort: Bool) throws -> QListener {
        var config = QListenerConfiguration(port: port, host: host)
        config.passwords = ipc.server.passwords
        config.unixSocket = ipc.server.unixSocket
        config.reusePort = reusePort
        config.options = Interpreter.wireOptions
        do { return try QListener(config) } catch let e as QConnectionError { throw QError(e.message) }
    }

    /// Closes the listening port and its clients (`\p 0`).
    public func stopListening() {
        if let mt = ipc.threadedServer {
            ipc.threadedServer = nil
            mt.stop()
        }
        guard let old = ipc.listener else { settings.port = 0; return }
        ipc.listener = nil
        settings.port = 0
        for (id, h) in ipc.clientHandles {
            _ = id
            ipc.handles[h] = nil
            ipc.clientInfo[h] = nil
        }
        ipc.clientHandles = [:]
        ipc.server.onListen?(nil)
        old.close()
    }

    /// The listener `\p` opened, if any.
    public var ipcListener: QListener? { ipc.listener }

    // MARK: serving

    /// Runs `body` as if serving handle `h` (`.z.w`, `.z.u`, `.z.a`), in the root namespace.
    func serving<T>(_ h: Int32, _ info: QClientInfo?, _ body: () throws -> T) rethrows -> T {
        let s = ipc
        let saved = (s.current, s.currentUser, s.currentAddress, namespace)
        s.current = h
        s.currentUser = info?.user
        s.currentAddress = info?.address
        namespace = ""
        defer { (s.current, s.currentUser, s.currentAddress, namespace) = saved }
        return try body()
    }

    /// A `.z` callback the user defined, if any.
    func callback(_ name: String) -> QValue? {
        if let v = globals[name], case .function = v { return v }
        return nil
    }

    /// The callback under an interned id (see `MessageCallback`), if the user defined one.
    func callback(id: Int) -> QValue? {
        if let v = globals[id: id], case .function = v { return v }
        return nil
    }

    /// Handles one event from the session's listener: call on the interpreter's thread,
    /// in the order `poll` reported the events.
    public func serve(_ event: QListenerEvent, from l: QListener) {
        switch event {
        case .login(let info, let password):
            if let pw = callback(".z.pw") {
                let ok = (try? serving(0, info) { try call(pw, [.symbol(info.user), .string(password)]) }) ?? .bool(false)
                guard case .atom(.boolean, .b(true)) = ok else { l.reject(info.id); return }
            }
            let h = ipc.allocate(.client(info.id))
            ipc.clientHandles[info.id] = h
            ipc.clientInfo[h] = info
            l.accept(info.id)
            if let po = callback(".z.po") { _ = try? serving(h, info) { try call(po, [.int(h)]) } }
        case .message(let id, let type, let value):
            guard let h = ipc.clientHandles[id] else { return }
            let info = ipc.clientInfo[h]
            serving(h, info) {
                do {
                    let r = try evaluateRemote(value, sync: type == .sync)
                    if type == .sync { l.reply(id, r) }
                } catch let e as QError {
                    if type == .sync { l.replyError(id, e.name) }
                } catch {
                    if type == .sync { l.replyError(id, "\(error)") }
                }
            }
        case .closed(let id):
            guard let h = ipc.clientHandles.removeValue(forKey: id) else { return }
            let info = ipc.clientInfo.removeValue(forKey: h)
            ipc.handles[h] = nil
            let name = info?.kind == .websocket ? ".z.wc" : ".z.pc"
            if let pc = callback(name) { _ = try? serving(0, nil) { try call(pc, [.int(h)]) } }
        case .http(let info, let request):
            let response = serving(0, info) { httpResponse(request) }
            l.respondHTTP(info.id, response)
        case .websocketOpened(let info):
            let h = ipc.allocate(.client(info.id))
            ipc.clientHandles[info.id] = h
            ipc.clientInfo[h] = info
            if let wo = callback(".z.wo") { _ = try? serving(h, info) { try call(wo, [.int(h)]) } }
        case .websocket(let id, let value):
            guard let h = ipc.clientHandles[id], let ws = callback(".z.ws") else { return }
            _ = try? serving(h, ipc.clientInfo[h]) { try call(ws, [value]) }
        }
    }

    /// A client's message: through `.z.pg` (sync) or `.z.ps` (async) when defined, else
    /// `value` (a string is evaluated, a list `(f;args)` applied).
    func evaluateRemote(_ value: QValue, sync: Bool) throws -> QValue {
        if let f = callback(id: sync ? MessageCallback.pg : MessageCallback.ps) { return try call(f, [value]) }
        if case .vector(let v) = value, v.type == .char, case .x(let b) = v.storage {
            if b.first == UInt8(ascii: "\\") && ipc.server.restrictClients { throw QError("access") }
            return try evaluateCached(String(decoding: b, as: UTF8.self))
        }
        return try self.value(value)
    }

    /// `value` of a query string, reusing the compiled form of text seen before: clients
    /// send the same queries again and again, and parsing dominates small ones. Compiled
    /// trees hold no values (names are looked up when run), and remote queries always run
    /// in the root namespace, so the text alone keys the cache.
    func evaluateCached(_ source: String) throws -> QValue {
        // Byte tests rather than `hasPrefix`, which costs more than the rest of a small
        // query's dispatch.
        let first = source.utf8.first
        if first == UInt8(ascii: "\\") || (first == UInt8(ascii: "k") && source.utf8.dropFirst().first == UInt8(ascii: ")"))
            || !namespace.isEmpty {
            return try evaluate(source)
        }
        let state = ipc
        let node: Node
        if let n = state.compiled[source] {
            node = n
        } else {
            node = try Compiler(namespace: "").compileTop(try Parser.parse(source))
            if state.compiled.count >= 512 { state.compiled.removeAll(keepingCapacity: true) }
            state.compiled[source] = node
        }
        returning = false
        let savedScopes = columnScopes
        defer { returning = false; columnScopes = savedScopes }
        return try node.eval(self)
    }

    /// The HTTP response for a request: `.z.ph` (GET) or `.z.pp` (POST) when defined, given
    /// `(requestText;headers)`; otherwise `GET /?expr` evaluates `expr` and shows the
    /// result as the console would.
    func httpResponse(_ req: QHTTPRequest) -> [UInt8] {
        let handler = callback(req.method == "POST" ? ".z.pp" : ".z.ph")
        do {
            if let f = handler {
                let text = req.method == "POST" ? req.target + " " + String(decoding: req.body, as: UTF8.self) : req.target
                let headers = QValue.dict(QDict(keys: .symbols(req.headers.map(\.0)),
                                                values: .list(req.headers.map { .string($0.1) })))
                let r = try call(f, [.list([.string(text), headers])])
                guard let body = self.text(r) else { throw QError.type }
                return body.hasPrefix("HTTP/") ? Array(body.utf8) : Interpreter.http(200, "text/html", body)
            }
            guard req.target.hasPrefix("?") else {
                return Interpreter.http(200, "text/plain", "QRuntime: GET /?expr evaluates a q expression\n")
            }
            let source = Interpreter.urlDecode(String(req.target.dropFirst()))
            guard let v = try evaluateLine(source) else { return Interpreter.http(200, "text/plain", "") }
            return Interpreter.http(200, "text/plain", QFormat.console(v, display).map { $0 + "\n" }.joined())
        } catch let e as QError {
            return Interpreter.http(400, "text/plain", "'" + e.name + "\n")
        } catch {
            return Interpreter.http(500, "text/plain", "'\(error)\n")
        }
    }

    static func http(_ status: Int, _ type: String, _ body: String) -> [UInt8] {
        let reason = [200: "OK", 400: "Bad Request", 500: "Internal Server Error"][status] ?? ""
        let b = Array(body.utf8)
        return Array("HTTP/1.1 \(status) \(reason)\r\nContent-Type: \(type)\r\nConnection: close\r\nContent-Length: \(b.count)\r\n\r\n".utf8) + b
    }

    /// `%xx` escapes and `+` for space.
    static func urlDecode(_ s: String) -> String {
        var out: [UInt8] = []
        let u = Array(s.utf8)
        var i = 0
        while i < u.count {
            if u[i] == UInt8(ascii: "%"), i + 2 < u.count, let v = UInt8(String(decoding: u[(i + 1)...(i + 2)], as: UTF8.self), radix: 16) {
                out.append(v)
                i += 3
                continue
            }
            out.append(u[i] == UInt8(ascii: "+") ? 32 : u[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: connections this session opened

    /// Descriptors of connections opened with `hopen`, for an event loop to watch: when
    /// one is readable, call `serviceConnection(fd:)`.
    public var ipcConnectionDescriptors: [Int32] {
        ipc.handles.values.compactMap { if case .connection(let c) = $0 { return c.fileDescriptor }; return nil }
    }

    /// Descriptors of connections that already hold unread messages (they arrived while
    /// the session waited for a reply): service these without waiting for the socket.
    public var ipcBufferedConnections: [Int32] {
        ipc.handles.values.compactMap {
            if case .connection(let c) = $0, c.hasBufferedMessages { return c.fileDescriptor }
            return nil
        }
    }

    /// Evaluates the async messages a server pushed on a connection this session opened
    /// (through `.z.ps`, with `.z.w` that handle), as kdb+'s main loop does for
    /// subscribers; a connection the peer closed is dropped and `.z.pc` called.
    public func serviceConnection(fd: Int32) {
        guard let (h, c) = ipc.handles.lazy.compactMap({ (h, t) -> (Int32, QConnection)? in
            if case .connection(let c) = t, c.fileDescriptor == fd { return (h, c) }
            return nil
        }).first else { return }
        while true {
            let message: QValue?
            do { message = try c.receiveIfAvailable() } catch {
                ipc.handles[h] = nil
                c.close()
                if let pc = callback(".z.pc") { _ = try? serving(0, nil) { try call(pc, [.int(h)]) } }
                return
            }
            guard let m = message else { return }
            serving(h, nil) { _ = try? evaluateRemote(m, sync: false) }
        }
    }

    /// Calls `.z.ts` with the current timestamp (the `\t` timer fired).
    public func runTimer() {
        guard let f = callback(".z.ts") else { return }
        let now = QValue.atom(.timestamp, .j(DotZ.nowNanos(local: false)))
        do { _ = try call(f, [now]) } catch let e as QError {
            errorOutput("'" + e.name + "\n")
        } catch {}
    }
}

/// Global ids of the callbacks every client message looks for, interned once: ids are
/// process-wide and permanent, and a lookup by id is an array index where a lookup by
/// name hashes the name.
enum MessageCallback {
    static let pg = GlobalNames.shared.id(".z.pg")
    static let ps = GlobalNames.shared.id(".z.ps")
}
