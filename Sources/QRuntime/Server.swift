import QCore
import QIPC
import QLang
#if canImport(Glibc)
import Glibc
#endif

// Serving kdb+ clients from an embedded runtime.
//
// THREADING on: `listen` opens the port, and the interpreter thread serves it between
// (and, when idle, instead of) the runtime's other calls: it sleeps in the listener's
// `poll`, runs the `.z` callbacks for what arrives, and writes replies straight to the
// sockets (see `InterpreterThread`). Evaluation is thus single-threaded and ordered
// exactly like kdb+ on a positive port, interleaved with the runtime's other calls, and
// a query costs no hand-off between threads.
//
// THREADING off: no other thread may touch the interpreter, so nothing is served in the
// background. The owner thread serves by calling `serve(timeout:)` (as kdb+'s main loop
// would), e.g. in a loop; clients wait until it does.

extension QRuntime {
    /// Listens for kdb+ clients (q, PyKX, qPython, `QConnection`…) on `port`, as
    /// `q -p port` does: clients' queries run on this runtime's interpreter, through
    /// `.z.pg`/`.z.ps` when defined, with `.z.w`, `.z.po`, `.z.pc`, `.z.pw` as in kdb+.
    ///
    /// A negative port is kdb+'s multithreaded input mode (`q -p -5001`): each client gets
    /// a thread of its own that evaluates its queries read-only (`'noupdate` on
    /// assignment) while the runtime's own calls wait for them, and they for it; `.z.po`
    /// and `.z.pc` are not called. Client threads serve in the background with THREADING
    /// on or off alike.
    ///
    /// - Parameters:
    ///   - port: TCP port; 0 picks a free one (the result says which); negative for
    ///     multithreaded input mode (the result is then negative too).
    ///   - host: Address to bind: nil for loopback only, `"*"` for every interface.
    ///   - passwords: Credentials to require (`-U`); nil lets anyone in (`.z.pw` may still refuse).
    ///   - multithreaded: Multithreaded input mode, as a negative port asks (and the only
    ///     way to ask for it on a free port, 0).
    /// - Returns: The port listened on.
    /// - Throws: `QError` when the port cannot be bound.
    ///
    /// With THREADING on, serving happens in the background (see the file comment). With
    /// THREADING off, call `serve(timeout:)` from the owner thread to serve. Once this has
    /// been called, `\p` in q moves the server to another port the same way.
    @discardableResult
    public func listen(port: Int, host: String? = nil, passwords: QPasswordFile? = nil,
                       multithreaded: Bool = false) throws -> Int {
        let thread = interpreterThread
        let v = try withInterpreter { i in
            i.ipcServer.passwords = passwords
            // Runs on the interpreter thread whenever `\p` (or `listen`) opens or closes a
            // port. Weak: the thread owns the interpreter that holds this hook.
            i.ipcServer.onListen = thread.map { t in { [weak t] l in t?.serve(l) } }
            if multithreaded {
                try i.listenThreaded(port: abs(port), host: host, reusePort: false)
            } else {
                try i.listen(port: port, host: host)
            }
            return .long(Int64(i.settings.port))
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

    /// The port being listened on, 0 when none (negative in multithreaded input mode).
    public var listeningPort: Int {
        guard let v = try? withInterpreter({ i in .long(Int64(i.settings.port)) }),
              case .atom(_, .j(let p)) = v else { return 0 }
        return Int(p)
    }

    /// THREADING off: serves clients on the calling (owner) thread for one round — waits
    /// up to `timeout` seconds for activity, then evaluates what arrived. Returns the
    /// number of events handled. With THREADING on it only waits (the interpreter thread serves).
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
