import QCore

// The six iterators and their overloads, chosen by the valence of the function they
// modify and the number of arguments the derived function receives.

extension Interpreter {
    func applyDerived(_ it: QIterator, _ f: QValue, _ args: [QValue]) throws -> QValue {
        switch it {
        case .each: return try each(f, args)
        case .over: return try over(f, args, scan: false)
        case .scan: return try over(f, args, scan: true)
        case .prior: return try prior(f, args)
        case .eachRight:
            // `x/:` with data on the left is `x sv`: `(", "/:)("a";"b")`.
            if args.count == 1, !isFunction(f) { return try applyNamedDyad("sv", f, args[0]) }
            guard args.count == 2 else { throw QError.rank }
            let x = args[0], y = args[1]
            return try mapItems(y) { try self.apply(f, [x, $0]) }
        case .eachLeft:
            // `x\:` with data on the left is `x vs`: `(0x0\:)3.14`.
            if args.count == 1, !isFunction(f) { return try applyNamedDyad("vs", f, args[0]) }
            guard args.count == 2 else { throw QError.rank }
            let x = args[0], y = args[1]
            return try mapItems(x) { try self.apply(f, [$0, y]) }
        }
    }

    /// Applies `body` to each item of `x`, keeping a dictionary's keys and a table's shape.
    func mapItems(_ x: QValue, _ body: (QValue) throws -> QValue) throws -> QValue {
        switch x {
        case .atom, .function: return try body(x)
        case .dict(let d):
            return .dict(QDict(keys: d.keys, values: try mapItems(d.values, body)))
        case .vector(let v):
            var out = [QValue]()
            out.reserveCapacity(v.count)
            for k in 0..<v.count { out.append(try body(v[k])) }
            return QValue.collapse(out)
        default:
            var out = [QValue]()
            out.reserveCapacity(x.count)
            for item in x.elements { out.append(try body(item)) }
            return QValue.collapse(out)
        }
    }

    private func applyNamedDyad(_ name: String, _ x: QValue, _ y: QValue) throws -> QValue {
        guard let id = registry.id(name), let d = registry[id].dyad else { throw QError.nyi }
        return try d(x, y, self)
    }

    /// `f'`: each (unary), each-both (binary) or each over several lists.
    func each(_ f: QValue, _ args: [QValue]) throws -> QValue {
        if case .vector(let v) = f, v.type == .long || v.type == .int || v.type == .short, let picks = intIndexes(v) {
            return try caseMap(picks, args)
        }
        if args.count == 1 {
            if case .function(.lambda(let l)) = f, l.parameters.count == 1 {
                return try withLambdaFrame(l) { frame in try mapItems(args[0]) { try frame.call($0) } }
            }
            return try mapItems(args[0]) { try self.apply1(f, $0) }
        }
        // Conform: atoms extend, lists must match in count.
        var n: Int? = nil
        for a in args where !a.isAtom {
            if case .dict = a { continue }
            if let m = n, m != a.count { throw QError.length }
            n = a.count
        }
        if args.allSatisfy({ if case .dict = $0 { return true }; return $0.isAtom }), args.contains(where: { if case .dict = $0 { return true }; return false }) {
            // Dictionaries with the same keys: apply to values.
            guard case .dict(let d0) = args.first(where: { if case .dict = $0 { return true }; return false })! else { throw QError.type }
            let vals = args.map { a -> QValue in if case .dict(let d) = a { return d.values }; return a }
            return .dict(QDict(keys: d0.keys, values: try each(f, vals)))
        }
        guard let count = n else { return try apply(f, args) }
        let lists = args.map { a -> [QValue]? in a.isAtom ? nil : a.elements }
        var out = [QValue]()
        out.reserveCapacity(count)
        for k in 0..<count {
            out.append(try apply(f, args.indices.map { lists[$0]?[k] ?? args[$0] }))
        }
        if count == 0 { return .emptyList }
        return QValue.collapse(out)
    }

    /// Case, `i'[a;b;…]`: item `k` of the result is item `k` of argument `i[k]`. Atoms repeat;
    /// lists and dictionaries must have `count i` items, dictionaries the same keys.
    func caseMap(_ picks: [Int64], _ args: [QValue]) throws -> QValue {
        var keys: QValue?
        var columns: [QValue?] = []
        columns.reserveCapacity(args.count)
        for a in args {
            var a = a
            if case .dict(let d) = a {
                if let k = keys {
                    if k.count != d.keys.count { throw QError.length }
                    if !qMatch(k, d.keys) { throw QError.domain }
                } else {
                    keys = d.keys
                }
                a = d.values
            }
            if a.isAtom { columns.append(nil); continue }
            if a.count != picks.count { throw QError.length }
            columns.append(a)
        }
        var out: [QValue] = []
        out.reserveCapacity(picks.count)
        for (k, p) in picks.enumerated() {
            guard p >= 0, p < Int64(args.count) else { throw QError.index }
            out.append(columns[Int(p)].map { $0.element(k) } ?? args[Int(p)])
        }
        if out.isEmpty { return .emptyList }
        return QValue.collapse(out)
    }

    /// `f/` and `f\`: converge, do, while (unary f); reduce with or without seed (binary f);
    /// and the multi-list forms for higher valence.
    func over(_ f: QValue, _ args: [QValue], scan: Bool) throws -> QValue {
        let v = valence(f)
        if !isFunction(f) {
            // A data value as the function: finite-state machine style indexing. A matrix
            // is a binary map and reduces (`7 m\c`, `(m\)c`); other data is unary.
            if isBinaryMap(f) {
                switch args.count {
                case 1: return try reduce(f, nil, args[0], scan: scan)
                case 2: return try reduce(f, args[0], args[1], scan: scan)
                default: throw QError.rank
                }
            }
            if args.count == 1 { return try converge(f, args[0], scan: scan) }
            if args.count == 2 {
                if scan, let r = linearRecurrence(f, args[0], args[1]) { return r }
                return try doOrWhile(f, args[0], args[1], scan: scan)
            }
            throw QError.rank
        }
        // A derived (variadic) function with one argument is applied unary: converge.
        let unary: Bool = { if case .function(.derived) = f { return args.count == 1 }; return false }()
        if v == 1 || unary {
            switch args.count {
            case 1: return try converge(f, args[0], scan: scan)
            case 2: return try doOrWhile(f, args[0], args[1], scan: scan)
            default: throw QError.rank
            }
        }
        if args.count == 1 {
            if !scan, case .function(.primitive(let p)) = f, let agg = Interpreter.overAggregates[p.name],
               let id = registry.id(agg), let m = registry[id].monad {
                return try m(args[0], self)
            }
            if scan, case .function(.primitive(let p)) = f, let agg = Interpreter.scanAggregates[p.name],
               let id = registry.id(agg), let m = registry[id].monad {
                return try m(args[0], self)
            }
            return try reduce(f, nil, args[0], scan: scan)
        }
        if args.count == 2 && v == 2 { return try reduce(f, args[0], args[1], scan: scan) }
        // Valence > 2: seed and several lists, items taken in step.
        guard args.count == v else { throw QError.rank }
        var n: Int? = nil
        for a in args.dropFirst() where !a.isAtom {
            if let m = n, m != a.count { throw QError.length }
            n = a.count
        }
        let count = n ?? 1
        let lists = args.dropFirst().map { $0.isAtom ? nil : $0.elements }
        var acc = args[0]
        var out: [QValue] = []
        for k in 0..<count {
            var call = [acc]
            for (j, l) in lists.enumerated() { call.append(l?[k] ?? args[j + 1]) }
            acc = try apply(f, call)
            if scan { out.append(acc) }
        }
        return scan ? QValue.collapse(out) : acc
    }

    /// A non-empty general list whose items are all lists: indexed with two arguments.
    func isBinaryMap(_ f: QValue) -> Bool {
        guard case .list(let items) = f, !items.isEmpty else { return false }
        return items.allSatisfy { !$0.isAtom }
    }

    /// `a b\c` for float vectors `b` and `c` and a float `a`: the built-in form of
    /// `{z+x*y}\[a;b;c]`, where item `i` is `c[i] + b[i] * item i-1`, starting from `a`.
    func linearRecurrence(_ f: QValue, _ a: QValue, _ c: QValue) -> QValue? {
        guard case .vector(let bv) = f, bv.type == .float, case .f(let b) = bv.storage,
              case .vector(let cv) = c, cv.type == .float, case .f(let cs) = cv.storage, cs.count == b.count,
              case .atom(.float, .f(let start)) = a else { return nil }
        var r = start
        var out = [Double]()
        out.reserveCapacity(b.count)
        for i in 0..<b.count {
            r = cs[i] + r * b[i]
            out.append(r)
        }
        return .floats(out)
    }

    static let overAggregates: [String: String] = ["+": "sum", "*": "prd", "|": "max", "&": "min", ",": "raze"]
    static let scanAggregates: [String: String] = ["+": "sums", "*": "prds", "|": "maxs", "&": "mins"]

    func isFunction(_ f: QValue) -> Bool { if case .function = f { return true }; return false }

    func reduce(_ f: QValue, _ seed: QValue?, _ x: QValue, scan: Bool) throws -> QValue {
        var items: [QValue]
        if case .dict(let d) = x {
            if scan {
                let r = try reduce(f, seed, d.values, scan: true)
                return .dict(QDict(keys: d.keys, values: r))
            }
            items = d.values.elements
        } else if x.isAtom {
            items = [x]
        } else {
            items = x.elements
        }
        var acc: QValue
        var start = 0
        if let s = seed {
            acc = s
        } else {
            guard !items.isEmpty else {
                if scan {
                    if case .function(.primitive) = f { return x }
                    return .emptyList
                }
                // Empty reduction: identity element for common operators.
                if case .function(.primitive(let p)) = f {
                    if p.name == "+" { return .long(0) }
                    if p.name == "*" { return .long(1) }
                    return .identity
                }
                // f is never applied, so nothing says what type its result has: `()`.
                return .emptyList
            }
            acc = items[0]
            start = 1
            // Join's identity is (): its scan starts from `(),x0`, a list even for an atom.
            if case .function(.primitive(let p)) = f, p.name == "," { acc = try join(.emptyList, acc) }
        }
        var out: [QValue] = []
        if scan {
            out.reserveCapacity(items.count)
            if seed == nil { out.append(acc) }
        }
        if case .function(.primitive(let p)) = f, let d = registry[p.id].dyad {
            for k in start..<items.count {
                acc = try d(acc, items[k], self)
                if scan { out.append(acc) }
            }
        } else {
            for k in start..<items.count {
                acc = try apply(f, [acc, items[k]])
                if scan { out.append(acc) }
            }
        }
        if scan {
            if items.isEmpty, seed != nil { return x.isAtom ? x : emptyLike(x) }
            return QValue.collapse(out)
        }
        return acc
    }

    /// Converge: apply until the result matches the previous one or the first.
    func converge(_ f: QValue, _ x: QValue, scan: Bool) throws -> QValue {
        var prev = x
        var out: [QValue] = scan ? [x] : []
        while true {
            let next = try apply1(f, prev)
            if qMatch(next, prev) || qMatch(next, x) { break }
            if scan { out.append(next) }
            prev = next
        }
        return scan ? QValue.collapse(out) : prev
    }

    /// `n f/ x` (do n times) or `c f/ x` (while c is true).
    func doOrWhile(_ f: QValue, _ n: QValue, _ x: QValue, scan: Bool) throws -> QValue {
        var acc = x
        var out: [QValue] = scan ? [x] : []
        if case .atom(let t, let s) = n, let times = intIndex(t, s) {
            if case .function(.lambda(let l)) = f, l.parameters.count == 1 {
                return try withLambdaFrame(l) { frame in
                    var k: Int64 = 0
                    while k < times {
                        acc = try frame.call(acc)
                        if scan { out.append(acc) }
                        k += 1
                    }
                    return scan ? QValue.collapse(out) : acc
                }
            }
            var k: Int64 = 0
            while k < times {
                acc = try apply1(f, acc)
                if scan { out.append(acc) }
                k += 1
            }
            return scan ? QValue.collapse(out) : acc
        }
        guard isFunction(n) else { throw QError.type }
        while try isTrue(apply1(n, acc)) {
            acc = try apply1(f, acc)
            if scan { out.append(acc) }
        }
        return scan ? QValue.collapse(out) : acc
    }

    /// `f':`: each prior, with an optional seed as the prior of the first item.
    func prior(_ f: QValue, _ args: [QValue]) throws -> QValue {
        let x: QValue
        var seed: QValue?
        switch args.count {
        case 1: x = args[0]
        case 2: seed = args[0]; x = args[1]
        default: throw QError.rank
        }
        if case .dict(let d) = x {
            return .dict(QDict(keys: d.keys, values: try prior(f, seed.map { [$0, d.values] } ?? [d.values])))
        }
        let items = x.elements
        guard !items.isEmpty else { return x }
        var out: [QValue] = []
        out.reserveCapacity(items.count)
        if let s = seed {
            out.append(try apply(f, [items[0], s]))
        } else if case .function(.primitive(let p)) = f, let s = Interpreter.priorSeed(p.name, items[0]) {
            out.append(try apply(f, [items[0], s]))
        } else {
            out.append(try apply(f, [items[0], nullLike(items.first)]))
        }
        for k in 1..<items.count { out.append(try apply(f, [items[k], items[k - 1]])) }
        return QValue.collapse(out)
    }

    /// The implicit prior of the first item for common operators, so `-':` is deltas.
    static func priorSeed(_ name: String, _ first: QValue) -> QValue? {
        switch name {
        case "-", "+": return .long(0)
        case "*", "%": return .long(1)
        default: return nil
        }
    }
}
