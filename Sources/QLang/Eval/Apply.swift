import QCore

// Application: calling functions, projecting them, and indexing data with the same
// syntax (`f[x]`, `v[i]`, `f x`, `v i`). The `@` and `.` operators end up here too.

extension Interpreter {
    /// Applies `f` to one argument written prefix (`f x`). Operators use their unary form.
    @inline(__always)
    func apply1(_ f: QValue, _ x: QValue) throws -> QValue {
        if case .function(let fn) = f {
            switch fn {
            case .lambda(let l) where l.parameters.count == 1:
                return try invoke1(l, x)
            case .primitive(let p):
                return try applyPrimitive(registry[p.id], [x], prefix: true)
            default:
                return try apply(f, [x])
            }
        }
        if let g = namedValue(f) { return try apply1(g, x) }
        return try index(f, [x])
    }

    /// Applies `f` to arguments (`f[a;b]`, `f . args`): functions are called or projected,
    /// data is indexed at depth.
    func apply(_ f: QValue, _ args: [QValue]) throws -> QValue {
        guard case .function(let fn) = f else {
            if let g = namedValue(f) { return try apply(g, args) }
            return try index(f, args)
        }
        switch fn {
        case .lambda(let l):
            if args.count == l.parameters.count { return try invoke(l, args) }
            if l.parameters.isEmpty && args.count == 1 { return try invoke(l, []) }
            if args.count < l.parameters.count { return project(f, args, rank: l.parameters.count) }
            if l.parameters.count == 1 && args.isEmpty { return try invoke(l, [.identity]) }
            throw QError.rank
        case .primitive(let p):
            return try applyPrimitive(registry[p.id], args, prefix: false)
        case .projection(let g, let fixed):
            var filled = fixed
            var k = 0
            for slot in filled.indices where filled[slot] == nil {
                guard k < args.count else { break }
                filled[slot] = args[k]
                k += 1
            }
            if k < args.count {
                // Extra arguments go after the projection's known slots.
                filled.append(contentsOf: args[k...].map { Optional($0) })
            }
            if filled.contains(where: { $0 == nil }) { return .function(.projection(g, filled)) }
            return try apply(g, filled.map { $0! })
        case .composition(let fs):
            guard var r = try fs.last.map({ try apply($0, args) }) else { throw QError.rank }
            for g in fs.dropLast().reversed() { r = try apply1(g, r) }
            return r
        case .derived(let it, let g):
            return try applyDerived(it, g, args)
        case .iterator:
            throw QError.nyi
        case .native(let n):
            if args.count == n.rank { return try callNative(n, args) }
            if args.count < n.rank { return project(f, args, rank: n.rank) }
            if n.rank == 1 && args.isEmpty { return try callNative(n, [.identity]) }
            throw QError.rank
        }
    }

    /// Calls a primitive's form for the argument count. `prefix` is true for `f x`
    /// (unary form); bracket application of an operator to one argument projects it.
    func applyPrimitive(_ def: PrimitiveDef, _ args: [QValue], prefix: Bool) throws -> QValue {
        for o in def.overloads where o.arity == args.count && o.matches(args) { return try o.run(args, self) }
        switch args.count {
        case 1:
            if let m = def.monad, prefix || def.dyad == nil || !def.infix { return try m(args[0], self) }
            if def.dyad != nil { return .function(.projection(def.value, [args[0], nil])) }
            if def.polyad != nil { return .function(.projection(def.value, [args[0], nil, nil])) }
            throw QError.rank
        case 2:
            if let d = def.dyad { return try d(args[0], args[1], self) }
            if let pl = def.polyad { return try pl(args, self) }
            if def.monad != nil { throw QError.rank }
            throw QError.rank
        case 0:
            throw QError.rank
        default:
            guard let pl = def.polyad else { throw QError.rank }
            return try pl(args, self)
        }
    }

    func callNative(_ n: QNativeFunction, _ args: [QValue]) throws -> QValue {
        do { return try n.body(args) } catch let e as QError { throw e } catch { throw QError(String(describing: error)) }
    }

    /// The value a symbol names when the symbol is applied or indexed: `` `f[5;3] ``,
    /// `` `.ns `v ``. Nil for other values, file handles, unknown names, and a name whose
    /// value is itself a symbol (which would otherwise be followed without end).
    func namedValue(_ f: QValue) -> QValue? {
        guard case .atom(.symbol, .s(let name)) = f, !name.isEmpty, !name.hasPrefix(":"),
              let g = try? value(f) else { return nil }
        if case .atom(.symbol, _) = g { return nil }
        return g
    }

    func project(_ f: QValue, _ args: [QValue], rank: Int) -> QValue {
        var fixed: [QValue?] = args.map { $0 }
        while fixed.count < rank { fixed.append(nil) }
        return .function(.projection(f, fixed))
    }

    /// Calls a unary lambda: the hot path of `f each`, `f/` and `f x`.
    @inline(__always)
    func invoke1(_ l: QLambda, _ x: QValue) throws -> QValue {
        if case .atom(.long, .j(let v)) = x, let r = l.leafResult(v) { return r }
        guard let p = l.bodyPointer else { return try invoke(l, [x]) }
        return try Unmanaged<CompiledLambda>.fromOpaque(p)._withUnsafeGuaranteedRef { c in
            let base = sp
            guard base + c.slotCount <= slotCapacity else { throw QError.stack }
            try checkStack()
            slots[base] = x
            return try run(l, c, base)
        }
    }

    /// Calls a binary lambda without building an argument array.
    func invoke2(_ l: QLambda, _ x: QValue, _ y: QValue) throws -> QValue {
        let c = try compiled(l)
        let base = sp
        guard base + max(c.slotCount, 2) <= slotCapacity else { throw QError.stack }
        try checkStack()
        slots[base] = x
        slots[base + 1] = y
        return try run(l, c, base)
    }

    /// Runs `body` with one frame set up for lambda `l`, through which the lambda can be
    /// called many times (by iterators) without pushing and popping a frame per call.
    @inline(__always)
    func withLambdaFrame<R>(_ l: QLambda, _ body: (LambdaFrame) throws -> R) throws -> R {
        let c = try compiled(l)
        let base = sp
        guard base + c.slotCount <= slotCapacity else { throw QError.stack }
        try checkStack()
        let savedBP = bp
        let savedLambda = state.pointee.currentLambda
        bp = base
        sp = base + c.slotCount
        state.pointee.currentLambda = Unmanaged.passUnretained(l)
        defer {
            for k in 0..<c.slotCount { slots[base + k] = .unsetLocal }
            sp = base
            bp = savedBP
            state.pointee.currentLambda = savedLambda
        }
        if !c.patterns.isEmpty {
            // Pattern parameters: no frame reuse, each call matches its arguments.
            return try body(LambdaFrame(s: self, slots: slots + base, slotCount: c.slotCount, refs: UnsafeBufferPointer(start: nil, count: 0), lambda: l))
        }
        return try c.refs.withUnsafeBufferPointer { refs in
            try body(LambdaFrame(s: self, slots: slots + base, slotCount: c.slotCount, refs: refs, lambda: nil))
        }
    }

    /// Matches parameters written as patterns against the arguments in their slots.
    func matchParameters(_ c: CompiledLambda) throws {
        var bindings: [QPatternBinding] = []
        for (slot, p) in c.patterns { _ = try match(p, slots[bp + slot], &bindings) }
        try commit(bindings)
    }

    /// Calls a lambda with exactly its rank of arguments.
    func invoke(_ l: QLambda, _ args: [QValue]) throws -> QValue {
        let c = try compiled(l)
        let base = sp
        guard base + max(c.slotCount, args.count) <= slotCapacity else { throw QError.stack }
        try checkStack()
        for (k, a) in args.enumerated() { slots[base + k] = a }
        return try run(l, c, base)
    }

    @inline(__always)
    private func run(_ l: QLambda, _ c: CompiledLambda, _ base: Int) throws -> QValue {
        let savedBP = bp
        let savedLambda = state.pointee.currentLambda
        bp = base
        sp = base + c.slotCount
        // Unretained: the caller holds the lambda for the whole call.
        state.pointee.currentLambda = Unmanaged.passUnretained(l)
        defer {
            for k in 0..<c.slotCount { slots[base + k] = .unsetLocal }
            sp = base
            bp = savedBP
            state.pointee.currentLambda = savedLambda
        }
        if !c.patterns.isEmpty { try matchParameters(c) }
        let result = try runStatements(c.refs, self)
        returning = false
        return result
    }

    /// The compiled body of a lambda; lambdas that arrived as text are compiled once.
    func compiled(_ l: QLambda) throws -> CompiledLambda {
        if let b = l.body { return unsafeDowncast(b, to: CompiledLambda.self) }
        if let known = textLambdas[l.source], let b = known.body { return unsafeDowncast(b, to: CompiledLambda.self) }
        guard case .lambda(let e) = try Parser.parse(l.source) else { throw QError.parse }
        let made = try Compiler.lambda(e, namespace: l.namespace)
        textLambdas[l.source] = made
        return unsafeDowncast(made.body!, to: CompiledLambda.self)
    }

    /// Truth of a condition in `$[…]`, `if`, `while`: a non-zero atom.
    func isTrue(_ v: QValue) throws -> Bool {
        guard case .atom(_, let s) = v else { throw QError.type }
        switch s {
        case .b(let b): return b
        case .x(let x): return x != 0
        case .h(let x): return x != 0
        case .i(let x): return x != 0
        case .j(let x): return x != 0
        case .e(let x): return x != 0
        case .f(let x): return x != 0
        case .g(let g): return g != .null
        case .s: throw QError.type
        }
    }

    /// Number of arguments a value takes when applied (its valence).
    func valence(_ f: QValue) -> Int {
        guard case .function(let fn) = f else { return 1 }
        switch fn {
        case .lambda(let l): return l.parameters.count
        case .primitive(let p):
            let d = registry[p.id]
            return d.dyad != nil && (p.typeNumber == 102 || d.monad == nil) ? 2 : d.monad != nil ? 1 : d.polyad != nil ? 3 : 2
        case .projection(let g, let fixed):
            let holes = fixed.filter { $0 == nil }.count
            return max(holes, valence(g) - fixed.count + holes)
        case .composition(let fs): return fs.last.map(valence) ?? 1
        case .derived(let it, let g):
            switch it {
            case .each, .prior: return it == .prior ? 2 : valence(g)
            case .over, .scan: return max(valence(g), 1) == 1 ? 1 : valence(g)
            case .eachLeft, .eachRight: return 2
            }
        case .iterator: return 1
        case .native(let n): return n.rank
        }
    }
}

/// A lambda's frame, reused across calls by iterators (see `withLambdaFrame`).
struct LambdaFrame {
    let s: Interpreter
    let slots: UnsafeMutablePointer<QValue>
    let slotCount: Int
    let refs: UnsafeBufferPointer<NodeRef>
    /// Set when the lambda has pattern parameters: calls go through `invoke`.
    let lambda: QLambda?

    /// Calls the lambda with one argument.
    @inline(__always)
    func call(_ x: QValue) throws -> QValue {
        if let l = lambda { return try s.invoke(l, [x]) }
        slots[0] = x
        // Locals from the previous call must not leak into this one.
        if slotCount > 1 { for k in 1..<slotCount { slots[k] = .unsetLocal } }
        let r = try runStatements(refs, s)
        s.returning = false
        return r
    }

    /// Calls the lambda with two arguments.
    @inline(__always)
    func call(_ x: QValue, _ y: QValue) throws -> QValue {
        if let l = lambda { return try s.invoke(l, [x, y]) }
        slots[0] = x
        slots[1] = y
        if slotCount > 2 { for k in 2..<slotCount { slots[k] = .unsetLocal } }
        let r = try runStatements(refs, s)
        s.returning = false
        return r
    }
}

extension QFunction {
    /// True for functions whose valence depends on how they are applied (primitives,
    /// derived functions), which may be projected with any number of arguments.
    var isVariadic: Bool {
        switch self {
        case .lambda, .native: return false
        default: return true
        }
    }
}

extension QLambda {
    /// The result of a leaf lambda (see `CompiledLambda.leaf`) on a long, or nil.
    @inline(__always)
    func leafResult(_ v: Int64) -> QValue? {
        guard let p = bodyPointer else { return nil }
        return Unmanaged<CompiledLambda>.fromOpaque(p)._withUnsafeGuaranteedRef { c in
            c.leafRef?._withUnsafeGuaranteedRef { $0.evalOnArgument(v) }
        }
    }
}
