// Incoming bytes of one connection, cut into whole messages.
//
// The buffer grows only as bytes actually arrive (never to a length a header merely
// claims), so a peer that lies about a message's length costs at most what it sends plus
// one read-ahead window; a claimed length over the configured maximum is refused at once.
#if canImport(Glibc)
import Glibc
#endif

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
