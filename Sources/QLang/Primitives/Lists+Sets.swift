import QCore

// Set-like list functions: `except`, `inter`, `union`, and the exact (not tolerant)
// item identity they share with find and distinct. Simple vectors hash their typed
// storage directly; other lists hash items through `ItemKey`.

/// An item of a list as a hashable key with exact identity (floats by bit pattern, all
/// nulls of a type equal).
struct ItemKey: Hashable {
    let value: QValue

    static func == (a: ItemKey, b: ItemKey) -> Bool { ItemKeys.exactEqual(a.value, b.value) }

    func hash(into h: inout Hasher) { ItemKeys.hash(value, into: &h) }
}

enum ItemKeys {
    @inline(__always) static func floatBits(_ d: Double) -> UInt64 {
        d.isNaN ? 0x7ff8_0000_0000_0000 : (d == 0 ? 0 : d.bitPattern)
    }

    static func hash(_ v: QValue, into h: inout Hasher) {
        h.combine(v.typeNumber)
        switch v {
        case .atom(_, let s):
            switch s {
            case .f(let d): h.combine(floatBits(d))
            case .e(let d): h.combine(floatBits(Double(d)))
            default: h.combine(s)
            }
        case .vector(let vec):
            h.combine(vec.count)
            for k in 0..<min(vec.count, 8) { hash(vec[k], into: &h) }
        case .list(let l):
            h.combine(l.count)
            for item in l.prefix(8) { hash(item, into: &h) }
        case .dict(let d): hash(d.keys, into: &h); hash(d.values, into: &h)
        case .table(let t): h.combine(t.names); h.combine(t.count)
        case .function: break
        }
    }

    static func exactEqual(_ a: QValue, _ b: QValue) -> Bool {
        switch (a, b) {
        case (.atom(let t, let x), .atom(let u, let y)):
            guard t == u else { return false }
            switch (x, y) {
            case (.f(let p), .f(let q)): return floatBits(p) == floatBits(q)
            case (.e(let p), .e(let q)): return floatBits(Double(p)) == floatBits(Double(q))
            default: return x == y
            }
        case (.vector(let v), .vector(let w)):
            guard v.type == w.type, v.count == w.count else { return false }
            switch (v.storage, w.storage) {
            case (.f(let p), .f(let q)): return zip(p, q).allSatisfy { floatBits($0) == floatBits($1) }
            case (.e(let p), .e(let q)): return zip(p, q).allSatisfy { floatBits(Double($0)) == floatBits(Double($1)) }
            default: return storageEqual(v.storage, w.storage)
            }
        case (.list(let l), .list(let m)):
            return l.count == m.count && zip(l, m).allSatisfy { exactEqual($0, $1) }
        case (.dict(let d), .dict(let e)):
            return exactEqual(d.keys, e.keys) && exactEqual(d.values, e.values)
        case (.table(let t), .table(let u)):
            return t.names == u.names && zip(t.columns, u.columns).allSatisfy { exactEqual($0, $1) }
        default:
            return qMatch(a, b)
        }
    }

    /// One key per item: atoms of a vector, items of a list, rows of a table.
    static func keys(_ v: QValue) -> [ItemKey] {
        switch v {
        case .table(let t):
            let cols = t.columns.map { $0.elements }
            return (0..<t.count).map { r in ItemKey(value: .list(cols.map { $0[r] })) }
        case .dict(let d):
            return keys(d.values)
        case .atom, .function:
            return [ItemKey(value: v)]
        default:
            return v.elements.map { ItemKey(value: $0) }
        }
    }

    /// Positions of the first occurrence of each distinct item, in order.
    static func distinctPositions(_ v: QValue) -> [Int] {
        func first<T: Hashable>(_ a: [T]) -> [Int] {
            var seen = Set<T>(minimumCapacity: a.count)
            var out = [Int]()
            for k in 0..<a.count where seen.insert(a[k]).inserted { out.append(k) }
            return out
        }
        if case .vector(let vec) = v {
            if let k = IntHash.keys(vec.storage) { return IntHash.distinct(k) }
            switch vec.storage {
            case .s(let a): return first(a)
            case .g(let a): return first(a)
            default: break
            }
        }
        return first(keys(v))
    }

    /// For each item of `x`, whether it is an item of `y` (an atom `y` is one item).
    static func memberMask(_ x: QValue, _ y: QValue) -> [Bool] {
        func member<T: Hashable>(_ a: [T], _ b: [T]) -> [Bool] {
            let set = Set(b)
            return a.map { set.contains($0) }
        }
        if case .vector(let xv) = x {
            let yv: QVector?
            switch y {
            case .vector(let v): yv = v
            case .atom(let t, let s): yv = QVector(t, ListItems.storage(of: t, s))
            default: yv = nil
            }
            if let w = yv {
                guard w.type == xv.type else { return [Bool](repeating: false, count: xv.count) }
                if let a = IntHash.keys(xv.storage), let b = IntHash.keys(w.storage) { return IntHash.member(a, b) }
                switch (xv.storage, w.storage) {
                case (.g(let a), .g(let b)): return member(a, b)
                case (.s(let a), .s(let b)): return member(a, b)
                default: break
                }
            }
        }
        return member(keys(x), keys(y))
    }
}

extension Lists {
    /// `x except y`: items of `x` that are not items of `y`.
    static func except(_ x: QValue, _ y: QValue) throws -> QValue {
        let xs = try setOperand(x)
        return ListItems.apply(xs, CompressOp(mask: ItemKeys.memberMask(xs, y), keep: false))
    }

    /// `x inter y`: items of `x` that are items of `y` (dictionaries by their values).
    static func inter(_ x: QValue, _ y: QValue) throws -> QValue {
        var xs = try setOperand(x)
        if case .dict(let d) = x { xs = d.values }
        var ys = y
        if case .dict(let d) = y { ys = d.values }
        return ListItems.apply(xs, CompressOp(mask: ItemKeys.memberMask(xs, ys), keep: true))
    }

    /// `x union y`: distinct items of `x,y`.
    static func union(_ x: QValue, _ y: QValue, _ s: Interpreter) throws -> QValue {
        let joined = try s.join(x, y)
        if case .dict = joined { throw QError.type }
        let all = joined.isAtom ? ListItems.enlist(joined) : joined
        return ListItems.gather(all, ItemKeys.distinctPositions(all))
    }

    /// The list a set function works on: atoms become one-item lists.
    private static func setOperand(_ x: QValue) throws -> QValue {
        switch x {
        case .atom: return ListItems.enlist(x)
        case .function: throw QError.type
        default: return x
        }
    }
}

// Open-addressing hash tables over Int64 keys for distinct and membership on simple
// vectors: every integral, temporal and floating type is viewed as Int64 (floats by
// normalized bit pattern), which is far cheaper than Swift's Set for millions of keys.

enum IntHash {
    /// Table size (a power of two, at least twice `n`) and its bit count.
    @inline(__always)
    private static func size(_ n: Int) -> (cap: Int, bits: Int) {
        var bits = 4
        while (1 << bits) < n &* 2 && bits < 62 { bits += 1 }
        return (1 << bits, bits)
    }

    /// Fibonacci hashing: the high bits of the product spread consecutive keys.
    @inline(__always)
    private static func slot(_ k: Int64, _ bits: Int) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: k) &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - bits))
    }

    /// The keys' range `(min, span)` when it is small enough for a direct table.
    @inline(__always)
    private static func denseRange(_ a: UnsafeBufferPointer<Int64>, _ n: Int) -> (Int64, Int)? {
        guard var lo = a.first else { return nil }
        var hi = lo
        for k in a { if k < lo { lo = k } else if k > hi { hi = k } }
        let (span, o) = hi.subtractingReportingOverflow(lo)
        guard !o, span < Int64(4 &* n &+ 1024) else { return nil }
        return (lo, Int(span) + 1)
    }

    /// Positions of the first occurrence of each distinct key, in order.
    static func distinct(_ a: [Int64]) -> [Int] {
        // Keys in a narrow range (ids, dates, small codes) index a table directly.
        if let out = a.withUnsafeBufferPointer({ p -> [Int]? in
            guard let (lo, span) = denseRange(p, p.count) else { return nil }
            var seen = [Bool](repeating: false, count: span)
            var out = [Int]()
            seen.withUnsafeMutableBufferPointer { sp in
                for i in 0..<p.count {
                    let j = Int(p[i] &- lo)
                    if !sp[j] { sp[j] = true; out.append(i) }
                }
            }
            return out
        }) { return out }
        let (cap, bits) = size(a.count)
        let mask = cap - 1
        var keys = [Int64](repeating: 0, count: cap)
        var used = [Bool](repeating: false, count: cap)
        var out = [Int]()
        a.withUnsafeBufferPointer { p in
            keys.withUnsafeMutableBufferPointer { kp in
                used.withUnsafeMutableBufferPointer { up in
                    outer: for i in 0..<p.count {
                        let k = p[i]
                        var s = slot(k, bits)
                        while up[s] {
                            if kp[s] == k { continue outer }
                            s = (s &+ 1) & mask
                        }
                        up[s] = true
                        kp[s] = k
                        out.append(i)
                    }
                }
            }
        }
        return out
    }

    /// For each key of `a`, whether it is a key of `b`.
    static func member(_ a: [Int64], _ b: [Int64]) -> [Bool] {
        if let out = b.withUnsafeBufferPointer({ q -> [Bool]? in
            guard let (lo, span) = denseRange(q, max(q.count, a.count)) else { return nil }
            var present = [Bool](repeating: false, count: span)
            present.withUnsafeMutableBufferPointer { pp in for k in q { pp[Int(k &- lo)] = true } }
            return a.withUnsafeBufferPointer { p in
                present.withUnsafeBufferPointer { pp in
                    [Bool](unsafeUninitializedCapacity: p.count) { buf, n in
                        for i in 0..<p.count {
                            let (d, o) = p[i].subtractingReportingOverflow(lo)
                            buf[i] = !o && d >= 0 && d < Int64(span) && pp[Int(d)]
                        }
                        n = p.count
                    }
                }
            }
        }) { return out }
        let (cap, bits) = size(b.count)
        let mask = cap - 1
        var keys = [Int64](repeating: 0, count: cap)
        var used = [Bool](repeating: false, count: cap)
        keys.withUnsafeMutableBufferPointer { kp in
            used.withUnsafeMutableBufferPointer { up in
                b.withUnsafeBufferPointer { q in
                    next: for k in q {
                        var s = slot(k, bits)
                        while up[s] {
                            if kp[s] == k { continue next }
                            s = (s &+ 1) & mask
                        }
                        up[s] = true
                        kp[s] = k
                    }
                }
            }
        }
        return a.withUnsafeBufferPointer { p in
            keys.withUnsafeBufferPointer { kp in
                used.withUnsafeBufferPointer { up in
                    [Bool](unsafeUninitializedCapacity: p.count) { buf, n in
                        for i in 0..<p.count {
                            let k = p[i]
                            var s = slot(k, bits)
                            var hit = false
                            while up[s] {
                                if kp[s] == k { hit = true; break }
                                s = (s &+ 1) & mask
                            }
                            buf[i] = hit
                        }
                        n = p.count
                    }
                }
            }
        }
    }

    /// A simple vector's items as Int64 keys with exact identity, nil for symbols and guids.
    static func keys(_ st: QStorage) -> [Int64]? {
        switch st {
        case .j(let a): return a
        case .i(let a): return a.map { Int64($0) }
        case .h(let a): return a.map { Int64($0) }
        case .x(let a): return a.map { Int64($0) }
        case .b(let a): return a.map { $0 ? 1 : 0 }
        case .f(let a): return a.map { Int64(bitPattern: ItemKeys.floatBits($0)) }
        case .e(let a): return a.map { Int64(bitPattern: ItemKeys.floatBits(Double($0))) }
        case .s, .g: return nil
        }
    }
}
