import QCore
import QIPC
import QLang
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

// Serving kdb+ clients from an embedded runtime.
//
// THREADING on: `listen` opens the port and starts an I/O thread that polls the
// listener (accepting, reading, decoding) and hands each round of events, in arrival
// order, to the interpreter thread through the runtime's request queue. The interpreter
// runs the `.z` callbacks and writes replies straight to the sockets. Evaluation is thus
// single-threaded and ordered exactly like kdb+ on a positive port, interleaved with
// the runtime's other calls.
//
// THREADING off: no other thread may touch the interpreter, so nothing is served in the
// background. The owner thread serves by calling `serve(timeout:)` (as kdb+'s main loop
// would), e.g. in a loop; clients wait until it does.

/// The I/O thread of a THREADING-on server.
final class ServerDriver: Sendable {
    let listener: QListener
    /// The runtime, weakly: a server must not keep its runtime alive.
    private let runtime: WeakRuntime

    init(_ listener: QListener, _ runtime: QRuntime) {
        self.listener = listener
        self.runtime = WeakRuntime(runtime)
    }

    func start() throws {
        try startDriverThread { [self] in loop() }
    }

    private func loop() {
        while !listener.isClosed {
            let (events, _) = listener.poll(timeout: 1000)
            guard let rt = runtime.value else { listener.close(); return }
            if events.isEmpty { continue }
            let l = listener
            do {
                // One request per polling round keeps hand-offs few under load; the
                // events keep their order.
                _ = try rt.withInterpreter { i in
                    for e in events { i.serve(e, from: l) }
                    return .identity
                }
            } catch {
                // The interpreter thread is gone: nobody can answer any more.
                listener.close()
                return
            }
        }
    }
}

/// A weak reference that can cross threads.
final class WeakRuntime: Sendable {
    private let ref: Mutex<WeakBox>
    struct WeakBox: @unchecked Sendable {
        // @unchecked Sendable: holds only a weak reference to a Sendable class.
        weak var value: QRuntime?
    }
    init(_ r: QRuntime) { ref = Mutex(WeakBox(value: r)) }
    var value: QRuntime? { ref.withLock { $0.value } }
}

private func startDriverThread(_ body: @escaping @Sendable () -> Void) throws {
    final class Box: @unchecked Sendable {
        // @unchecked Sendable: handed from the creating thread to the new one exactly once.
        let body: @Sendable () -> Void
        init(_ b: @escaping @Sendable () -> Void) { body = b }
    }
    var attr = pthread_attr_t()
    pthread_attr_init(&attr)
    defer { pthread_attr_destroy(&attr) }
    pthread_attr_setdetachstate(&attr, Int32(PTHREAD_CREATE_DETACHED))
    let raw = Unmanaged.passRetained(Box(body)).toOpaque()
    var tid = pthread_t()
    let rc = pthread_create(&tid, &attr, { p in
        Unmanaged<Box>.fromOpaque(p!).takeRetainedValue().body()
        return nil
    }, raw)
    if rc != 0 {
        Unmanaged<Box>.fromOpaque(raw).release()
        throw QRuntimeError.configuration("cannot start the server thread (pthread_create: \(rc))")
    }
}

extension QRuntime {
    /// Listens for kdb+ clients (q, PyKX, qPython, `QConnection`…) on `port`, as
    /// `q -p port` does: clients' queries run on this runtime's interpreter, through
    /// `.z.pg`/`.z.ps` when defined, with `.z.w`, `.z.po`, `.z.pc`, `.z.pw` as in kdb+.
    ///
    /// - Parameters:
    ///   - port: TCP port; 0 picks a free one (the result says which).
    ///   - host: Address to bind: nil for loopback only, `"*"` for every interface.
    ///   - passwords: Credentials to require (`-U`); nil lets anyone in (`.z.pw` may still refuse).
    /// - Returns: The port listened on.
    /// - Throws: `QError` when the port cannot be bound.
    ///
    /// With THREADING on, serving happens in the background (see the file comment). With
    /// THREADING off, call `serve(timeout:)` from the owner thread to serve. Once this has
    /// been called, `\p` in q moves the server to another port the same way.
    @discardableResult
    public func listen(port: Int, host: String? = nil, passwords: QPasswordFile? = nil) throws -> Int {
        let threaded = isThreaded
        let weak = WeakRuntime(self)
        let v = try withInterpreter { i in
            i.ipcServer.passwords = passwords
            i.ipcServer.onListen = threaded ? { l in
                // Runs on the interpreter thread when `\p` (or `listen`) opens a port.
                guard let l, let rt = weak.value else { return }
                do { try ServerDriver(l, rt).start() } catch { l.close() }
            } : nil
            try i.listen(port: port, host: host)
            return .long(Int64(i.ipcListener?.port ?? 0))
        }
        guard case .atom(_, .j(let p)) = v else { return 0 }
        return Int(p)
    }

    /// Stops listening and disconnects every client.
    public func stopListening() throws {
        try withInterpreter { i in
            i.stopListening()
            return .identity
        }
    }

    /// The port being listened on, 0 when none.
    public var listeningPort: Int {
        guard let v = try? withInterpreter({ i in .long(Int64(i.ipcListener?.port ?? 0)) }),
              case .atom(_, .j(let p)) = v else { return 0 }
        return Int(p)
    }

    /// THREADING off: serves clients on the calling (owner) thread for one round — waits
    /// up to `timeout` seconds for activity, then evaluates what arrived. Returns the
    /// number of events handled. With THREADING on it only waits (the server thread serves).
    @discardableResult
    public func serve(timeout: Double = 0) throws -> Int {
        if isThreaded {
            if timeout > 0 { usleep(UInt32(min(timeout, 4000) * 1_000_000)) }
            return 0
        }
        let ms = Int32(max(0, min(timeout * 1000, Double(Int32.max))))
        let n = try withInterpreter { i in
            guard let l = i.ipcListener else { return .long(0) }
            let (events, _) = l.poll(timeout: ms)
            for e in events { i.serve(e, from: l) }
            return .long(Int64(events.count))
        }
        guard case .atom(_, .j(let c)) = n else { return 0 }
        return Int(c)
    }
}
