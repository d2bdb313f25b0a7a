import QCore

/// A compiled expression. Each subclass evaluates one construct; the tree is immutable
/// and shared by every call of a lambda.
class Node {
    func eval(_ s: Interpreter) throws -> QValue { fatalError("abstract") }
    /// An unretained reference for the hot path; the owner keeps a strong one.
    @inline(__always) var ref: NodeRef { Unmanaged.passUnretained(self) }
}

extension QValue {
    /// What a local slot holds before assignment: an atom of type 0, which no q value
    /// is. (An optional would cost a value-witness call on every read.)
    static let unsetLocal = QValue.atom(.mixed, .b(false))

    @inline(__always) var isUnsetLocal: Bool {
        if case .atom(.mixed, _) = self { return true }
        return false
    }
}

/// An unretained node reference. Nodes hold strong references to their children (for
/// ownership) and unretained ones (for evaluation): retain/release per evaluated node
/// cost more than the evaluation itself.
typealias NodeRef = Unmanaged<Node>

extension Unmanaged where Instance == Node {
    @inline(__always) func eval(_ s: Interpreter) throws -> QValue {
        try _withUnsafeGuaranteedRef { try $0.eval(s) }
    }
}

/// Runs statements until one sets the return flag; the value of the last one run.
@inline(__always)
func runStatements(_ refs: [NodeRef], _ s: Interpreter) throws -> QValue {
    try refs.withUnsafeBufferPointer { try runStatements($0, s) }
}

@inline(__always)
func runStatements(_ refs: UnsafeBufferPointer<NodeRef>, _ s: Interpreter) throws -> QValue {
    // No placeholder value: materializing (::) costs a retain and a release.
    let n = refs.count
    if n == 0 { return .identity }
    var k = 0
    while true {
        let v = try refs[k].eval(s)
        k += 1
        if k == n || s.returning { return v }
    }
}

final class ConstNode: Node {
    let value: QValue
    init(_ v: QValue) { value = v }
    override func eval(_ s: Interpreter) throws -> QValue { value }
}

/// A local variable or parameter, by slot in the current frame.
final class LocalNode: Node {
    let slot: Int
    let name: String
    init(_ slot: Int, _ name: String) { self.slot = slot; self.name = name }
    override func eval(_ s: Interpreter) throws -> QValue {
        let v = s.slots[s.bp + slot]
        if v.isUnsetLocal { throw QError(name) }
        return v
    }
}

/// A global by qualified name; falls back to `.q` for q-defined builtins.
final class GlobalNode: Node {
    let name: String
    let id: Int
    init(_ name: String) { self.name = name; id = GlobalNames.shared.id(name) }
    override func eval(_ s: Interpreter) throws -> QValue {
        if let v = s.state.pointee.globals[id: id] { return v }
        return try s.lookupFallback(name)
    }
}

/// A name inside a qSQL phrase: a column of the table in scope, else a variable.
final class ColumnNode: Node {
    let name: String
    let fallback: Node
    init(_ name: String, _ fallback: Node) { self.name = name; self.fallback = fallback }
    override func eval(_ s: Interpreter) throws -> QValue {
        if let scope = s.columnScopes.last, let v = scope[name] { return v }
        return try fallback.eval(s)
    }
}

/// A primitive applied to one argument (`-x`, `count x`).
final class MonadNode: Node {
    let id: Int
    let arg: Node
    let a: NodeRef
    init(_ id: Int, _ arg: Node) { self.id = id; self.arg = arg; a = arg.ref }
    override func eval(_ s: Interpreter) throws -> QValue {
        let x = try a.eval(s)
        let def = s.registry[id]
        guard let f = def.monad, def.overloads.isEmpty else { return try s.applyPrimitive(def, [x], prefix: true) }
        return try f(x, s)
    }
}

/// A primitive applied to two arguments (`x+y`); the right one is evaluated first.
final class DyadNode: Node {
    let id: Int
    let left: Node
    let right: Node
    let fn: Dyad?
    let l: NodeRef, r: NodeRef
    init(_ id: Int, _ l: Node, _ r: Node) {
        self.id = id; left = l; right = r
        self.l = l.ref; self.r = r.ref
        let def = Registry.shared[id]
        fn = def.overloads.isEmpty ? def.dyad : nil
    }
    override func eval(_ s: Interpreter) throws -> QValue {
        let y = try r.eval(s)
        let x = try l.eval(s)
        guard let f = fn else { return try s.applyPrimitive(s.registry[id], [x, y], prefix: false) }
        return try f(x, y, s)
    }
}

/// `x op y` for `+ - * < > =` where each operand is a local or a constant: a
/// superinstruction whose long/float atom cases never build intermediate values.
final class ScalarDyadNode: Node {
    enum Op { case add, sub, mul, lt, gt, eq }
    enum Operand {
        case local(Int, String)
        case constant(QValue)
    }
    let op: Op
    let fallback: DyadNode
    // Operands flattened for the hot path: a slot (or -1 for a constant), and the
    // constant's long value when it is one (a constant that is not a long never hits).
    let lSlot: Int, rSlot: Int
    let lConst: Int64?, rConst: Int64?

    init(_ op: Op, _ lhs: Operand, _ rhs: Operand, fallback: DyadNode) {
        self.op = op; self.fallback = fallback
        func split(_ o: Operand) -> (Int, Int64?) {
            switch o {
            case .local(let k, _): return (k, nil)
            case .constant(.atom(.long, .j(let v))): return (-1, v)
            case .constant: return (-1, nil)
            }
        }
        (lSlot, lConst) = split(lhs)
        (rSlot, rConst) = split(rhs)
    }

    /// A long operand read in place, or nil.
    @inline(__always)
    private func long(_ slot: Int, _ c: Int64?, _ s: Interpreter) -> Int64? {
        if slot < 0 { return c }
        if case .atom(.long, .j(let v)) = (s.slots + (s.bp + slot)).pointee { return v }
        return nil
    }

    /// True when the only local operand is parameter 0, so the node can run on an
    /// argument without a frame (see `CompiledLambda.leaf`).
    var readsOnlyFirstParameter: Bool { (lSlot <= 0) && (rSlot <= 0) && (lSlot == 0 || rSlot == 0) }

    /// The result for a long argument in parameter 0, or nil when the operands are not longs.
    @inline(__always)
    func evalOnArgument(_ x: Int64) -> QValue? {
        guard let a = lSlot == 0 ? x : lConst, let b = rSlot == 0 ? x : rConst else { return nil }
        return combine(a, b)
    }

    @inline(__always)
    private func combine(_ a: Int64, _ b: Int64) -> QValue {
        let null = a == Int64.min || b == Int64.min
        switch op {
        case .add: return .atom(.long, .j(null ? Int64.min : a &+ b))
        case .sub: return .atom(.long, .j(null ? Int64.min : a &- b))
        case .mul: return .atom(.long, .j(null ? Int64.min : a &* b))
        case .lt: return .atom(.boolean, .b(a < b))
        case .gt: return .atom(.boolean, .b(a > b))
        case .eq: return .atom(.boolean, .b(a == b))
        }
    }

    override func eval(_ s: Interpreter) throws -> QValue {
        if let b = long(rSlot, rConst, s), let a = long(lSlot, lConst, s) { return combine(a, b) }
        return try fallback.eval(s)
    }
}

/// `f x`: juxtaposition, or any verb value applied prefix.
final class Apply1Node: Node {
    let fn: Node
    let arg: Node
    let f: NodeRef, a: NodeRef
    /// The global id when the function is a global name: calls then read the lambda in
    /// place instead of copying the value out.
    let globalID: Int
    init(_ f: Node, _ x: Node) {
        fn = f; arg = x; self.f = f.ref; a = x.ref
        globalID = (f as? GlobalNode)?.id ?? -1
    }
    override func eval(_ s: Interpreter) throws -> QValue {
        let x = try a.eval(s)
        if globalID >= 0, let l = s.state.pointee.globals.unaryLambda(id: globalID) {
            // A leaf body runs no code that could reassign the global: no reference needed.
            if case .atom(.long, .j(let v)) = x, let r = l._withUnsafeGuaranteedRef({ $0.leafResult(v) }) { return r }
            // Otherwise a strong reference for the call: the lambda may reassign its own global.
            return try s.invoke1(l.takeUnretainedValue(), x)
        }
        let fv = try f.eval(s)
        // `$[c;:r;…]x`: a return inside the function part ends the lambda with its value.
        if s.returning { return fv }
        return try s.apply1(fv, x)
    }
}

/// `x v y` where `v` is not a primitive (a derived verb such as `+/`).
final class Apply2Node: Node {
    let fn: Node
    let left: Node
    let right: Node
    init(_ f: Node, _ l: Node, _ r: Node) { fn = f; left = l; right = r }
    override func eval(_ s: Interpreter) throws -> QValue {
        let y = try right.eval(s)
        let x = try left.eval(s)
        let f = try fn.eval(s)
        return try s.apply(f, [x, y])
    }
}

/// `f[a;b;…]`, with `nil` for elided arguments (making a projection).
final class ApplyNode: Node {
    let fn: Node
    let args: [Node?]
    /// Set for `f[x;y]` with a global `f` and both arguments present: the call can skip
    /// the argument arrays when `f` is a binary lambda.
    let binaryGlobal: (id: Int, x: NodeRef, y: NodeRef)?
    init(_ f: Node, _ a: [Node?]) {
        fn = f; args = a
        if let g = f as? GlobalNode, a.count == 2, let x = a[0], let y = a[1] {
            binaryGlobal = (g.id, x.ref, y.ref)
        } else {
            binaryGlobal = nil
        }
    }
    override func eval(_ s: Interpreter) throws -> QValue {
        if let b = binaryGlobal {
            let y = try b.y.eval(s)
            let x = try b.x.eval(s)
            if let fv = s.state.pointee.globals[id: b.id] {
                if case .function(.lambda(let l)) = fv, l.parameters.count == 2 { return try s.invoke2(l, x, y) }
                return try s.apply(fv, [x, y])
            }
            return try s.apply(try fn.eval(s), [x, y])
        }
        var vals = [QValue?](repeating: nil, count: args.count)
        for k in stride(from: args.count - 1, through: 0, by: -1) {
            if let a = args[k] { vals[k] = try a.eval(s) }
        }
        var f = try fn.eval(s)
        if vals.contains(where: { $0 == nil }) {
            if let g = s.namedValue(f) { f = g }
            // `f[]` is `f[::]`; an elided index of data selects everything; an elided
            // argument of a function makes a projection.
            if vals.count == 1 { return try s.apply(f, [.identity]) }
            guard case .function = f else { return try s.index(f, vals.map { $0 ?? .identity }) }
            // More arguments than the function takes is a rank error even when projecting.
            if vals.count > max(s.valence(f), 1), case .function(let fn) = f, !fn.isVariadic { throw QError.rank }
            return .function(.projection(f, vals))
        }
        return try s.apply(f, vals.map { $0! })
    }
}

/// `(x v)`: a verb with only its left argument, a projection.
final class LeftSectionNode: Node {
    let fn: Node
    let left: Node
    init(_ f: Node, _ l: Node) { fn = f; left = l }
    override func eval(_ s: Interpreter) throws -> QValue {
        let x = try left.eval(s)
        let f = try fn.eval(s)
        return .function(.projection(f, [x, nil]))
    }
}

/// `f'`, `f/` …: derives a function from an iterator and a value.
final class DerivedNode: Node {
    let iterator: QIterator
    let fn: Node
    init(_ it: QIterator, _ f: Node) { iterator = it; fn = f }
    override func eval(_ s: Interpreter) throws -> QValue {
        .function(.derived(iterator, try fn.eval(s)))
    }
}

/// `(a;b;c)`: items are evaluated right to left, then collapsed to a vector if uniform.
final class ListNode: Node {
    let items: [Node]
    init(_ items: [Node]) { self.items = items }
    override func eval(_ s: Interpreter) throws -> QValue {
        var vals = [QValue](repeating: .identity, count: items.count)
        for k in stride(from: items.count - 1, through: 0, by: -1) { vals[k] = try items[k].eval(s) }
        return QValue.collapse(vals)
    }
}

/// Statements in order; stops early when a `:x` return is unwinding.
final class SequenceNode: Node {
    let items: [Node]
    let refs: [NodeRef]
    init(_ items: [Node]) { self.items = items; refs = items.map(\.ref) }
    override func eval(_ s: Interpreter) throws -> QValue { try runStatements(refs, s) }
}

/// A statement whose value is discarded at the console (an empty statement).
final class EmptyNode: Node {
    override func eval(_ s: Interpreter) throws -> QValue { .identity }
}

final class ReturnNode: Node {
    let value: Node
    let v: NodeRef
    init(_ v: Node) { value = v; self.v = v.ref }
    override func eval(_ s: Interpreter) throws -> QValue {
        let v = try self.v.eval(s)
        s.returning = true
        return v
    }
}

final class SignalNode: Node {
    let value: Node
    init(_ v: Node) { value = v }
    override func eval(_ s: Interpreter) throws -> QValue {
        let v = try value.eval(s)
        switch v {
        case .atom(.symbol, .s(let m)): throw QError(m)
        case .vector(let vec) where vec.type == .char:
            if case .x(let b) = vec.storage { throw QError(String(decoding: b, as: UTF8.self)) }
        default: break
        }
        // Only a symbol or a string can be signalled (kdb+ 4: not a number, not a char).
        throw QError("stype")
    }
}

/// `$[c;t;c2;t2;…;f]`: lazy conditional.
final class CondNode: Node {
    let parts: [Node]
    let refs: [NodeRef]
    init(_ p: [Node]) { parts = p; refs = p.map(\.ref) }
    override func eval(_ s: Interpreter) throws -> QValue {
        var k = 0
        let n = refs.count
        while k + 1 < n {
            if try s.isTrue(refs[k].eval(s)) { return try refs[k + 1].eval(s) }
            k += 2
        }
        return k < n ? try refs[k].eval(s) : .identity
    }
}

final class IfNode: Node {
    let cond: Node
    let body: [Node]
    let c: NodeRef
    let refs: [NodeRef]
    init(_ c: Node, _ b: [Node]) { cond = c; body = b; self.c = c.ref; refs = b.map(\.ref) }
    override func eval(_ s: Interpreter) throws -> QValue {
        if try s.isTrue(c.eval(s)) {
            let v = try runStatements(refs, s)
            if s.returning { return v }
        }
        return .identity
    }
}

final class DoNode: Node {
    let count: Node
    let body: [Node]
    let refs: [NodeRef]
    init(_ c: Node, _ b: [Node]) { count = c; body = b; refs = b.map(\.ref) }
    override func eval(_ s: Interpreter) throws -> QValue {
        let n = try count.eval(s)
        guard case .atom(let t, let sc) = n, t.isNumeric, !t.isFloating || true else { throw QError.type }
        let times: Int64
        switch sc {
        case .j(let v): times = v
        case .i(let v): times = Int64(v)
        case .h(let v): times = Int64(v)
        case .x(let v): times = Int64(v)
        case .b(let v): times = v ? 1 : 0
        default: throw QError.type
        }
        var k: Int64 = 0
        while k < times {
            let v = try runStatements(refs, s)
            if s.returning { return v }
            k += 1
        }
        return .identity
    }
}

final class WhileNode: Node {
    let cond: Node
    let body: [Node]
    let c: NodeRef
    let refs: [NodeRef]
    init(_ c: Node, _ b: [Node]) { cond = c; body = b; self.c = c.ref; refs = b.map(\.ref) }
    override func eval(_ s: Interpreter) throws -> QValue {
        while try s.isTrue(c.eval(s)) {
            let v = try runStatements(refs, s)
            if s.returning { return v }
        }
        return .identity
    }
}

/// An implicit composition `f g…`: its parts evaluated into one composed function.
final class ComposeNode: Node {
    let parts: [Node]
    init(_ parts: [Node]) { self.parts = parts }
    override func eval(_ s: Interpreter) throws -> QValue {
        var fs = [QValue](repeating: .identity, count: parts.count)
        for k in stride(from: parts.count - 1, through: 0, by: -1) { fs[k] = try parts[k].eval(s) }
        return .function(.composition(fs))
    }
}
