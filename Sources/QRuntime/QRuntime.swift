@_exported import QCore
import QLang
import Synchronization

/// q, embedded: one interpreter session you can call from Swift threads and tasks.
///
/// With THREADING on (see `QConfiguration`), the runtime starts one named pthread that
/// owns the interpreter; every call, from any thread or task, is queued to it through a
/// lock-free queue and runs there in arrival order. With THREADING off (the default, as
/// in PyKX), the interpreter belongs to the thread that created the runtime: calls from
/// that thread run inline, calls from other threads evaluate read-only on a snapshot
/// of the globals and get `'noupdate` if they try to change one.
///
/// ```swift
/// let q = try QRuntime(configuration: QConfiguration(threading: true))
/// try q("t:([]a:til 3)")
/// let n = try await q.eval("count t")      // 3
/// q.shutdownThread()
/// ```
///
/// `QRuntime` is `Sendable`: share one instance freely.
public final class QRuntime: Sendable {
    /// The configuration the runtime was started with.
    public let configuration: QConfiguration
    private let engine: Engine
    /// The interpreter thread as a task executor (THREADING on); one instance, so a task
    /// preferring it is recognised as already there.
    let interpreterTaskExecutor: InterpreterTaskExecutor?

    private enum Engine: Sendable {
        case threaded(InterpreterThread)
        case owned(OwnedInterpreter)
    }

    /// Starts a runtime. Without a configuration, reads `PYKX_THREADING` and
    /// `.pykx-config` as PyKX does.
    ///
    /// - Throws: `QRuntimeError.configuration` for a malformed configuration.
    public init(configuration: QConfiguration? = nil) throws {
        let config = try configuration ?? QConfiguration.load()
        self.configuration = config
        if config.threading {
            let t = try InterpreterThread(name: config.threadName, stackBytes: config.stackBytes)
            engine = .threaded(t)
            interpreterTaskExecutor = InterpreterTaskExecutor(t)
        } else {
            engine = .owned(OwnedInterpreter())
            interpreterTaskExecutor = nil
        }
    }

    deinit {
        if case .threaded(let t) = engine { t.shutdown() }
    }

    /// The dedicated interpreter thread (THREADING on), nil otherwise.
    var interpreterThread: InterpreterThread? {
        if case .threaded(let t) = engine { return t }
        return nil
    }

    /// True when calls are queued to a dedicated interpreter thread.
    public var isThreaded: Bool {
        if case .threaded = engine { return true }
        return false
    }

    // MARK: running work

    /// Runs `work` on the interpreter, blocking the caller until it is done.
    ///
    /// - Warning: blocks the calling thread; from async code prefer the `async` methods.
    func run(_ work: @escaping Work) throws -> QValue {
        switch engine {
        case .owned(let o):
            return try o.run(work)
        case .threaded(let t):
            if let i = inlineInterpreter(t) { return try work(i) }
            return try t.submitAndWait(Request(work)).get()
        }
    }

    /// Runs `work` on the interpreter, suspending the task (no thread is blocked). A task
    /// cancelled while its call is still queued gets `CancellationError`; the call never runs.
    func runAsync(_ work: @escaping Work) async throws -> QValue {
        switch engine {
        case .owned(let o):
            try Task.checkCancellation()
            return try o.run(work)
        case .threaded(let t):
            if let i = inlineInterpreter(t) { return try work(i) }
            try Task.checkCancellation()
            let r = Request(work, isAsync: true)
            // At the front of the queue a call is done within a few microseconds, before a
            // suspension and a resumption through the cooperative pool would be: poll first.
            if t.submit(r) == 0, r.poll(nanos: InterpreterThread.asyncCallerSpinNanos) { return try r.outcome!.get() }
            return try await withTaskCancellationHandler {
                try await withUnsafeThrowingContinuation { (c: UnsafeContinuation<QValue, Error>) in
                    if !r.attach(c) { c.resume(with: r.outcome!) }
                }
            } onCancel: {
                if r.claim() { r.finish(.failure(CancellationError())) }
            }
        }
    }

    /// The interpreter a call runs on without a hand-off, if any: a Swift closure running
    /// on the interpreter thread calls back in inline; one running on a client thread of
    /// a multithreaded port runs on that thread's read-only reader (the interpreter
    /// thread is waiting for the query, so a hand-off would deadlock).
    private func inlineInterpreter(_ t: InterpreterThread) -> Interpreter? {
        if t.isCurrent { return t.interpreter }
        return Interpreter.clientReader(of: t.interpreter)
    }

    /// Runs a Swift closure with the interpreter, on the interpreter thread when
    /// THREADING is on (inline on the owner thread, or read-only on a snapshot, when off).
    ///
    /// - Warning: the interpreter must not escape the closure.
    @discardableResult
    public func withInterpreter(_ body: @escaping @Sendable (Interpreter) throws -> QValue) throws -> QValue {
        try run(body)
    }

    /// `withInterpreter` without blocking a thread.
    @discardableResult
    public func withInterpreter(_ body: @escaping @Sendable (Interpreter) throws -> QValue) async throws -> QValue {
        try await runAsync(body)
    }

    /// Stops the interpreter thread: queued and later calls fail with
    /// `QRuntimeError.shutdown` at once. Idempotent; a no-op with THREADING off. Dropping
    /// the last reference to the runtime does this too.
    public func shutdownThread() {
        if case .threaded(let t) = engine { t.shutdown() }
    }

    /// Calls completed on the interpreter thread so far (THREADING on; 0 otherwise).
    public var completedCalls: Int {
        if case .threaded(let t) = engine { return t.processed.load(ordering: .relaxed) }
        return 0
    }
}

// MARK: - The q API

extension QRuntime {
    /// Evaluates q source text: `try q("til 10")`.
    ///
    /// - Throws: `QError` with q's error name, or `QRuntimeError.shutdown`.
    @discardableResult
    public func callAsFunction(_ source: String) throws -> QValue {
        try run { try $0.evaluate(source) }
    }

    /// Applies a function, given as q source (a name like `"f"` or a lambda `"{x+y}"`),
    /// to arguments: `try q.evaluate("f", 1, 2)`.
    @discardableResult
    public func evaluate(_ function: String, _ args: any QValueConvertible...) throws -> QValue {
        let values = args.map(\.qValue)
        return try run { i in try i.call(try i.evaluate(function), values.isEmpty ? [.identity] : values) }
    }

    /// Evaluates q source text without blocking a thread: `try await q.eval("select from t")`.
    @discardableResult
    public func eval(_ source: String) async throws -> QValue {
        try await runAsync { try $0.evaluate(source) }
    }

    /// Applies a function to arguments without blocking a thread: `try await q.call("f", 1, 2)`.
    @discardableResult
    public func call(_ function: String, _ args: any QValueConvertible...) async throws -> QValue {
        let values = args.map(\.qValue)
        return try await runAsync { i in try i.call(try i.evaluate(function), values.isEmpty ? [.identity] : values) }
    }

    /// Sets a global: `try q.set("t", table)`.
    public func set(_ name: String, _ value: any QValueConvertible) throws {
        let v = value.qValue
        _ = try run { i in
            _ = try i.call(try i.evaluate("set"), [.symbol(name), v])
            return .identity
        }
    }

    /// The value of a global, or `QError(name)` when it has none.
    public func get(_ name: String) throws -> QValue {
        try run { i in try i.call(try i.evaluate("get"), [.symbol(name)]) }
    }

    /// The value of a global converted to a Swift type: `try q.get("n", as: Int.self)`.
    public func get<T: QValueConvertible>(_ name: String, as type: T.Type) throws -> T {
        try T(qValue: get(name))
    }

    /// Appends or updates rows of a global table (q's `upsert`): `rows` is a table, a
    /// dictionary (one row) or a list of rows.
    public func upsert(_ table: String, _ rows: any QValueConvertible) throws {
        let v = rows.qValue
        _ = try run { i in try i.call(try i.evaluate("upsert"), [.symbol(table), v]) }
    }

    /// `upsert` without blocking a thread.
    public func upsert(_ table: String, _ rows: any QValueConvertible) async throws {
        let v = rows.qValue
        _ = try await runAsync { i in try i.call(try i.evaluate("upsert"), [.symbol(table), v]) }
    }

    /// Registers a Swift closure as a q function named `name`, taking `rank` arguments.
    ///
    /// With THREADING on it runs on the interpreter thread, and may call back into this
    /// runtime (the call runs inline, re-entrantly).
    public func register(_ name: String, rank: Int = 1, _ body: @escaping @Sendable ([QValue]) throws -> QValue) throws {
        _ = try run { i in
            try i.register(name, rank: rank, body)
            return .identity
        }
    }
}

// MARK: - Tables of Swift rows

extension QRuntime {
    /// Sets a global to the table whose rows are `rows`: `try q.set("trades", rows: trades)`.
    ///
    /// See `QTableEncoder` for how fields become columns (`String` → symbol, `Int` → long,
    /// `Date` → timestamp…). The rows are encoded on the calling thread.
    ///
    /// - Throws: `QRuntimeError.conversion` when the rows do not make a table (see
    ///   `QTableEncoder.encode`); `QError` or `QRuntimeError.shutdown` from the interpreter.
    /// - Complexity: O(rows × fields).
    public func set<Row: Encodable>(_ name: String, rows: [Row], using encoder: QTableEncoder = QTableEncoder()) throws {
        try set(name, QValue.table(try encoder.encode(rows)))
    }

    /// Appends (or, for a keyed table, updates) rows of a global table with q's `upsert`:
    /// `try q.upsert("trades", rows: [trade])`. No rows is a no-op.
    ///
    /// The rows are encoded on the calling thread; only the `upsert` itself runs on the
    /// interpreter. Field types must give the table's column types (`Int` for a long
    /// column, `Int32` for an int column…).
    ///
    /// - Throws: `QRuntimeError.conversion` when the rows do not make a table;
    ///   `QError` (`'type`, `'mismatch`) when q rejects them; `QRuntimeError.shutdown`.
    /// - Warning: blocks the calling thread; from async code prefer the `async` overload.
    public func upsert<Row: Encodable>(_ table: String, rows: [Row], using encoder: QTableEncoder = QTableEncoder()) throws {
        guard !rows.isEmpty else { return }
        try upsert(table, QValue.table(try encoder.encode(rows)))
    }

    /// `upsert(_:rows:using:)` without blocking a thread.
    public func upsert<Row: Encodable>(_ table: String, rows: [Row], using encoder: QTableEncoder = QTableEncoder()) async throws {
        guard !rows.isEmpty else { return }
        try await upsert(table, QValue.table(try encoder.encode(rows)))
    }

    /// Evaluates q source text and decodes the resulting table as Swift rows:
    /// `try q.rows("select from trades where size>100", as: Trade.self)`; a global's name
    /// (`"trades"`) reads the whole table.
    ///
    /// Keyed tables decode with their key columns first; a dictionary decodes as one
    /// row. See `QTableDecoder` for the q types each Swift type accepts.
    ///
    /// - Throws: `QError` or `QRuntimeError.shutdown` from the interpreter;
    ///   `QRuntimeError.conversion` naming the row and field that do not fit `Row`.
    /// - Complexity: O(rows × fields) to decode, after the query.
    public func rows<Row: Decodable>(_ source: String, as type: Row.Type, using decoder: QTableDecoder = QTableDecoder()) throws -> [Row] {
        try decoder.decode(type, from: self(source))
    }

    /// `rows(_:as:using:)` without blocking a thread.
    public func rows<Row: Decodable>(_ source: String, as type: Row.Type, using decoder: QTableDecoder = QTableDecoder()) async throws -> [Row] {
        try decoder.decode(type, from: await eval(source))
    }
}
