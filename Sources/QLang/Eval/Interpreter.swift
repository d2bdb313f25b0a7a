import QCore
import CQSupport
#if canImport(Glibc)
import Glibc
#endif

/// One q session: globals, namespaces, settings and the evaluation stack.
///
/// An interpreter is confined to one thread at a time (it is not `Sendable`); the
/// `QRuntime` layer decides which thread that is. Its globals are plain values, so a
/// snapshot for another thread is a copy of `globals`.
public final class Interpreter {
    /// Every global by qualified name: `a` in the root, `.ns.a` in a namespace.
    public internal(set) var globals: GlobalStore {
        get { state.pointee.globals }
        _modify { yield &state.pointee.globals }
        set { state.pointee.globals = newValue }
    }
    /// The current namespace from `\d` (`""` for root, otherwise like `.ns`).
    public internal(set) var namespace: String {
        get { state.pointee.namespace }
        set { state.pointee.namespace = newValue }
    }
    /// Console size and float precision (`\c`, `\P`).
    public var display = QDisplayOptions()
    /// Text printed by `show`, `0N!`, `-1` and friends goes here (standard output).
    public var output: (String) -> Void = { print($0, terminator: "") }
    /// Text written to handle 2 (`-2 "…"`) goes here (standard error).
    public var errorOutput: (String) -> Void = { print($0, terminator: "") }
    /// Script arguments (`.z.x`) and script name (`.z.f`).
    public var scriptArgs: [String] = []
    /// Script name for `.z.f`.
    public var scriptName = ""
    /// Called by `exit n`; the console ends the process, embedders may do otherwise.
    public var exitHandler: (Int32) -> Void = { exit($0) }
    /// Settings shown and changed by system commands (`\e`, `\S`, `\t` …).
    public var settings = SessionSettings()
    /// Seed state of `?` (deal/roll), derived from `\S`.
    var randomState: UInt64 = 0x2545F4914F6CDD1D
    /// Restarts the random sequence from the `\S` seed.
    func reseed() { randomState = 0x9E3779B97F4A7C15 ^ UInt64(bitPattern: Int64(settings.seed)) }
    /// The generator's state as a seed: `\S` with it restarts the sequence from here.
    var randomSeedState: Int32 { Int32(bitPattern: UInt32(truncatingIfNeeded: randomState) ^ 0x7F4A7C15) }
    /// When true, assigning any global fails with `'noupdate` (foreign-thread readers).
    public var readOnly: Bool {
        get { state.pointee.readOnly }
        set { state.pointee.readOnly = newValue }
    }
    /// A hook for IPC primitives (`hopen`, `-8!`…) provided by higher layers.
    public var hooks = Hooks()

    // Mutable evaluation state lives behind a pointer: class `var` properties pay a
    // dynamic exclusivity check on every access, which dominated the interpreter loop.
    let state: UnsafeMutablePointer<EvalState>
    // Local variable frames live in one contiguous stack of optional slots.
    let slots: UnsafeMutablePointer<QValue>
    let slotCapacity: Int
    @inline(__always) var sp: Int {
        get { state.pointee.sp }
        set { state.pointee.sp = newValue }
    }
    @inline(__always) var bp: Int {
        get { state.pointee.bp }
        set { state.pointee.bp = newValue }
    }
    /// Set by `:x` to unwind the statements of the current lambda.
    @inline(__always) var returning: Bool {
        get { state.pointee.returning }
        set { state.pointee.returning = newValue }
    }
    /// The lambda being run, for `.z.s`.
    var currentLambda: QLambda? {
        get { state.pointee.currentLambda?.takeUnretainedValue() }
        set { state.pointee.currentLambda = newValue.map { Unmanaged.passUnretained($0) } }
    }
    /// Columns in scope during a qSQL phrase, innermost last.
    var columnScopes: [[String: QValue]] {
        get { state.pointee.columnScopes }
        _modify { yield &state.pointee.columnScopes }
        set { state.pointee.columnScopes = newValue }
    }
    /// Native stack limit: evaluation fails with `'stack` rather than overflow.
    var stackLimit: UInt {
        get { state.pointee.stackLimit }
        set { state.pointee.stackLimit = newValue }
    }
    let registry = Registry.shared
    /// IPC handles and listener state, created on first use (see `Interpreter.ipc`).
    var ipcState: IPCState?
    /// Views (`v::expr` at top level) by qualified name.
    var views: [String: View] = [:]
    /// Compiled lambdas that arrived as text (over IPC), by source.
    var textLambdas: [String: QLambda] = [:]

    /// A new session with empty globals.
    public init() {
        state = .allocate(capacity: 1)
        state.initialize(to: EvalState())
        slotCapacity = 1 << 18
        slots = .allocate(capacity: slotCapacity)
        slots.initialize(repeating: .unsetLocal, count: slotCapacity)
        stackLimit = Interpreter.computeStackLimit()
        reseed()
        Bootstrap.install(into: self)
    }

    deinit {
        // Client threads of a negative port read this session's globals: stop them first.
        ipcState?.threadedServer?.stop()
        slots.deinitialize(count: slotCapacity)
        slots.deallocate()
        state.deinitialize(count: 1)
        state.deallocate()
    }

    /// Re-reads the native stack bounds: call after moving the interpreter to another thread.
    public func adoptCurrentThread() { stackLimit = Interpreter.computeStackLimit() }

    /// Parses and evaluates q source text (one or more statements separated by `;` or newlines).
    ///
    /// - Returns: the value of the last statement.
    /// - Throws: `QError` with q's error name.
    public func evaluate(_ source: String) throws -> QValue {
        if source.hasPrefix("\\") { return try SystemCommands.run(String(source.dropFirst()), self) }
        if source.hasPrefix("k)") { return try evaluateK(String(source.dropFirst(2))) }
        let expr = try Parser.parse(source)
        let node = try Compiler(namespace: namespace).compileTop(expr)
        returning = false
        let savedScopes = columnScopes
        defer { returning = false; columnScopes = savedScopes }
        return try node.eval(self)
    }

    /// Evaluates one console line: returns nil when q would print nothing (an assignment,
    /// a statement ending in `;`, or the generic null).
    public func evaluateLine(_ source: String) throws -> QValue? {
        if source.hasPrefix("\\") || source.hasPrefix("k)") {
            let v = try evaluate(source)
            return v.isIdentity ? nil : v
        }
        let expr = try Parser.parse(source)
        let last: Expr
        if case .sequence(let items) = expr { last = items.last ?? .empty } else { last = expr }
        let node = try Compiler(namespace: namespace).compileTop(expr)
        returning = false
        let savedScopes = columnScopes
        defer { returning = false; columnScopes = savedScopes }
        let v = try node.eval(self)
        switch last {
        case .assign, .patternAssign: return nil
        default: break
        }
        return v.isIdentity ? nil : v
    }

    /// Applies a function (or indexes a value) with arguments, as q's `.` does.
    public func call(_ f: QValue, _ args: [QValue]) throws -> QValue {
        try apply(f, args)
    }

    /// The value of a global (qualified name such as `t` or `.ns.v`), or nil.
    public func global(_ name: String) -> QValue? { globals[name] }

    /// Sets a global (qualified name).
    public func setGlobal(_ name: String, _ value: QValue) { globals[name] = value }

    /// Replaces every global at once (a snapshot taken from another session).
    public func replaceGlobals(_ g: GlobalStore) { globals = g }

    /// Registers a Swift closure as a q function under a (qualified) global name.
    ///
    /// - Throws: `'noupdate` in read-only mode.
    public func register(_ name: String, rank: Int, _ body: @escaping @Sendable ([QValue]) throws -> QValue) throws {
        try assignGlobal(name, .function(.native(QNativeFunction(name: name, rank: rank, body: body))))
    }

    /// Qualifies a name assigned or read at top level in the current namespace.
    func qualify(_ name: String) -> String {
        if name.hasPrefix(".") || namespace.isEmpty { return name }
        return namespace + "." + name
    }

    // MARK: stack guard

    static func computeStackLimit() -> UInt {
        var base: UnsafeMutableRawPointer?
        var size = 0
        guard cq_thread_stack(&base, &size) == 0, let b = base else { return 0 }
        // Leave 256 KiB (or a quarter of small stacks) for the error path and primitives.
        let margin = min(256 * 1024, size / 4)
        return UInt(bitPattern: b) + UInt(margin)
    }

    /// Throws `'stack` when the native stack is nearly used up.
    @inline(__always)
    func checkStack() throws {
        var marker: UInt8 = 0
        let here = withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
        if here < stackLimit { throw QError.stack }
    }
}

/// The interpreter's mutable evaluation state (see `Interpreter.state`).
struct EvalState {
    var globals = GlobalStore()
    var namespace = ""
    var readOnly = false
    var sp = 0
    var bp = 0
    var returning = false
    var currentLambda: Unmanaged<QLambda>?
    var columnScopes: [[String: QValue]] = []
    var stackLimit: UInt = 0
}

/// Entry points higher layers provide (IPC, timers): kept as closures so `QLang`
/// does not depend on them.
public struct Hooks {
    /// Handles `hopen`, `h x`, `-8!`, `-9!` and the like: (name, args) → value; nil when absent.
    public var ipc: ((String, [QValue]) throws -> QValue)?
    /// A new, empty set of hooks.
    public init() {}
}
