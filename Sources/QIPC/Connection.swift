// The kdb+ IPC client: connecting and the handshake, synchronous requests, async
// messages. The asynchronous side (async/await queries, the stream of pushed messages)
// is at the end of this file; the shared reading machinery in ConnectionCore.swift.
#if canImport(Glibc)
import Glibc
#endif
import QCore

/// A connection to a kdb+ (or QRuntime) server, as q's `hopen` makes.
///
/// ```swift
/// let conn = try QConnection(host: "localhost", port: 5001)
/// let n = try conn("til 5")                          // sync, string query
/// let s = try conn.sync(.list([.string("+"), .long(2), .long(3)]))   // (f;args)
/// let r = try await conn.query("{x*y}", .long(6), .long(7))
/// try conn.send("a:10")                               // async, no reply
/// for try await pushed in conn.messages { … }        // what the server sends by neg .z.w
/// ```
///
/// A connection may be used from many threads and tasks at once: requests are written
/// whole (one write of header and body) in the order callers take the write lock, and
/// kdb+ answers in request order, so each caller gets its own reply. Errors the server
/// signals arrive as `QError`; failures of the connection as `QConnectionError`.
public final class QConnection: Sendable {
    let core: ConnectionCore
    /// The capability the server agreed to in the handshake (3 for kdb+ 3.0 and later).
    public let capability: UInt8
    /// The server's address as given (`host:port` or `unix://…`), for messages.
    public let address: String

    /// Connects over TCP and performs the handshake.
    ///
    /// - Parameters:
    ///   - host: Host name or address; empty or `localhost` for this machine.
    ///   - port: TCP port.
    ///   - user: User name sent in the handshake (checked by servers started with `-u`/`-U`).
    ///   - password: Password sent in the handshake.
    ///   - timeout: Seconds allowed for connecting (nil: the OS's limit).
    ///   - options: Decoding limits and hooks (an interpreter passes its primitive resolver).
    /// - Throws: `QConnectionError` (`.connect` when nothing answers, `.access` when the
    ///   server refuses the credentials).
    public init(host: String = "localhost", port: Int, user: String = "", password: String = "",
                timeout: Double? = nil, options: QWireOptions = QWireOptions()) throws {
        let h = host.isEmpty ? "localhost" : host
        address = "\(h):\(port)"
        let (fd, cap) = try QConnection.open(user: user, password: password, timeout: timeout) {
            try Sock.connectTCP(host: h, port: port, timeout: timeout)
        }
        capability = cap
        let local = Sock.peerAddress(fd).loopback
        core = ConnectionCore(fd: fd, options: options, compress: !local && cap >= 1)
    }

    /// Connects to a kdb+ server's unix domain socket for `unixPort` (kdb+'s
    /// `` `:unix://port ``): on Linux the abstract socket `@/tmp/kx.<port>`.
    public convenience init(unixPort: Int, user: String = "", password: String = "",
                            timeout: Double? = nil, options: QWireOptions = QWireOptions()) throws {
        try self.init(unixPath: Sock.kdbUnixPath(unixPort), abstract: true, user: user, password: password,
                      timeout: timeout, options: options)
    }

    /// Connects to a unix domain socket by path (`abstract`: in Linux's abstract namespace).
    public init(unixPath: String, abstract: Bool = false, user: String = "", password: String = "",
                timeout: Double? = nil, options: QWireOptions = QWireOptions()) throws {
        address = "unix://" + (abstract ? "@" : "") + unixPath
        let (fd, cap) = try QConnection.open(user: user, password: password, timeout: timeout) {
            try Sock.connectUnix(path: unixPath, abstract: abstract, timeout: timeout)
        }
        capability = cap
        core = ConnectionCore(fd: fd, options: options, compress: false)
    }

    deinit { core.close() }

    /// Connects and sends `user:password`, capability 3 and a NUL; reads the one-byte
    /// answer. A server that closes instead (older kdb+ refusing the capability) is tried
    /// once more without one; closing again means the credentials were refused.
    static func open(user: String, password: String, timeout: Double?, connect: () throws -> Int32) throws -> (Int32, UInt8) {
        for capability: UInt8? in [3, nil] {
            let fd = try connect()
            var hello = Array((user + ":" + password).utf8.prefix { $0 != 0 })
            if let capability { hello.append(capability) }
            hello.append(0)
            do {
                try hello.withUnsafeBytes { try Sock.writeAll(fd, $0) }
                // The timeout covers the server's answer too: something that accepts
                // but never speaks kdb+ must not hang the caller.
                if let timeout, timeout > 0 {
                    var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                    var r: Int32
                    repeat { r = poll(&p, 1, Int32(min(timeout * 1000, Double(Int32.max)))) } while r < 0 && errno == EINTR
                    if r == 0 { throw QConnectionError(.connect, "hop. OS reports: Connection timed out") }
                }
                var answer: UInt8 = 0
                if try Sock.readExactly(fd, &answer, 1) { return (fd, answer) }
            } catch let e as QConnectionError where e.kind != .closed {
                Glibc.close(fd)
                throw e
            } catch {}
            Glibc.close(fd)
        }
        throw QConnectionError(.access, "access")
    }

    // MARK: synchronous requests

    /// Evaluates q source text on the server and returns the result (`h"query"`).
    ///
    /// - Throws: `QError` for an error the server signalled; `QConnectionError` when the
    ///   connection fails.
    @discardableResult
    public func callAsFunction(_ query: String) throws -> QValue {
        try sync(.string(query))
    }

    /// Sends a value as a sync request and waits for the reply: a string is evaluated, a
    /// list `(f;args…)` applies `f` (a name string or symbol, or a function) to the rest.
    @discardableResult
    public func sync(_ value: QValue) throws -> QValue {
        let w = Waiter()
        try core.write(value, type: .sync, waiter: w)
        return try core.wait(for: w)
    }

    /// Applies the function `f` (a server-side name or q source, e.g. `"{x+y}"`) to
    /// arguments, synchronously: sends `(f;args…)`.
    @discardableResult
    public func sync(_ function: String, _ args: QValue...) throws -> QValue {
        try sync(QConnection.request(function, args))
    }

    /// The message for `f` applied to `args`: a bare string when there are none.
    static func request(_ function: String, _ args: [QValue]) -> QValue {
        args.isEmpty ? .string(function) : .list([.string(function)] + args)
    }

    // MARK: async messages

    /// Sends a value as an async message (`neg[h]x`): no reply comes back. Returns once
    /// the message is written to the socket.
    public func send(_ value: QValue) throws {
        try core.write(value, type: .async, waiter: nil)
    }

    /// Sends q source text as an async message.
    public func send(_ query: String) throws {
        try send(.string(query))
    }

    /// Sends `(f;args…)` as an async message.
    public func send(_ function: String, _ args: QValue...) throws {
        try send(QConnection.request(function, args))
    }

    /// Waits for the next message the server sends unprompted (an async message, such as
    /// `neg[.z.w] x` on the server), as q's `h[]` does. Don't mix with `messages`: each
    /// pushed message goes to one of them.
    public func receive() throws -> QValue {
        try core.receive()
    }

    /// A pushed message if one is already here or the socket has data (then it reads one
    /// whole message, which may wait for the rest of it); nil when there is nothing. For
    /// event loops that poll `fileDescriptor`.
    public func receiveIfAvailable() throws -> QValue? {
        try core.receiveIfAvailable()
    }

    /// True when `receiveIfAvailable` has a message without reading the socket (one came
    /// in while waiting for a reply): event loops check this before polling.
    public var hasBufferedMessages: Bool { core.hasBufferedMessages }

    /// The socket, for event loops to poll for readability (don't read or close it).
    public var fileDescriptor: Int32 { core.fd }

    /// Closes the connection: waiting and later calls fail with `QConnectionError.closed`.
    /// Idempotent; dropping the last reference does it too.
    public func close() { core.close() }

    /// True once the connection is closed or broken.
    public var isClosed: Bool { core.isClosed }
}

// The async/await side of `QConnection`: queries that suspend the task instead of
// blocking a thread, and the stream of messages the server pushes. Both are served by
// the connection's pump thread (started on first use), which reads every incoming
// message and resumes whoever it belongs to; no cooperative-pool thread ever blocks on
// the socket.

extension QConnection {
    /// Evaluates q source text on the server without blocking a thread.
    ///
    /// - Throws: `QError` for an error the server signalled; `QConnectionError` when the
    ///   connection fails.
    @discardableResult
    public func query(_ source: String) async throws -> QValue {
        try await query(value: .string(source))
    }

    /// Applies `f` (a server-side name or q source such as `"{x+y}"`) to arguments,
    /// without blocking a thread: `try await conn.query("upd", .symbol("t"), row)`.
    @discardableResult
    public func query(_ function: String, _ args: QValue...) async throws -> QValue {
        try await query(value: QConnection.request(function, args))
    }

    /// Sends any value as a sync request without blocking a thread; see `sync(_:)`.
    @discardableResult
    public func query(value: QValue) async throws -> QValue {
        try core.ensurePump()
        let w = Waiter()
        try core.write(value, type: .sync, waiter: w)
        return try await withCheckedThrowingContinuation { c in core.install(c, for: w) }
    }

    /// Messages the server sends unprompted, in arrival order: what `neg[.z.w] x` pushes
    /// to this client (what PyKX's `RawQConnection.poll_recv` returns).
    ///
    /// The same stream is returned on every access; iterate it from one task. It ends when
    /// the connection closes, or throws if it breaks. Messages are buffered without limit
    /// until consumed.
    public var messages: AsyncThrowingStream<QValue, Error> {
        let s = core.messageStream()
        // Reading starts once someone listens; a failure to start surfaces on `query`.
        try? core.ensurePump()
        return s
    }
}
