import CQSupport
import Dispatch
import QCore
import QIPC
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

// kdb+'s multithreaded input mode: a negative port (`-p -5001`, `\p -5001`) gives each
// client a thread of its own, which evaluates that client's queries read-only against
// the session's globals while other clients' threads do the same. As in kdb+:
// assigning a global from a client thread fails with `'noupdate`; `.z.po` and `.z.pc`
// are not called; a client thread may not send async messages or open handles
// (`'nosocket`), only make one-shot sync requests; HTTP and WebSocket clients are served
// too (`.z.ph`, `.z.pp`, `.z.ws`). The main thread (console, timer, QRuntime calls) may
// update globals; while it runs, client threads wait, and it waits for the queries in
// progress to finish (a readers-writer lock that prefers the writer).
//
// The listener's poll thread accepts connections and reads greetings; a client that
// logs in is detached from it (`QListener.detach`) and served entirely by its own thread
// with blocking reads and writes. HTTP and WebSocket clients stay with the poll thread,
// which hands their events to a thread per connection.

/// The readers-writer lock between the session's main thread (the writer) and the
/// client threads (readers).
final class ReadersGate: @unchecked Sendable {
    // @unchecked Sendable: `lock` is a pthread rwlock at a stable address; `mainHolds` is
    // touched only by the session's main thread.
    private let lock: UnsafeMutablePointer<pthread_rwlock_t>
    /// Whether the main thread holds the write side (main thread only).
    var mainHolds = false

    init() {
        lock = .allocate(capacity: 1)
        var attr = pthread_rwlockattr_t()
        pthread_rwlockattr_init(&attr)
        // A stream of client queries must not starve the main thread's updates.
        pthread_rwlockattr_setkind_np(&attr, Int32(PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP))
        pthread_rwlock_init(lock, &attr)
        pthread_rwlockattr_destroy(&attr)
    }

    deinit {
        pthread_rwlock_destroy(lock)
        lock.deallocate()
    }

    /// Takes the write side for the main thread, if it does not hold it already.
    func acquireForMain() {
        guard !mainHolds else { return }
        pthread_rwlock_wrlock(lock)
        mainHolds = true
    }

    /// Lets client threads in.
    func releaseForMain() {
        guard mainHolds else { return }
        mainHolds = false
        pthread_rwlock_unlock(lock)
    }

    /// Runs `body` on a client thread, while the main thread is idle.
    func read<T>(_ body: () throws -> T) rethrows -> T {
        pthread_rwlock_rdlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        return try body()
    }
}

/// The server of a negative port: the listener's poll thread, and one thread per client.
final class ThreadedInputServer: @unchecked Sendable {
    // @unchecked Sendable: `main` is read only under the gate's read side, which the main
    // thread excludes whenever it runs, and never after `stopped` is set (set under the
    // write side); the client table is locked; the listener is thread-safe apart from
    // `poll`, which only the poll thread calls.
    let listener: QListener
    let gate = ReadersGate()
    /// The session whose globals client queries read. Unowned: the session stops this
    /// server before it goes away, and `stopped` keeps client threads off it after that.
    private unowned(unsafe) let main: Interpreter
    private let stopped = Atomic<Bool>(false)
    /// HTTP and WebSocket clients' threads, which the poll thread feeds.
    private let clients = Locked<[Int: ClientThread]>([:])
    /// IPC clients served by their own threads, for `stop` to wake.
    private let live = Locked<[Int: QDetachedClient]>([:])
    /// Per-client thread stack: deep recursion in a client's query must not overflow.
    static let clientStackBytes = 64 << 20

    init(listener: QListener, main: Interpreter) throws {
        self.listener = listener
        self.main = main
        try Self.startThread(name: "q-mt-poll", stack: 1 << 20) { [self] in pollLoop() }
    }

    /// Starts a named detached pthread running `body`.
    static func startThread(name: String, stack: Int, _ body: @escaping @Sendable () -> Void) throws {
        do {
            try QIPC.startThread(name: name, stackBytes: stack) {
                cq_set_thread_name(name)
                body()
            }
        } catch { throw QError("thread") }
    }

    /// Reads the listener and hands each event to its client's thread.
    private func pollLoop() {
        while !listener.isClosed {
            let (events, _) = listener.poll(timeout: -1)
            for e in events { route(e) }
        }
        // Closed: let every client thread finish.
        let all = clients.withLock { t -> [ClientThread] in
            let v = Array(t.values)
            t.removeAll()
            return v
        }
        for c in all { c.post(nil) }
    }

    private func route(_ e: QListenerEvent) {
        switch e {
        case .login(let info, let password):
            guard let client = listener.detach(info.id) else { return }
            live.withLock { $0[info.id] = client }
            do {
                try Self.startThread(name: "q-mt-\(info.id)", stack: Self.clientStackBytes) { [self] in
                    serve(client, password: password)
                    live.withLock { _ = $0.removeValue(forKey: info.id) }
                    client.close()
                }
            } catch {
                live.withLock { _ = $0.removeValue(forKey: info.id) }
                client.close()
            }
        case .http(let info, _), .websocketOpened(let info):
            let existing = clients.withLock { $0[info.id] }
            if let c = existing { c.post(e); return }
            let c = ClientThread(id: info.id, server: self)
            clients.withLock { $0[info.id] = c }
            c.post(e)
            do {
                try Self.startThread(name: "q-mt-\(info.id)", stack: Self.clientStackBytes) { c.run() }
            } catch {
                clients.withLock { $0[info.id] = nil }
                listener.disconnect(info.id)
            }
        case .message(let id, _, _), .websocket(let id, _):
            clients.withLock { $0[id] }?.post(e)
        case .closed(let id):
            clients.withLock { $0.removeValue(forKey: id) }?.post(nil)
        }
    }

    /// An IPC client's whole life on its own thread: `.z.pw`, then its messages in
    /// order, each evaluated read-only and answered (sync) straight from this thread.
    private func serve(_ client: QDetachedClient, password: String) {
        let reader = makeReader()
        defer { cq_set_thread_reader(nil) }
        let info = client.info
        let handle = reader.ipc.allocate(.client(info.id))
        let ok = withSessionGlobals(reader) { () -> Bool in
            guard let pw = reader.callback(".z.pw") else { return true }
            let r = try? reader.serving(0, info) { try reader.call(pw, [.symbol(info.user), .string(password)]) }
            if case .atom(.boolean, .b(true))? = r { return true }
            return false
        }
        // Refused: closing the connection is the answer (the client sees 'access).
        guard ok == true, (try? client.accept()) != nil else { return }
        while let (type, value) = client.receive() {
            let outcome = withSessionGlobals(reader) {
                reader.serving(handle, info) { Result { try reader.evaluateRemote(value, sync: type == .sync) } }
            }
            guard let outcome else { return }
            guard type == .sync else { continue }
            switch outcome {
            case .success(let v): client.reply(v)
            case .failure(let e as QError): client.replyError(e.name)
            case .failure(let e): client.replyError("\(e)")
            }
        }
    }

    /// A client thread's interpreter: read-only, no sockets of its own. Marks the calling
    /// thread as its client thread, so Swift code it calls that calls back into the
    /// session (a registered closure using `QRuntime`) runs here, read-only, rather than
    /// waiting for the main thread, which waits for this query.
    func makeReader() -> Interpreter {
        let reader = Interpreter()
        reader.adoptCurrentThread()
        reader.readOnly = true
        reader.ipc.clientThread = true
        reader.ipc.readsSession = main
        reader.settings.port = -Int32(truncatingIfNeeded: listener.port)
        cq_set_thread_reader(Unmanaged.passUnretained(reader).toOpaque())
        return reader
    }

    /// A client thread is done (its client left or was refused).
    func finished(_ id: Int) {
        clients.withLock { _ = $0.removeValue(forKey: id) }
    }

    /// Runs `body` with `reader` seeing the session's globals, once the main thread is
    /// idle; nil after the server has stopped. The reader lets go of the globals before
    /// the main thread may change them again, so the main thread's next update finds its
    /// values unshared and changes them in place.
    func withSessionGlobals<T>(_ reader: Interpreter, _ body: () -> T) -> T? {
        gate.read {
            if stopped.load(ordering: .acquiring) { return nil }
            reader.replaceGlobals(main.globals)
            defer { reader.replaceGlobals(GlobalStore()) }
            return body()
        }
    }

    /// Stops serving (on the main thread): no client thread touches the session after
    /// this returns; they end as their clients' sockets close.
    func stop() {
        gate.acquireForMain()
        stopped.store(true, ordering: .releasing)
        gate.releaseForMain()
        listener.close()
        // Wake threads blocked reading their clients (a thread removes its client here
        // before closing the descriptor, so no reused descriptor is shut down).
        live.withLock { for c in $0.values { c.shutdown() } }
    }
}

/// An HTTP or WebSocket client's thread: its own read-only interpreter, its events (from
/// the poll thread) in arrival order.
final class ClientThread: @unchecked Sendable {
    // @unchecked Sendable: `inbox` is locked; everything else is set at init or used only
    // on the client's own thread.
    let id: Int
    let server: ThreadedInputServer
    private let inbox = Locked<[QListenerEvent?]>([])
    private let ready = DispatchSemaphore(value: 0)

    init(id: Int, server: ThreadedInputServer) {
        self.id = id
        self.server = server
    }

    /// Queues an event for the thread; nil tells it to end.
    func post(_ e: QListenerEvent?) {
        inbox.withLock { $0.append(e) }
        ready.signal()
    }

    func run() {
        let reader = server.makeReader()
        defer { cq_set_thread_reader(nil) }
        let l = server.listener
        var handle: Int32 = 0
        var info: QClientInfo?
        defer { server.finished(id) }
        while true {
            ready.wait()
            guard let event = inbox.withLock({ $0.removeFirst() }) else { return }
            switch event {
            case .login, .message:
                continue  // IPC clients are detached at login: their events never come here
            case .http(let i, let request):
                guard let response = server.withSessionGlobals(reader, { reader.serving(0, i) { reader.httpResponse(request) } })
                else { l.disconnect(id); return }
                l.respondHTTP(i.id, response)
                if info == nil { return }  // plain HTTP: one request per connection
            case .websocketOpened(let i):
                info = i
                handle = reader.ipc.allocate(.client(i.id))
            case .websocket(_, let value):
                let served = server.withSessionGlobals(reader) {
                    if let ws = reader.callback(".z.ws") { _ = try? reader.serving(handle, info) { try reader.call(ws, [value]) } }
                }
                if served == nil { l.disconnect(id); return }
            case .closed:
                return
            }
        }
    }
}

extension Interpreter {
    /// Opens `port` (0: a free one) in kdb+'s multithreaded input mode, as a negative
    /// port does (see HandlesThreaded.swift); `\\p` then shows it negated.
    public func listenThreaded(port: Int, host: String?, reusePort: Bool) throws {
        if readOnly { throw QError.noupdate }
        stopListening()
        let l = try openListener(port: port, host: host, reusePort: reusePort)
        let server = try ThreadedInputServer(listener: l, main: self)
        // This thread is the main thread and is running now: client threads wait until it idles.
        server.gate.acquireForMain()
        ipc.threadedServer = server
        settings.port = -Int32(truncatingIfNeeded: l.port)
    }

    /// On a client thread of `session`'s negative port, the thread's read-only
    /// interpreter (whose globals are the session's while a query runs); nil elsewhere.
    public static func clientReader(of session: Interpreter) -> Interpreter? {
        guard let p = cq_thread_reader() else { return nil }
        let reader = Unmanaged<Interpreter>.fromOpaque(p).takeUnretainedValue()
        return reader.ipc.readsSession === session ? reader : nil
    }

    /// True while a port (positive or negative) is open.
    public var isListening: Bool { ipc.listener != nil || ipc.threadedServer != nil }

    /// With a negative port open, the session's main thread must say when it runs and
    /// when it waits: client threads run their queries only while it waits. Call this
    /// when the thread that drives the session starts running q (a console line, a timer,
    /// a call); a no-op without a negative port.
    public func beginMainWork() {
        ipc.threadedServer?.gate.acquireForMain()
    }

    /// The counterpart of `beginMainWork`: call when the driving thread is about to wait
    /// (poll, sleep, return to its caller), so client threads may run.
    public func endMainWork() {
        ipc.threadedServer?.gate.releaseForMain()
    }
}
