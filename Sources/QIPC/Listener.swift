// The server core: listening sockets, accepting clients, the handshake, framing, and
// writing replies. It does no evaluation: `poll` reports events in arrival order and a
// driver answers them (qrt's event loop on its one thread, or QRuntime's server, which
// hands each event to the interpreter thread).
#if canImport(Glibc)
import Glibc
#endif
import QCore
import Synchronization

/// A kdb+-compatible listening port: TCP (loopback unless configured otherwise) and
/// kdb+'s unix socket for the same port.
///
/// One thread calls `poll` repeatedly; it gets back what happened (logins, messages, HTTP
/// requests, closes). Any thread may answer: `accept`/`reject` a login, `reply` to a sync
/// message, `send` async messages, `disconnect` a client. Replies go out in the order
/// they are written; writes never block (what the socket cannot take is queued and
/// written by `poll`).
///
/// Bad input never hurts the process: a client whose greeting, header or message is
/// malformed, or whose message claims more than `maxMessageBytes`, is disconnected.
public final class QListener: @unchecked Sendable {
    // @unchecked Sendable: `nextID`, `unixPath` and the poll bookkeeping are used only by
    // the single polling thread (the documented contract of `poll`); the client table and
    // command queue are Mutexes; clients guard their own outboxes. Descriptors are
    // closed only by the polling thread (or `close()` after polling has stopped).
    /// The TCP port listened on (the real one when 0 was asked for).
    public let port: Int
    /// The configuration the listener was started with.
    public let configuration: QListenerConfiguration
    private var listenFDs: [Int32] = []
    /// A pipe: `wake` writes a byte to `wakeFD.1`; `poll` watches `wakeFD.0`.
    private let wakeFD: (Int32, Int32)
    private let clients = Locked<[Int: ListenerClient]>([:])
    /// The same clients in the order they connected, for `poll` to watch without a lock
    /// or a copy per round (changed only under `pollLock`: by the poller, or `close`).
    private var polled: [ListenerClient] = []
    /// The descriptor set handed to poll(2), reused between rounds (polling thread only).
    private var pollSet: [pollfd] = []
    private enum Command { case activate(Int), drop(Int) }
    private let commands = Locked<[Command]>([])
    private var nextID = 1
    private let stopped = Atomic<Bool>(false)
    /// Held by `poll` while it handles descriptors (not while it waits), and by `close`.
    private let pollLock = CondLock()

    /// Starts listening.
    ///
    /// - Throws: `QConnectionError(.connect, …)` when the port cannot be bound
    ///   (`'cannot listen on port …`-style message).
    public init(_ configuration: QListenerConfiguration) throws {
        self.configuration = configuration
        var p: [Int32] = [0, 0]
        guard pipe(&p) == 0 else { throw QConnectionError(.io, Sock.osError("pipe")) }
        for fd in p {
            Sock.setBlocking(fd, false)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        wakeFD = (p[0], p[1])
        do {
            let (fd, bound) = try QListener.listenTCP(configuration)
            listenFDs.append(fd)
            port = bound
            if configuration.unixSocket, let u = try? QListener.listenUnix(port: bound) { listenFDs.append(u) }
        } catch {
            for fd in listenFDs { Glibc.close(fd) }
            Glibc.close(wakeFD.0)
            Glibc.close(wakeFD.1)
            throw error
        }
    }

    deinit {
        close()
        Glibc.close(wakeFD.0)
        Glibc.close(wakeFD.1)
    }

    // MARK: binding

    private static func listenTCP(_ c: QListenerConfiguration) throws -> (Int32, Int) {
        let all = c.host == "*" || c.host == "0.0.0.0" || c.host == ""
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(truncatingIfNeeded: c.port)).bigEndian
        if all {
            addr.sin_addr.s_addr = INADDR_ANY
        } else if let h = c.host, h != "localhost" {
            var hints = addrinfo()
            hints.ai_family = AF_INET
            var list: UnsafeMutablePointer<addrinfo>?
            guard getaddrinfo(h, nil, &hints, &list) == 0, let ai = list else {
                throw QConnectionError(.connect, "cannot listen on \(h):\(c.port). OS reports: unknown host")
            }
            addr.sin_addr = ai.pointee.ai_addr.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
            freeaddrinfo(list)
        } else {
            addr.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw QConnectionError(.connect, Sock.osError("cannot listen on port \(c.port)")) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        if c.reusePort { setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, socklen_t(MemoryLayout<Int32>.size)) }
        let ok = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard ok, listen(fd, 128) == 0 else {
            let e = errno
            Glibc.close(fd)
            throw QConnectionError(.connect, Sock.osError("cannot listen on port \(c.port)", e))
        }
        var bound = sockaddr_in()
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &bound) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        return (fd, Int(UInt16(bigEndian: bound.sin_port)))
    }

    private static func listenUnix(port: Int) throws -> Int32 {
        var (addr, len) = try Sock.unixAddress(Sock.kdbUnixPath(port), abstract: true)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw QConnectionError(.connect, Sock.osError("uds")) }
        let ok = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 }
        }
        guard ok, listen(fd, 128) == 0 else {
            Glibc.close(fd)
            throw QConnectionError(.connect, Sock.osError("cannot listen on uds"))
        }
        return fd
    }

    // MARK: answering (any thread)

    /// Lets a client in after its `.login` event: sends the agreed capability byte
    /// (at most 3) and starts delivering its messages.
    public func accept(_ client: Int) {
        guard let c = lookup(client) else { return }
        let remote = !c.peer.loopback || configuration.treatLoopbackAsRemote
        c.out.withLock { $0.compress = configuration.compressRemote && remote && (c.info?.capability ?? 0) >= 1 }
        _ = c.enqueue([min(c.info?.capability ?? 0, 3)])
        command(.activate(client))
    }

    /// Takes a client that has just logged in (its `.login` event) out of the listener, for
    /// a thread of its own to serve (multithreaded input mode): the result owns the
    /// descriptor, now blocking, and must answer the login itself. Call on the polling
    /// thread, between polls; nil if the client is gone.
    public func detach(_ client: Int) -> QDetachedClient? {
        pollLock.withLock {
            guard let c = lookup(client), c.phase == .pendingLogin, let info = c.info else { return nil }
            clients.withLock { _ = $0.removeValue(forKey: client) }
            if let k = polled.firstIndex(where: { $0 === c }) { polled.remove(at: k) }
            Sock.setBlocking(c.fd, true)
            let remote = !c.peer.loopback || configuration.treatLoopbackAsRemote
            return QDetachedClient(fd: c.fd, info: info, leftover: Array(c.frames.bytes),
                                   compress: configuration.compressRemote && remote && info.capability >= 1,
                                   maxMessageBytes: configuration.maxMessageBytes, options: configuration.options)
        }
    }

    /// Refuses a client after its `.login` event: the connection is closed (the client
    /// sees `'access`).
    public func reject(_ client: Int) { command(.drop(client)) }

    /// Closes a client's connection from this side (no `.closed` event follows).
    public func disconnect(_ client: Int) { command(.drop(client)) }

    /// Sends the reply to a sync message. False if the client is gone.
    @discardableResult
    public func reply(_ client: Int, _ value: QValue) -> Bool {
        guard let c = lookup(client) else { return false }
        let compress = c.out.withLock { $0.compress }
        // A small reply goes from the stack to the socket (copied only if the socket
        // cannot take it all now).
        do { return try QWire.withMessage(value, type: .response, compress: compress) { write(c, $0) } }
        catch { return write(c, QWire.encodeError((error as? QError)?.name ?? "type")) }
    }

    /// Sends an error reply (`'text`) to a sync message; never compressed.
    @discardableResult
    public func replyError(_ client: Int, _ text: String) -> Bool {
        guard let c = lookup(client) else { return false }
        return write(c, QWire.encodeError(text))
    }

    /// Sends a message to a client: an IPC message of `type`, or, to a WebSocket, a text
    /// frame for a string, a binary frame for a byte vector (other values as IPC bytes).
    ///
    /// - Throws: `QError("type")` when the value cannot be serialized.
    @discardableResult
    public func send(_ client: Int, _ value: QValue, type: QMessageType = .async) throws -> Bool {
        guard let c = lookup(client) else { return false }
        let (kind, compress) = c.out.withLock { ($0.kind, $0.compress) }
        let bytes: [UInt8]
        do {
            switch (kind, value) {
            case (.websocket, .vector(let v)) where v.type == .char:
                guard case .x(let b) = v.storage else { throw QError.type }
                bytes = WSFrame.encode(opcode: 1, b)
            case (.websocket, .vector(let v)) where v.type == .byte:
                guard case .x(let b) = v.storage else { throw QError.type }
                bytes = WSFrame.encode(opcode: 2, b)
            case (.websocket, _):
                bytes = WSFrame.encode(opcode: 2, try QWire.encodeMessage(value, type: type))
            default:
                bytes = try QWire.encodeMessage(value, type: type, compress: compress)
            }
        } catch let e as QError { throw e } catch { throw QError.type }
        return write(c, bytes)
    }

    /// Writes an HTTP response (complete, headers included) and closes after sending it.
    public func respondHTTP(_ client: Int, _ bytes: [UInt8]) {
        guard let c = lookup(client) else { return }
        if c.enqueue(bytes, closeAfter: true).needsPoll { wake() }
    }

    /// Bytes queued for a client and not yet written (`.z.W`).
    public func pendingBytes(_ client: Int) -> Int { lookup(client)?.pendingBytes ?? 0 }

    /// Facts about a client, nil if it is gone.
    public func info(_ client: Int) -> QClientInfo? { lookup(client)?.info }

    /// Interrupts a `poll` in progress (it returns, possibly with no events).
    public func wake() {
        var one: UInt8 = 1
        _ = Glibc.write(wakeFD.1, &one, 1)
    }

    /// Stops listening and closes every client (any thread; a `poll` in progress returns).
    public func close() {
        guard !stopped.exchange(true, ordering: .acquiringAndReleasing) else { return }
        wake()
        // Wait out a polling round in progress; the poller checks `stopped` before it
        // touches any descriptor again, so closing them here is safe from any thread.
        pollLock.withLock {
            for fd in listenFDs { Glibc.close(fd) }
            listenFDs = []
            let all = clients.withLock { t -> [ListenerClient] in
                let v = Array(t.values)
                t.removeAll()
                return v
            }
            for c in all { c.closeSocket() }
            polled = []
        }
    }

    /// True after `close`.
    public var isClosed: Bool { stopped.load(ordering: .acquiring) }

    private func lookup(_ id: Int) -> ListenerClient? { clients.withLock { $0[id] } }

    private func write(_ c: ListenerClient, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { write(c, $0) }
    }

    private func write(_ c: ListenerClient, _ bytes: UnsafeRawBufferPointer) -> Bool {
        let (ok, needsPoll) = c.enqueue(bytes)
        if needsPoll { wake() }
        return ok
    }

    private func command(_ c: Command) {
        commands.withLock { $0.append(c) }
        wake()
    }

    // MARK: polling (one thread)

    /// Waits up to `timeout` milliseconds (-1: forever) for activity, handles it, and
    /// returns the events in arrival order, plus which of the `watching` descriptors
    /// became readable (qrt watches standard input this way). Returns early after `wake`.
    public func poll(timeout: Int32, watching extra: [Int32] = []) -> (events: [QListenerEvent], ready: [Int32]) {
        var events: [QListenerEvent] = []
        pollLock.lock()
        if stopped.load(ordering: .acquiring) { pollLock.unlock(); return ([], []) }
        runCommands(&events)
        // The clients as they were when the set was built (drops during the round
        // leave this copy alone).
        let snapshot = polled
        var fds = pollSet
        pollSet = []  // leaves `fds` uniquely referenced, so it is reused in place
        fds.removeAll(keepingCapacity: true)
        fds.append(pollfd(fd: wakeFD.0, events: Int16(POLLIN), revents: 0))
        for fd in listenFDs { fds.append(pollfd(fd: fd, events: Int16(POLLIN), revents: 0)) }
        for c in snapshot {
            var ev: Int32 = 0
            if c.phase != .pendingLogin && c.phase != .httpAnswering { ev |= Int32(POLLIN) }
            if c.wantsWrite.load(ordering: .acquiring) { ev |= Int32(POLLOUT) }
            fds.append(pollfd(fd: c.fd, events: Int16(ev), revents: 0))
        }
        for fd in extra { fds.append(pollfd(fd: fd, events: Int16(POLLIN), revents: 0)) }
        // Work already in hand (events from commands) must not wait for I/O.
        let wait = events.isEmpty ? timeout : 0
        pollLock.unlock()
        var n: Int32
        repeat { n = Glibc.poll(&fds, nfds_t(fds.count), wait) } while n < 0 && errno == EINTR
        pollLock.lock()
        defer { pollSet = fds; pollLock.unlock() }
        // Closed while waiting: the descriptors polled may be gone (or reused).
        if stopped.load(ordering: .acquiring) { return ([], []) }
        if n <= 0 { return (events, []) }
        if fds[0].revents != 0 {
            var drain = [UInt8](repeating: 0, count: 256)
            while Glibc.read(wakeFD.0, &drain, drain.count) > 0 {}
            runCommands(&events)
        }
        for k in 0..<listenFDs.count where fds[1 + k].revents & Int16(POLLIN) != 0 {
            acceptAll(listenFDs[k])
        }
        let base = 1 + listenFDs.count
        for (k, c) in snapshot.enumerated() {
            let r = Int32(fds[base + k].revents)
            if r == 0 { continue }
            if r & Int32(POLLOUT) != 0, c.flush() { drop(c, &events, report: true); continue }
            if r & Int32(POLLIN | POLLHUP | POLLERR) != 0 { readFrom(c, &events) }
        }
        var ready: [Int32] = []
        for (k, fd) in extra.enumerated() where fds[base + snapshot.count + k].revents != 0 { ready.append(fd) }
        return (events, ready)
    }

    private func runCommands(_ events: inout [QListenerEvent]) {
        let cmds = commands.withLock { c -> [Command] in
            let v = c
            c.removeAll()
            return v
        }
        for cmd in cmds {
            switch cmd {
            case .activate(let id):
                guard let c = lookup(id), c.phase == .pendingLogin else { continue }
                c.phase = .ipc
                c.reported = true
                parseMessages(c, &events)
            case .drop(let id):
                if let c = lookup(id) { drop(c, &events, report: false) }
            }
        }
    }

    private func acceptAll(_ lfd: Int32) {
        while true {
            let fd = Glibc.accept(lfd, nil, nil)
            if fd < 0 {
                if errno == EINTR { continue }
                return
            }
            Sock.setBlocking(fd, false)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            Sock.setNoDelay(fd)
            let c = ListenerClient(id: nextID, fd: fd, maxMessage: configuration.maxMessageBytes)
            nextID += 1
            clients.withLock { $0[c.id] = c }
            polled.append(c)
        }
    }

    /// Removes a client, closing its socket; reports `.closed` if the driver knew it.
    func drop(_ c: ListenerClient, _ events: inout [QListenerEvent], report: Bool) {
        guard clients.withLock({ $0.removeValue(forKey: c.id) }) != nil else { return }
        if let k = polled.firstIndex(where: { $0 === c }) { polled.remove(at: k) }
        c.closeSocket()
        if report && c.reported { events.append(.closed(client: c.id)) }
    }

    /// Reads what a client sent and advances its state machine.
    private func readFrom(_ c: ListenerClient, _ events: inout [QListenerEvent]) {
        // Drain the socket, a bounded number of reads so one busy client cannot starve
        // the others: a burst of small messages comes in one poll round.
        for _ in 0..<16 {
            let n: Int
            do { n = try c.frames.fill(from: c.fd) } catch { drop(c, &events, report: true); return }
            if n == 0 { drop(c, &events, report: true); return }
            if n < 0 { return }
            if !process(c, &events) { return }
            // A read that did not fill the buffer emptied the socket: skip the EAGAIN read.
            if !c.frames.lastReadFilled { return }
        }
    }

    /// Interprets buffered bytes; false when the client was dropped.
    private func process(_ c: ListenerClient, _ events: inout [QListenerEvent]) -> Bool {
        switch c.phase {
        case .handshake: return handshake(c, &events)
        case .ipc: return parseMessages(c, &events)
        case .http: return parseHTTP(c, &events)
        case .websocket: return parseWebSocket(c, &events)
        case .pendingLogin, .httpAnswering: return true
        }
    }
}
