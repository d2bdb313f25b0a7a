import QCore
import Synchronization

// Fused vector arithmetic: an expression such as `x*y+z` over long or float vectors is
// computed in one pass, a block of elements at a time, instead of materializing each
// intermediate vector. Temporaries stay in cache and only the result is allocated.
// Any other operand types fall back to the primitives, with identical results.

/// The shape of a fused expression: operands numbered left to right.
indirect enum FusedExpr {
    case leaf(Int)
    case op(FusedOp, FusedExpr, FusedExpr)
}

enum FusedOp {
    case add, sub, mul

    var name: String {
        switch self {
        case .add: return "+"
        case .sub: return "-"
        case .mul: return "*"
        }
    }

    private static let ids = (add: Registry.shared.id("+")!, sub: Registry.shared.id("-")!, mul: Registry.shared.id("*")!)

    /// The operator's primitive, looked up once.
    var registryID: Int {
        switch self {
        case .add: return FusedOp.ids.add
        case .sub: return FusedOp.ids.sub
        case .mul: return FusedOp.ids.mul
        }
    }

    @inline(__always) func long(_ a: Int64, _ b: Int64) -> Int64 {
        if a == Int64.min || b == Int64.min { return Int64.min }
        switch self {
        case .add: return a &+ b
        case .sub: return a &- b
        case .mul: return a &* b
        }
    }

    @inline(__always) func float(_ a: Double, _ b: Double) -> Double {
        switch self {
        case .add: return a + b
        case .sub: return a - b
        case .mul: return a * b
        }
    }
}

final class FusedArithNode: Node {
    let expr: FusedExpr
    let leaves: [Node]
    let refs: [NodeRef]
    /// Internal nodes: the number of block temporaries evaluation may need.
    let depth: Int

    /// The same expression unfused: cheaper when every operand is an atom.
    let unfused: Node
    /// Set after an evaluation saw only atoms: the next one runs `unfused` (no operand
    /// array, no kernel dispatch) until a vector result shows the kernels are wanted.
    /// Atomic because compiled lambdas are shared with read-only snapshot readers.
    let scalarHint = Atomic<Bool>(false)

    init(expr: FusedExpr, leaves: [Node], unfused: Node) {
        self.unfused = unfused
        self.expr = expr
        self.leaves = leaves
        refs = leaves.map(\.ref)
        depth = FusedArithNode.internalCount(expr)
    }

    static func internalCount(_ e: FusedExpr) -> Int {
        if case .op(_, let l, let r) = e { return 1 + internalCount(l) + internalCount(r) }
        return 0
    }

    /// Builds a fused node from a tree of `+ - *` dyads with at least two operators.
    static func make(_ node: Node) -> Node? {
        var leaves: [Node] = []
        func build(_ n: Node) -> FusedExpr {
            if let d = n as? DyadNode, let op = fusedOp(d.id) {
                let l = build(d.left), r = build(d.right)
                return .op(op, l, r)
            }
            if let s = n as? ScalarDyadNode { return build(s.fallback) }
            if let f = n as? FusedArithNode {
                // Flatten a fused subtree into this one.
                let base = leaves.count
                leaves += f.leaves
                func shift(_ e: FusedExpr) -> FusedExpr {
                    switch e {
                    case .leaf(let k): return .leaf(k + base)
                    case .op(let o, let l, let r): return .op(o, shift(l), shift(r))
                    }
                }
                return shift(f.expr)
            }
            leaves.append(n)
            return .leaf(leaves.count - 1)
        }
        let e = build(node)
        guard internalCount(e) >= 2 else { return nil }
        return FusedArithNode(expr: e, leaves: leaves, unfused: node)
    }

    static func fusedOp(_ id: Int) -> FusedOp? {
        switch Registry.shared[id].name {
        case "+": return .add
        case "-": return .sub
        case "*": return .mul
        default: return nil
        }
    }

    override func eval(_ s: Interpreter) throws -> QValue {
        if scalarHint.load(ordering: .relaxed) {
            let r = try unfused.eval(s)
            if case .atom = r {} else { scalarHint.store(false, ordering: .relaxed) }
            return r
        }
        // Operands are evaluated right to left, as the unfused tree would.
        var values = [QValue](repeating: .identity, count: refs.count)
        var anyVector = false
        for k in stride(from: refs.count - 1, through: 0, by: -1) {
            let v = try refs[k].eval(s)
            if case .vector = v { anyVector = true }
            values[k] = v
        }
        // Atoms (a lambda's scalar arithmetic) skip the vector kernels entirely.
        if anyVector, let r = fusedLong(values) ?? fusedFloat(values) { return r }
        if !anyVector { scalarHint.store(true, ordering: .relaxed) }
        return try generic(expr, values, s)
    }

    /// The unfused evaluation, through the primitives.
    private func generic(_ e: FusedExpr, _ values: [QValue], _ s: Interpreter) throws -> QValue {
        switch e {
        case .leaf(let k): return values[k]
        case .op(let op, let l, let r):
            let y = try generic(r, values, s)
            let x = try generic(l, values, s)
            // Long and float atoms: the primitives' arithmetic (nulls propagate, longs wrap).
            if case .atom(.long, .j(let a)) = x, case .atom(.long, .j(let b)) = y { return .atom(.long, .j(op.long(a, b))) }
            if case .atom(.float, .f(let a)) = x, case .atom(.float, .f(let b)) = y { return .atom(.float, .f(op.float(a, b))) }
            let def = s.registry[op.registryID]
            if let d = def.dyad, def.overloads.isEmpty { return try d(x, y, s) }
            return try s.applyPrimitive(def, [x, y], prefix: false)
        }
    }

    /// A view of one operand for a block: a buffer or a broadcast atom.
    enum Operand<T> {
        case buffer(UnsafePointer<T>)
        case atom(T)
    }

    /// Fused evaluation when every operand is a long vector (of one length) or a long atom.
    private func fusedLong(_ values: [QValue]) -> QValue? {
        var arrays: [[Int64]?] = []
        var atoms: [Int64] = []
        var n = -1
        for v in values {
            switch v {
            case .vector(let vec) where vec.type == .long:
                guard case .j(let a) = vec.storage, n == -1 || n == a.count else { return nil }
                n = a.count
                arrays.append(a); atoms.append(0)
            case .atom(.long, .j(let x)):
                arrays.append(nil); atoms.append(x)
            default:
                return nil
            }
        }
        guard n >= 0 else { return nil }
        let out = run(n: n, arrays: arrays, atoms: atoms)
        return .vector(QVector(.long, .j(out)))
    }

    /// Fused evaluation when every operand is a float vector (of one length) or a float atom.
    private func fusedFloat(_ values: [QValue]) -> QValue? {
        var arrays: [[Double]?] = []
        var atoms: [Double] = []
        var n = -1
        for v in values {
            switch v {
            case .vector(let vec) where vec.type == .float:
                guard case .f(let a) = vec.storage, n == -1 || n == a.count else { return nil }
                n = a.count
                arrays.append(a); atoms.append(0)
            case .atom(.float, .f(let x)):
                arrays.append(nil); atoms.append(x)
            default:
                return nil
            }
        }
        guard n >= 0 else { return nil }
        let out = run(n: n, arrays: arrays, atoms: atoms)
        return .vector(QVector(.float, .f(out)))
    }

    static let block = 2048

    private func run<T: FusedElement>(n: Int, arrays: [[T]?], atoms: [T]) -> [T] {
        pinned(arrays, 0, []) { bases in compute(n: n, bases: bases, atoms: atoms) }
    }

    /// Pins every operand array's buffer, one nested scope per array.
    private func pinned<T, R>(_ arrays: [[T]?], _ k: Int, _ acc: [UnsafeBufferPointer<T>?],
                              _ body: ([UnsafeBufferPointer<T>?]) -> R) -> R {
        if k == arrays.count { return body(acc) }
        guard let a = arrays[k] else { return pinned(arrays, k + 1, acc + [nil], body) }
        return a.withUnsafeBufferPointer { pinned(arrays, k + 1, acc + [$0], body) }
    }

    private func compute<T: FusedElement>(n: Int, bases: [UnsafeBufferPointer<T>?], atoms: [T]) -> [T] {
        let temps = UnsafeMutablePointer<T>.allocate(capacity: max(depth, 1) * FusedArithNode.block)
        defer { temps.deallocate() }
        // `make` fuses two or more operators, so the root is always one.
        guard case .op(let rootOp, let rootLeft, let rootRight) = expr else { preconditionFailure("fused leaf") }
        return [T](unsafeUninitializedCapacity: n) { out, count in
            var start = 0
            while start < n {
                let len = min(FusedArithNode.block, n - start)
                var next = 0
                func eval(_ e: FusedExpr) -> Operand<T> {
                    switch e {
                    case .leaf(let k):
                        if let b = bases[k] { return .buffer(b.baseAddress! + start) }
                        return .atom(atoms[k])
                    case .op(let op, let l, let r):
                        let a = eval(l), b = eval(r)
                        let dst = temps + next * FusedArithNode.block
                        next += 1
                        T.apply(op, a, b, dst, len)
                        return .buffer(UnsafePointer(dst))
                    }
                }
                // The root operator writes straight into the result: no copy out of a temporary.
                let a = eval(rootLeft), b = eval(rootRight)
                T.apply(rootOp, a, b, out.baseAddress! + start, len)
                start += len
            }
            count = n
        }
    }
}

/// Element types the fused kernels handle, with one loop per operator and operand shape.
protocol FusedElement {
    static func apply(_ op: FusedOp, _ a: FusedArithNode.OperandView<Self>, _ b: FusedArithNode.OperandView<Self>,
                      _ dst: UnsafeMutablePointer<Self>, _ n: Int)
}

extension FusedArithNode {
    typealias OperandView<T> = Operand<T>
}

extension Int64: FusedElement {
    @inline(__always)
    static func apply(_ op: FusedOp, _ a: FusedArithNode.OperandView<Int64>, _ b: FusedArithNode.OperandView<Int64>,
                      _ dst: UnsafeMutablePointer<Int64>, _ n: Int) {
        @inline(__always) func loop(_ f: (Int64, Int64) -> Int64) {
            // Nulls propagate: a branch-free select after the wrapping operation.
            @inline(__always) func g(_ x: Int64, _ y: Int64) -> Int64 { x == .min || y == .min ? .min : f(x, y) }
            switch (a, b) {
            case (.buffer(let p), .buffer(let q)): for i in 0..<n { dst[i] = g(p[i], q[i]) }
            case (.buffer(let p), .atom(let y)): for i in 0..<n { dst[i] = g(p[i], y) }
            case (.atom(let x), .buffer(let q)): for i in 0..<n { dst[i] = g(x, q[i]) }
            case (.atom(let x), .atom(let y)): let v = g(x, y); for i in 0..<n { dst[i] = v }
            }
        }
        switch op {
        case .add: loop { $0 &+ $1 }
        case .sub: loop { $0 &- $1 }
        case .mul: loop { $0 &* $1 }
        }
    }
}

extension Double: FusedElement {
    @inline(__always)
    static func apply(_ op: FusedOp, _ a: FusedArithNode.OperandView<Double>, _ b: FusedArithNode.OperandView<Double>,
                      _ dst: UnsafeMutablePointer<Double>, _ n: Int) {
        @inline(__always) func loop(_ f: (Double, Double) -> Double) {
            switch (a, b) {
            case (.buffer(let p), .buffer(let q)): for i in 0..<n { dst[i] = f(p[i], q[i]) }
            case (.buffer(let p), .atom(let y)): for i in 0..<n { dst[i] = f(p[i], y) }
            case (.atom(let x), .buffer(let q)): for i in 0..<n { dst[i] = f(x, q[i]) }
            case (.atom(let x), .atom(let y)): let v = f(x, y); for i in 0..<n { dst[i] = v }
            }
        }
        switch op {
        case .add: loop { $0 + $1 }
        case .sub: loop { $0 - $1 }
        case .mul: loop { $0 * $1 }
        }
    }
}
