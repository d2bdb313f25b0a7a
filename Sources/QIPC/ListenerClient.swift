// One client of a `QListener`: its read-side state machine (handshake, login, IPC
// messages, HTTP, WebSocket frames), owned by the polling thread, and its outbox, which
// any thread may write to.
#if canImport(Glibc)
import Glibc
#endif
import QCore
import Synchronization

/// Bytes waiting to be written to a client, and the facts writers need.
struct Outbox {
    var chunks: [[UInt8]] = []
    /// Bytes of `chunks[0]` already written.
    var offset = 0
    /// Set (with the descriptor closed) by the polling thread; writers then give up.
    var closed = false
    /// Close once everything is written (HTTP responses).
    var closeAfterFlush = false
    /// How to frame values: set at login / upgrade.
    var kind: QClientKind = .ipc
    var compress = false

    var pendingBytes: Int { chunks.reduce(0) { $0 + $1.count } - offset }
}

final class ListenerClient: @unchecked Sendable {
    // @unchecked Sendable: `phase`, `frames`, `info`, `reported` and the WebSocket
    // fragment buffer are touched only by the one thread that polls the listener; `out`
    // is a Mutex; `fd` and `id` are immutable, and `fd` is closed only under `out`'s lock
    // after `closed` is set, so no writer can use a closed (or reused) descriptor.
    enum Phase {
        case handshake
        case pendingLogin
        case ipc
        case http
        case httpAnswering
        case websocket
    }

    let id: Int
    let fd: Int32
    let peer: (address: Int32, loopback: Bool, unix: Bool)
    var phase = Phase.handshake
    let frames: FrameBuffer
    var info: QClientInfo?
    /// True once the driver has heard of this client (so it must hear of its closing).
    var reported = false
    var fragments: [UInt8] = []
    var fragmentOpcode: UInt8 = 0
    let out = Locked<Outbox>(Outbox())
    /// Mirrors "outbox non-empty" so the poller can ask cheaply.
    let wantsWrite = Atomic<Bool>(false)

    init(id: Int, fd: Int32, maxMessage: Int) {
        self.id = id
        self.fd = fd
        peer = Sock.peerAddress(fd)
        frames = FrameBuffer(initialCapacity: 1 << 12, maxMessage: maxMessage)
    }

    /// Queues bytes, writing as much as the socket takes at once. False when closed.
    /// Returns through `needsPoll` whether bytes were left for the poller to write.
    func enqueue(_ bytes: [UInt8], closeAfter: Bool = false) -> (ok: Bool, needsPoll: Bool) {
        bytes.withUnsafeBytes { enqueue($0, closeAfter: closeAfter) }
    }

    /// Queues borrowed bytes (copying only what the socket does not take at once).
    func enqueue(_ bytes: UnsafeRawBufferPointer, closeAfter: Bool = false) -> (ok: Bool, needsPoll: Bool) {
        out.withLock { o in
            if o.closed { return (false, false) }
            if closeAfter { o.closeAfterFlush = true }
            var rest = bytes
            if o.chunks.isEmpty {
                while !rest.isEmpty {
                    let n = send(fd, rest.baseAddress!, rest.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
                    if n > 0 { rest = UnsafeRawBufferPointer(rebasing: rest[n...]); continue }
                    if n < 0 && errno == EINTR { continue }
                    if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { break }
                    // A dead peer: the poller will see the hang-up and close.
                    rest = UnsafeRawBufferPointer(start: nil, count: 0)
                    break
                }
                if rest.isEmpty && !o.closeAfterFlush { return (true, false) }
            }
            if !rest.isEmpty { o.chunks.append(Array(rest)) }
            wantsWrite.store(true, ordering: .releasing)
            return (true, true)
        }
    }

    /// Writes queued bytes until the socket is full (polling thread, on POLLOUT). Returns
    /// true when the client should now be closed (an answered HTTP request).
    func flush() -> Bool {
        out.withLock { o in
            while let first = o.chunks.first {
                let n = first.withUnsafeBytes { b in
                    send(fd, b.baseAddress! + o.offset, b.count - o.offset, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
                }
                if n < 0 {
                    if errno == EINTR { continue }
                    if errno == EAGAIN || errno == EWOULDBLOCK { return false }
                    o.chunks.removeAll()
                    o.offset = 0
                    break
                }
                o.offset += n
                if o.offset == first.count { o.chunks.removeFirst(); o.offset = 0 }
            }
            wantsWrite.store(false, ordering: .releasing)
            return o.closeAfterFlush
        }
    }

    /// Marks the client closed and closes its descriptor (polling thread only).
    func closeSocket() {
        out.withLock { o in
            guard !o.closed else { return }
            o.closed = true
            o.chunks.removeAll()
            Glibc.close(fd)
        }
        wantsWrite.store(false, ordering: .releasing)
    }

    var pendingBytes: Int { out.withLock { $0.pendingBytes } }

    // MARK: handshake

    enum HandshakeOutcome {
        case incomplete
        case http
        case credentials(user: String, password: String, capability: UInt8)
        case bad
    }

    /// Reads the `user:password` + capability + NUL greeting, or spots an HTTP request.
    func parseHandshake() -> HandshakeOutcome {
        let b = frames.bytes
        if HTTPParse.looksLikeHTTP(b) { return .http }
        guard let nul = b.firstIndex(of: 0) else {
            if b.count < 4 && HTTPParse.couldBeHTTP(b) { return .incomplete }
            return b.count > 4096 ? .bad : .incomplete
        }
        var cred = Array(b[0..<nul])
        var capability: UInt8 = 0
        // The capability is a byte below any printable character, just before the NUL.
        if let last = cred.last, last < 32 {
            capability = last
            cred.removeLast()
        }
        frames.consume(nul + 1)
        let text = String(decoding: cred, as: UTF8.self)
        let user: String, password: String
        if let colon = text.firstIndex(of: ":") {
            user = String(text[..<colon])
            password = String(text[text.index(after: colon)...])
        } else {
            user = text
            password = ""
        }
        return .credentials(user: user, password: password, capability: capability)
    }
}
