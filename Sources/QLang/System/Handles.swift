import QCore
import QIPC
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// IPC from q: `hopen`, `hclose`, applying a connection handle (`h"expr"`, `neg[h]x`),
/// `.z.w`, `.z.W`, and `\p` (listening port).
enum IPC {
    /// Registers `hopen`, `hclose` and related primitives.
    static func register(_ r: inout Registry) {
        r.add("hopen", monad: { x, s in try s.hopen(x) })
        r.add("hclose", monad: { x, s in try s.hclose(x) })
    }
}

/// What a handle number stands for.
enum HandleTarget {
    /// A connection this session opened with `hopen`.
    case connection(QConnection)
    /// A file opened with `hopen` for appending.
    case file(String)
    /// A client connected to this session's listening port (listener id).
    case client(Int)

    var isFile: Bool { if case .file = self { return true } else { return false } }
}

/// A session's IPC state: its handles, the listener `\p` opened, and who is being served.
final class IPCState: @unchecked Sendable {
    // @unchecked Sendable: an IPCState is reached only through its interpreter
    // (`Interpreter.ipc`), and an interpreter is confined to one thread at a time.
    // Unowned: the interpreter owns this state and outlives it. (A weak reference would
    // give the interpreter a side table and slow every retain of it.)
    unowned(unsafe) let owner: Interpreter
    var handles: [Int32: HandleTarget] = [:]
    /// `.z.w`: the handle whose message is being evaluated; 0 at the console.
    var current: Int32 = 0
    /// User and address of the client being served (`.z.u`, `.z.a`).
    var currentUser: String?
    var currentAddress: Int32?
    /// The listening port's server core, when `\p` opened one.
    var listener: QListener?
    /// Listener client id → handle, and handle facts for `.z.u`/`.z.a` per client.
    var clientHandles: [Int: Int32] = [:]
    var clientInfo: [Int32: QClientInfo] = [:]
    var server = QServerSettings()
    /// The negative port's server (multithreaded input mode), when `\p -port` opened one.
    var threadedServer: ThreadedInputServer?
    /// This session is a client thread of a negative port: it may not open handles or
    /// send on them (`'nosocket`), only make one-shot requests.
    var clientThread = false
    /// The session a client thread's interpreter reads (set with `clientThread`).
    unowned(unsafe) var readsSession: Interpreter?
    /// Compiled forms of query strings clients sent (see `evaluateCached`).
    var compiled: [String: Node] = [:]

    init(owner: Interpreter) { self.owner = owner }

    /// The lowest free handle number from 3, as the OS numbers descriptors.
    func allocate(_ target: HandleTarget) -> Int32 {
        var h: Int32 = 3
        while handles[h] != nil { h += 1 }
        handles[h] = target
        return h
    }
}

/// How the session's listening port is set up and driven (see `Interpreter.ipcServer`).
public struct QServerSettings {
    /// Bind address for `\p`: nil for loopback only (`-p host:port` sets it; `*` or
    /// `0.0.0.0` for every interface).
    public var host: String?
    /// Password file from `-u`/`-U`.
    public var passwords: QPasswordFile?
    /// `-u`: clients may not run system commands (`'access`).
    public var restrictClients = false
    /// Also listen on kdb+'s unix socket for the port.
    public var unixSocket = true
    /// Called when `\p` opens a listener (or with nil when it closes one), so whatever
    /// drives the session (qrt's event loop, QRuntime's interpreter thread) starts serving it.
    public var onListen: ((QListener?) -> Void)?

    /// Defaults: loopback, no password file.
    public init() {}
}

extension Interpreter {
    /// This session's IPC state, created on first use.
    var ipc: IPCState {
        if let s = ipcState { return s }
        let fresh = IPCState(owner: self)
        ipcState = fresh
        return fresh
    }

    /// Settings of the listening port (bind address, passwords, the driver's hook).
    public var ipcServer: QServerSettings {
        get { ipc.server }
        set { ipc.server = newValue }
    }

    /// True when `h` (or `neg h`) is a handle `hopen` or the listener gave out.
    func isOpenHandle(_ h: Int64) -> Bool {
        guard let n = Interpreter.handleNumber(h) else { return false }
        return ipc.handles[n] != nil
    }

    /// The handle number `h` or `neg h` names; nil for a value no handle can have (nulls
    /// and infinities among them, whose magnitude does not fit).
    static func handleNumber(_ h: Int64) -> Int32? {
        h.magnitude <= UInt64(Int32.max) ? Int32(h.magnitude) : nil
    }

    /// `.z.w`: the handle of the client being served, 0 otherwise.
    var currentHandle: Int32 { ipc.current }

    // MARK: hopen / hclose

    /// `hopen x`: a process (`` `:host:port ``, `` `:host:port:user:pass ``, `` `::port ``,
    /// `` `:unix://port ``, a port number, or `(handle;timeout)`) or a file (`` `:path ``).
    func hopen(_ x: QValue) throws -> QValue {
        if ipc.clientThread { throw QError("nosocket") }
        var timeout: Double?
        var target = x
        if case .list(let l) = x, l.count == 2, case .atom(let t, let sc) = l[1], t.isNumeric {
            target = l[0]
            let ms = scalarInt(sc)
            timeout = ms > 0 ? Double(ms) / 1000 : nil
        }
        if case .atom(let t, let sc) = target, t == .int || t == .long || t == .short {
            let port = Int(scalarInt(sc))
            return .int(ipc.allocate(.connection(try connect(host: "localhost", port: port, user: "", password: "", timeout: timeout))))
        }
        guard let text = self.text(target) else { throw QError.type }
        return .int(ipc.allocate(try openTarget(text, timeout: timeout)))
    }

    /// Opens the target a handle symbol or string names.
    func openTarget(_ text: String, timeout: Double?) throws -> HandleTarget {
        guard text.hasPrefix(":") else { throw QError.type }
        let body = String(text.dropFirst())
        if body.hasPrefix("unix://") {
            let parts = body.dropFirst(7).split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard let port = Int(parts[0]) else { throw QError("hop. invalid unix socket port") }
            let user = parts.count > 1 && !parts[1].isEmpty ? parts[1] : Interpreter.defaultUser, password = parts.count > 2 ? parts[2...].joined(separator: ":") : ""
            do {
                return .connection(try QConnection(unixPort: port, user: user, password: password, timeout: timeout,
                                                   options: Interpreter.wireOptions))
            } catch let e as QConnectionError { throw e.qError }
        }
        if body.hasPrefix("tcps://") || body.hasPrefix("unixs://") || body.hasPrefix("fifo://") { throw QError.nyi }
        let parts = body.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if parts.count >= 2, let port = Int(parts[1]) {
            let user = parts.count > 2 ? parts[2] : ""
            let password = parts.count > 3 ? parts[3...].joined(separator: ":") : ""
            return .connection(try connect(host: parts[0], port: port, user: user, password: password, timeout: timeout))
        }
        return .file(try openFile(body))
    }

    /// The name q sends when `hopen` gives none: the OS user, as kdb+ does.
    static var defaultUser: String {
        guard let u = getenv("USER") ?? getenv("LOGNAME") else { return "" }
        return String(cString: u)
    }

    func connect(host: String, port: Int, user: String, password: String, timeout: Double?) throws -> QConnection {
        let user = user.isEmpty ? Interpreter.defaultUser : user
        do {
            return try QConnection(host: host.isEmpty ? "localhost" : host, port: port, user: user,
                                   password: password, timeout: timeout, options: Interpreter.wireOptions)
        } catch let e as QConnectionError { throw e.qError }
    }

    /// Creates the file (and its directories) for appending; returns its path.
    func openFile(_ path: String) throws -> String {
        var dir = ""
        for part in path.split(separator: "/", omittingEmptySubsequences: false).dropLast() {
            dir += (dir.isEmpty && !path.hasPrefix("/") ? "" : "/") + part
            if !dir.isEmpty && dir != "/" { mkdir(dir, 0o755) }
        }
        guard let f = fopen(path, "ab") else { throw QError(path + ": " + String(cString: strerror(errno))) }
        fclose(f)
        return path
    }

    /// `hclose h`: closes a connection, file or served client (no `.z.pc` for the last).
    func hclose(_ x: QValue) throws -> QValue {
        guard case .atom(let t, let sc) = x, t == .int || t == .long || t == .short else { throw QError.type }
        guard let h = Interpreter.handleNumber(scalarInt(sc)), let target = ipc.handles.removeValue(forKey: h)
        else { throw QError(": Bad file descriptor") }
        switch target {
        case .connection(let c): c.close()
        case .file: break
        case .client(let id):
            ipc.clientHandles[id] = nil
            ipc.clientInfo[h] = nil
            ipc.listener?.disconnect(id)
        }
        return .identity
    }

    // MARK: applying a handle

    /// `h x` for an integer handle other than 0, ±1, ±2: a connection opened by `hopen`.
    func applyIPCHandle(_ h: Int64, _ x: QValue, _ handle: QValue) throws -> QValue {
        guard let n = Interpreter.handleNumber(h), let target = ipc.handles[n] else { throw QError(": Bad file descriptor") }
        if ipc.clientThread, !target.isFile { throw QError("nosocket") }
        let async = h < 0
        switch target {
        case .connection(let c):
            do {
                if x.isIdentity { return async ? .identity : try c.receive() }  // neg[h][] flushes; h[] waits
                if async { try c.send(x); return .identity }
                return try c.sync(x)
            } catch let e as QConnectionError {
                throw e.qError
            }
        case .client(let id):
            guard let l = ipc.listener else { throw QError(": Bad file descriptor") }
            if x.isIdentity { return .identity }
            guard async else { throw QError.nyi }     // sync requests to a client are not supported
            guard try l.send(id, x) else { throw QError(": Bad file descriptor") }
            return .identity
        case .file(let path):
            try appendToFile(path, x, newline: async)
            return handle
        }
    }

    func appendToFile(_ path: String, _ x: QValue, newline: Bool) throws {
        var bytes: [UInt8]
        switch x {
        case .vector(let v) where v.type == .char || v.type == .byte:
            guard case .x(let b) = v.storage else { throw QError.type }
            bytes = b
            if newline && v.type == .char { bytes.append(10) }
        case .atom(.char, .x(let c)), .atom(.byte, .x(let c)):
            bytes = [c]
            if newline { bytes.append(10) }
        case .list(let l):
            bytes = []
            for item in l {
                guard let t = text(item), case .vector = item else { throw QError.type }
                bytes += Array(t.utf8)
                if newline { bytes.append(10) }
            }
        default:
            throw QError.type
        }
        guard let f = fopen(path, "ab") else { throw QError(path + ": " + String(cString: strerror(errno))) }
        defer { fclose(f) }
        guard bytes.isEmpty || fwrite(bytes, 1, bytes.count, f) == bytes.count else { throw QError(path + ": write failed") }
    }

    /// `` `:host:port "query" ``: a one-shot sync request on a fresh connection.
    func oneShot(_ handle: String, _ x: QValue) throws -> QValue {
        let target = try openTarget(handle, timeout: nil)
        guard case .connection(let c) = target else { throw QError.type }
        defer { c.close() }
        do { return try c.sync(x) } catch let e as QConnectionError { throw e.qError }
    }

    // MARK: .z values

    /// `.z.W`: open handles and the bytes queued on each.
    var dotZW: QValue {
        let hs = ipc.handles.keys.sorted()
        let sizes = hs.map { h -> Int64 in
            if case .client(let id) = ipc.handles[h]!, let l = ipc.listener { return Int64(l.pendingBytes(id)) }
            return 0
        }
        return .dict(QDict(keys: .ints(hs), values: .longs(sizes)))
    }

    /// `.z.H`: open handles, sorted.
    var dotZH: QValue { .vector(QVector(.int, .i(ipc.handles.keys.sorted()), attribute: .sorted)) }

    /// `.z.u` while serving a client, nil otherwise.
    var dotZU: QValue? { ipc.currentUser.map { .symbol($0) } }

    /// `.z.a` while serving a client, nil otherwise.
    var dotZA: QValue? { ipc.currentAddress.map { .int($0) } }
}
