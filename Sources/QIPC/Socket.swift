// Thin wrappers over the Glibc socket calls the client and the listener share: connect
// (TCP with a timeout, unix domain), listen, accept, whole-buffer writes, and errors that
// carry the OS's explanation the way kdb+ shows it ("OS reports: …").
#if canImport(Glibc)
import Glibc
#endif
import QCore

/// A failure of the connection itself (as opposed to an error the server signalled, which
/// arrives as `QError`).
public struct QConnectionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What failed.
    public enum Kind: Sendable, Equatable {
        /// The connection could not be made (refused, unreachable, unknown host, timeout).
        case connect
        /// The server closed the connection during the handshake: bad credentials.
        case access
        /// The peer closed the connection, or `close()` was called.
        case closed
        /// A read or write failed.
        case io
        /// The peer sent bytes that are not a valid message; the connection was dropped.
        case protocolViolation
    }

    /// What failed.
    public let kind: Kind
    /// The explanation, in kdb+'s words where it has them (`hop. OS reports: Connection refused`).
    public let message: String

    /// An error of a kind with an explanation.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message.
    public var description: String { message }

    /// The error as q signals it from `hopen` or a handle.
    public var qError: QError {
        switch kind {
        case .access: return QError("access")
        default: return QError(message)
        }
    }
}

/// Socket helpers; every descriptor they return is close-on-exec and has SIGPIPE
/// suppressed per call (`MSG_NOSIGNAL`), so a dead peer is an error, never a signal.
enum Sock {
    static func osError(_ what: String, _ code: Int32 = errno) -> String {
        "\(what). OS reports: \(String(cString: strerror(code)))"
    }

    /// The abstract unix socket kdb+ listens on for `port` on Linux: `@/tmp/kx.<port>`.
    static func kdbUnixPath(_ port: Int) -> String { "/tmp/kx.\(port)" }

    /// Fills a `sockaddr_un`; a leading NUL (abstract namespace) when `abstract`.
    static func unixAddress(_ path: String, abstract: Bool) throws -> (sockaddr_un, socklen_t) {
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let bytes = (abstract ? [0] : []) + Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: addr.sun_path)
        guard bytes.count < capacity else { throw QConnectionError(.connect, "unix socket path too long: \(path)") }
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            for (k, b) in bytes.enumerated() { raw[k] = b }
        }
        // Abstract names are exactly as long as given; filesystem paths end at their NUL.
        let len = MemoryLayout<sa_family_t>.size + bytes.count + (abstract ? 0 : 1)
        return (addr, socklen_t(len))
    }

    /// Connects over TCP, trying each address the host resolves to; `timeout` in seconds
    /// bounds each attempt (nil: the OS default).
    static func connectTCP(host: String, port: Int, timeout: Double?) throws -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let name = host.isEmpty ? "localhost" : host
        let rc = getaddrinfo(name, String(port), &hints, &list)
        guard rc == 0, let first = list else {
            throw QConnectionError(.connect, "hop. OS reports: " + String(cString: gai_strerror(rc)))
        }
        defer { freeaddrinfo(list) }
        var lastError = ECONNREFUSED
        var node: UnsafeMutablePointer<addrinfo>? = first
        while let ai = node {
            node = ai.pointee.ai_next
            let fd = socket(ai.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            if fd < 0 { lastError = errno; continue }
            if let err = connect(fd, ai.pointee.ai_addr, ai.pointee.ai_addrlen, timeout: timeout) {
                lastError = err
                Glibc.close(fd)
                continue
            }
            setNoDelay(fd)
            return fd
        }
        throw QConnectionError(.connect, osError("hop", lastError))
    }

    /// Connects to a unix domain socket (abstract when `abstract`).
    static func connectUnix(path: String, abstract: Bool, timeout: Double?) throws -> Int32 {
        var (addr, len) = try unixAddress(path, abstract: abstract)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw QConnectionError(.connect, osError("hop")) }
        let err = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, len, timeout: timeout) }
        }
        if let err {
            Glibc.close(fd)
            throw QConnectionError(.connect, osError("hop", err))
        }
        return fd
    }

    /// `connect` with an optional timeout (non-blocking connect, then poll); returns the
    /// errno of a failure, nil on success. The socket is left blocking.
    static func connect(_ fd: Int32, _ addr: UnsafePointer<sockaddr>, _ len: socklen_t, timeout: Double?) -> Int32? {
        guard let timeout, timeout > 0 else {
            while Glibc.connect(fd, addr, len) != 0 {
                if errno != EINTR { return errno }
            }
            return nil
        }
        setBlocking(fd, false)
        defer { setBlocking(fd, true) }
        if Glibc.connect(fd, addr, len) == 0 { return nil }
        guard errno == EINPROGRESS else { return errno }
        var p = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        let ms = Int32(min(timeout * 1000, Double(Int32.max)))
        var r: Int32
        repeat { r = poll(&p, 1, ms) } while r < 0 && errno == EINTR
        if r == 0 { return ETIMEDOUT }
        var soError: Int32 = 0
        var soLen = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &soLen)
        return soError == 0 ? nil : soError
    }

    static func setBlocking(_ fd: Int32, _ blocking: Bool) {
        let flags = fcntl(fd, F_GETFL, 0)
        _ = fcntl(fd, F_SETFL, blocking ? flags & ~O_NONBLOCK : flags | O_NONBLOCK)
    }

    static func setNoDelay(_ fd: Int32) {
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Writes the whole buffer (blocking socket), retrying on interrupts and short writes.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws {
        var off = 0
        while off < bytes.count {
            let n = send(fd, bytes.baseAddress! + off, bytes.count - off, Int32(MSG_NOSIGNAL))
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK {
                    // A non-blocking socket that is full: wait until it drains.
                    var p = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&p, 1, -1)
                    continue
                }
                throw QConnectionError(errno == EPIPE || errno == ECONNRESET ? .closed : .io, osError("snd"))
            }
            off += n
        }
    }

    /// Reads exactly `count` bytes into `dst`; false if the peer closed first.
    static func readExactly(_ fd: Int32, _ dst: UnsafeMutableRawPointer, _ count: Int) throws -> Bool {
        var off = 0
        while off < count {
            let n = recv(fd, dst + off, count - off, 0)
            if n == 0 { return false }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK {
                    var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                    _ = poll(&p, 1, -1)
                    continue
                }
                if errno == ECONNRESET { return false }
                throw QConnectionError(.io, osError("rcv"))
            }
            off += n
        }
        return true
    }

    /// The peer's IPv4 address as kdb+ shows it in `.z.a` (host order, as an int);
    /// 0 for unix sockets, 2130706433 (127.0.0.1) for IPv6 loopback.
    static func peerAddress(_ fd: Int32) -> (address: Int32, loopback: Bool, unix: Bool) {
        var storage = sockaddr_storage()
        var len = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let ok = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(fd, $0, &len) == 0 }
        }
        guard ok else { return (0, false, false) }
        switch Int32(storage.ss_family) {
        case AF_INET:
            let a = withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt32(bigEndian: $0.pointee.sin_addr.s_addr) }
            }
            return (Int32(bitPattern: a), a >> 24 == 127, false)
        case AF_INET6:
            let bytes = withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { p in
                    withUnsafeBytes(of: p.pointee.sin6_addr) { Array($0) }
                }
            }
            let loop = bytes[0..<15].allSatisfy { $0 == 0 } && bytes[15] == 1
            // An IPv4-mapped address (::ffff:a.b.c.d) carries the IPv4 address.
            if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff {
                let a = UInt32(bytes[12]) << 24 | UInt32(bytes[13]) << 16 | UInt32(bytes[14]) << 8 | UInt32(bytes[15])
                return (Int32(bitPattern: a), bytes[12] == 127, false)
            }
            return (loop ? 2130706433 : 0, loop, false)
        case AF_UNIX:
            return (0, true, true)
        default:
            return (0, false, false)
        }
    }
}

// Incoming bytes of one connection, cut into whole messages.
//
// The buffer grows only as bytes actually arrive (never to a length a header merely
// claims), so a peer that lies about a message's length costs at most what it sends plus
// one read-ahead window; a claimed length over the configured maximum is refused at once.

final class FrameBuffer {
    private(set) var base: UnsafeMutableRawPointer
    private(set) var capacity: Int
    /// Unconsumed bytes are `base[start..<end]`.
    private(set) var start = 0
    private(set) var end = 0
    /// Largest message accepted, header included.
    let maxMessage: Int
    /// True when the last `fill` used all the room it had: more bytes may be waiting.
    private(set) var lastReadFilled = false
    /// How far past the bytes in hand the buffer grows for a read.
    static let readAhead = 1 << 22

    init(initialCapacity: Int = 1 << 16, maxMessage: Int) {
        capacity = initialCapacity
        base = .allocate(byteCount: initialCapacity, alignment: 16)
        self.maxMessage = maxMessage
    }

    deinit { base.deallocate() }

    /// Bytes received and not yet consumed.
    var pending: Int { end - start }

    /// The unconsumed bytes (valid until the next mutation).
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base + start, count: end - start) }

    /// Drops `n` bytes from the front.
    func consume(_ n: Int) {
        start += n
        if start == end { start = 0; end = 0 }
    }

    /// Makes room for at least `want` more bytes at the end (compacting, then growing).
    func reserve(_ want: Int) {
        if capacity - end >= want { return }
        if start > 0 {
            memmove(base, base + start, end - start)
            end -= start
            start = 0
            if capacity - end >= want { return }
        }
        var newCap = capacity
        while newCap - end < want { newCap *= 2 }
        let nb = UnsafeMutableRawPointer.allocate(byteCount: newCap, alignment: 16)
        nb.copyMemory(from: base, byteCount: end)
        base.deallocate()
        base = nb
        capacity = newCap
    }

    /// How many more bytes the message at the front needs, from its header when known.
    private func wanted() -> Int {
        let have = pending
        guard have >= 8 else { return 1 << 16 }
        let h = try? QWire.decodeHeader(bytes)
        guard let h else { return 1 << 16 }
        return max(min(h.length - have, FrameBuffer.readAhead), 1 << 16)
    }

    /// One `recv` into the buffer. Returns the byte count, 0 at end of stream, -1 when a
    /// non-blocking socket has nothing (EAGAIN); throws on other errors.
    func fill(from fd: Int32) throws -> Int {
        reserve(wanted())
        while true {
            let room = capacity - end
            let n = recv(fd, base + end, room, 0)
            if n > 0 { end += n; lastReadFilled = n == room; return n }
            if n == 0 { return 0 }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { return -1 }
            if errno == ECONNRESET { return 0 }
            throw QConnectionError(.io, Sock.osError("rcv"))
        }
    }

    /// Appends bytes that were read elsewhere (the listener's first read, sniffed for HTTP).
    func append(_ b: UnsafeRawBufferPointer) {
        reserve(b.count)
        (base + end).copyMemory(from: b.baseAddress!, byteCount: b.count)
        end += b.count
    }

    /// The length of the complete message at the front, nil while it is incomplete.
    ///
    /// - Throws: `QWireError` for a malformed header or one claiming more than `maxMessage`.
    func completeMessageLength() throws -> Int? {
        guard pending >= 8 else { return nil }
        let h = try QWire.decodeHeader(bytes)
        guard h.length <= maxMessage else {
            throw QWireError(.tooLarge, "message of \(h.length) bytes exceeds the limit of \(maxMessage)")
        }
        return pending >= h.length ? h.length : nil
    }
}

/// A mutex with a condition variable (pthread), for threads that must sleep until
/// another thread changes shared state.
final class CondLock: @unchecked Sendable {
    // @unchecked Sendable: the pthread mutex and condition variable are made for use from
    // many threads; they live in heap allocations that never move, are initialized before
    // the object is shared, and are destroyed in deinit when no thread can reach them.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let cond: UnsafeMutablePointer<pthread_cond_t>

    init() {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        cond = .allocate(capacity: 1)
        cond.initialize(to: pthread_cond_t())
        pthread_cond_init(cond, nil)
    }

    deinit {
        pthread_cond_destroy(cond)
        pthread_mutex_destroy(mutex)
        cond.deallocate()
        mutex.deallocate()
    }

    func lock() { pthread_mutex_lock(mutex) }
    func unlock() { pthread_mutex_unlock(mutex) }
    /// Sleeps until `broadcast` (the mutex must be held; it is held again on return).
    func wait() { pthread_cond_wait(cond, mutex) }
    func broadcast() { pthread_cond_broadcast(cond) }

    @inline(__always) func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock()
        defer { unlock() }
        return try body()
    }
}

/// Starts a detached pthread running `body` (the I/O threads of connections and
/// servers, the client threads of a multithreaded port).
///
/// - Throws: `QConnectionError(.io, …)` when the thread cannot be created.
public func startThread(name: String, stackBytes: Int = 1 << 20, _ body: @escaping @Sendable () -> Void) throws {
    final class Box: @unchecked Sendable {
        // @unchecked Sendable: handed from the creating thread to the new one exactly once.
        let body: @Sendable () -> Void
        let name: String
        init(_ body: @escaping @Sendable () -> Void, _ name: String) { self.body = body; self.name = name }
    }
    var attr = pthread_attr_t()
    pthread_attr_init(&attr)
    defer { pthread_attr_destroy(&attr) }
    pthread_attr_setdetachstate(&attr, Int32(PTHREAD_CREATE_DETACHED))
    pthread_attr_setstacksize(&attr, stackBytes)
    let raw = Unmanaged.passRetained(Box(body, name)).toOpaque()
    var tid = pthread_t()
    let rc = pthread_create(&tid, &attr, { p in
        let box = Unmanaged<Box>.fromOpaque(p!).takeRetainedValue()
        box.body()
        return nil
    }, raw)
    if rc != 0 {
        Unmanaged<Box>.fromOpaque(raw).release()
        throw QConnectionError(.io, "cannot start thread \(name) (pthread_create: \(rc))")
    }
}
