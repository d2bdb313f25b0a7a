// The state one client connection shares between the threads and tasks using it.
//
// Reading follows a leader/follower rule: whoever needs a message (a sync caller waiting
// for its reply, `receive`, or the pump thread that serves async callers and the
// `messages` stream) takes the reader role if it is free, reads one whole message on its
// own thread, hands it to its owner, and gives the role back; everyone else sleeps on the
// condition variable. A lone sync caller therefore writes and reads on its own thread with
// no hand-off, which is what makes request/reply as fast as a raw socket.
#if canImport(Glibc)
import Glibc
#endif
import QCore
import Synchronization

/// One caller's pending reply.
final class Waiter: @unchecked Sendable {
    // @unchecked Sendable: `result` and `continuation` are read and written only while
    // holding the owning core's `lock`.
    var result: Result<QValue, Error>?
    var continuation: CheckedContinuation<QValue, Error>?
}

final class ConnectionCore: @unchecked Sendable {
    // @unchecked Sendable: `fd` is immutable; everything else mutable is guarded: the
    // waiter queue, pushed queue, stream, role flags and `failure` by `lock`; `frames` only
    // by the thread that holds the reader role (`readerBusy`, taken and released under
    // `lock`); socket writes by `writeLock`. The descriptor is closed only in deinit, when
    // no thread can be using it (`close()` merely shuts it down, waking a blocked reader).
    let fd: Int32
    let options: QWireOptions
    let compress: Bool
    let lock = CondLock()
    private let writeLock = Locked<Void>(())
    private let frames: FrameBuffer

    private var waiters: [Waiter] = []
    private var waiterHead = 0
    private var pushed: [QValue] = []
    private var pushedHead = 0
    private var stream: AsyncThrowingStream<QValue, Error>?
    private var streamContinuation: AsyncThrowingStream<QValue, Error>.Continuation?
    private var readerBusy = false
    private var pumpRunning = false
    private var failure: Error?
    private let shutDown = Atomic<Bool>(false)

    init(fd: Int32, options: QWireOptions, compress: Bool) {
        self.fd = fd
        self.options = options
        self.compress = compress
        frames = FrameBuffer(maxMessage: QWire.maxMessageLength)
    }

    deinit { Glibc.close(fd) }

    var isClosed: Bool { lock.withLock { failure != nil } }

    // MARK: writing

    /// Serializes and writes one message in a single write; registers `waiter` (for a
    /// sync request) in the same critical section, so reply order matches write order.
    func write(_ value: QValue, type: QMessageType, waiter: Waiter?) throws {
        do {
            // A small message is written from the stack: no allocation per request.
            try QWire.withMessage(value, type: type, compress: compress) { bytes in
                try writeLock.withLock { _ in
                    try lock.withLock {
                        if let failure { throw failure }
                        if let waiter { waiters.append(waiter) }
                    }
                    do { try Sock.writeAll(fd, bytes) }
                    catch {
                        fail(error)
                        throw error
                    }
                }
            }
        } catch let e as QWireError {
            // Only encoding throws these (before anything is written): the value cannot be sent.
            throw QError(e.kind == .tooDeep ? "stack" : "type")
        }
    }

    /// Writes a reply to a request the server sent us.
    func writeRaw(_ bytes: [UInt8]) throws {
        try writeLock.withLock { _ in try bytes.withUnsafeBytes { try Sock.writeAll(fd, $0) } }
    }

    // MARK: reading

    /// What one read produced.
    enum Incoming {
        case message(QMessageType, Result<QValue, Error>)
        case broken(Error)
    }

    /// Reads one whole message (the caller holds the reader role).
    private func readOne() -> Incoming {
        do {
            while true {
                if let len = try frames.completeMessageLength() {
                    let body = UnsafeRawBufferPointer(rebasing: frames.bytes[0..<len])
                    let type = try QWire.decodeHeader(body).type
                    let result: Result<QValue, Error>
                    do { result = .success(try QWire.decodeMessage(body, options: options).1) }
                    catch let e as QError { result = .failure(e) }
                    frames.consume(len)
                    return .message(type, result)
                }
                if try frames.fill(from: fd) == 0 {
                    return .broken(QConnectionError(.closed, shutDown.load(ordering: .relaxed) ? "closed" : "rcv. connection closed by peer"))
                }
            }
        } catch let e as QWireError {
            return .broken(QConnectionError(.protocolViolation, "badmsg: \(e.message)"))
        } catch {
            return .broken(error)
        }
    }

    /// Takes the reader role, reads one message and delivers it. Called with `lock` held
    /// and `readerBusy` false; returns with `lock` held.
    private func readAndDeliver() {
        readerBusy = true
        lock.unlock()
        let incoming = readOne()
        lock.lock()
        readerBusy = false
        switch incoming {
        case .broken(let e):
            failLocked(e)
        case .message(.response, let r):
            if waiterHead < waiters.count {
                let w = waiters[waiterHead]
                waiterHead += 1
                if waiterHead == waiters.count { waiters.removeAll(keepingCapacity: true); waiterHead = 0 }
                complete(w, r)
            }
        case .message(.async, let r):
            if case .success(let v) = r { deliverPush(v) }
        case .message(.sync, _):
            // The server asks us something; a plain client has nothing to evaluate it with.
            lock.unlock()
            try? writeRaw(QWire.encodeError("nyi"))
            lock.lock()
        }
        lock.broadcast()
    }

    private func complete(_ w: Waiter, _ r: Result<QValue, Error>) {
        if let c = w.continuation {
            w.continuation = nil
            c.resume(with: r)
        } else {
            w.result = r
        }
    }

    private func deliverPush(_ v: QValue) {
        if let c = streamContinuation { c.yield(v) } else { pushed.append(v) }
    }

    /// Blocks until the reply for `w` arrives, reading it ourselves when nobody else is.
    func wait(for w: Waiter) throws -> QValue {
        lock.lock()
        defer { lock.unlock() }
        while w.result == nil {
            if readerBusy { lock.wait() } else { readAndDeliver() }
        }
        return try w.result!.get()
    }

    /// Blocks until a pushed message arrives (`h[]`).
    func receive() throws -> QValue {
        lock.lock()
        defer { lock.unlock() }
        while pushedHead == pushed.count {
            if let failure { throw failure }
            if readerBusy { lock.wait() } else { readAndDeliver() }
        }
        let v = pushed[pushedHead]
        pushedHead += 1
        if pushedHead == pushed.count { pushed.removeAll(keepingCapacity: true); pushedHead = 0 }
        return v
    }

    /// A queued pushed message, or one read now if the socket has data; nil otherwise.
    func receiveIfAvailable() throws -> QValue? {
        lock.lock()
        defer { lock.unlock() }
        while true {
            if pushedHead < pushed.count {
                let v = pushed[pushedHead]
                pushedHead += 1
                if pushedHead == pushed.count { pushed.removeAll(keepingCapacity: true); pushedHead = 0 }
                return v
            }
            if let failure { throw failure }
            if readerBusy { return nil }
            // Nobody holds the reader role and we hold the lock, so `frames` is ours to peek.
            if frames.pending == 0 {
                var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                if Glibc.poll(&p, 1, 0) <= 0 { return nil }
            }
            readAndDeliver()
            // Something other than a push (a stray reply) was read: go on only while
            // whole messages remain buffered, which no poll would announce.
            if pushedHead == pushed.count && failure == nil && ((try? frames.completeMessageLength()) ?? nil) == nil {
                return nil
            }
        }
    }

    /// True when a pushed message is queued or a whole message sits in the read buffer:
    /// an event loop must not wait for the socket to become readable then.
    var hasBufferedMessages: Bool {
        lock.withLock {
            if pushedHead < pushed.count { return true }
            if readerBusy || failure != nil { return false }
            return ((try? frames.completeMessageLength()) ?? nil) != nil
        }
    }

    // MARK: failure and close

    func fail(_ e: Error) { lock.withLock { failLocked(e) } }

    /// Marks the connection broken: every waiter and the stream get the error.
    private func failLocked(_ e: Error) {
        if failure == nil { failure = e }
        let err = failure!
        for w in waiters[waiterHead...] { complete(w, .failure(err)) }
        waiters.removeAll()
        waiterHead = 0
        streamContinuation?.finish(throwing: (err as? QConnectionError)?.kind == .closed ? nil : err)
        streamContinuation = nil
        lock.broadcast()
        Glibc.shutdown(fd, Int32(SHUT_RDWR))
    }

    func close() {
        shutDown.store(true, ordering: .relaxed)
        fail(QConnectionError(.closed, "closed"))
    }

    // MARK: the pump (async side)

    /// Starts the thread that reads on behalf of async callers and the stream, once.
    func ensurePump() throws {
        let start: Bool = lock.withLock {
            if pumpRunning || failure != nil { return false }
            pumpRunning = true
            return true
        }
        guard start else { return }
        try startThread(name: "qipc-client") { [self] in pump() }
    }

    private func pump() {
        lock.lock()
        while failure == nil {
            if readerBusy { lock.wait() } else { readAndDeliver() }
        }
        lock.unlock()
    }

    /// Registers an async caller's continuation for `w`, or resumes it at once when the
    /// reply (or a failure) is already in.
    func install(_ c: CheckedContinuation<QValue, Error>, for w: Waiter) {
        lock.withLock {
            if let r = w.result { c.resume(with: r) } else { w.continuation = c }
        }
    }

    /// The stream of pushed messages, created on first use; messages that arrived
    /// earlier come first.
    func messageStream() -> AsyncThrowingStream<QValue, Error> {
        lock.withLock {
            if let stream { return stream }
            let (s, c) = AsyncThrowingStream<QValue, Error>.makeStream()
            for v in pushed[pushedHead...] { c.yield(v) }
            pushed.removeAll()
            pushedHead = 0
            if let failure {
                c.finish(throwing: (failure as? QConnectionError)?.kind == .closed ? nil : failure)
            } else {
                streamContinuation = c
            }
            stream = s
            return s
        }
    }
}
