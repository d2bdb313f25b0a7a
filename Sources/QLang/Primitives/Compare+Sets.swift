import QCore

// `distinct` `group` `differ` `where` `any` `all` `within`.

extension Compare {
    /// `distinct x` (`?:`): unique items in order of first occurrence, compared exactly.
    static func distinct(_ x: QValue, _ s: Interpreter) throws -> QValue {
        switch x {
        case .atom, .function: throw QError.type
        case .dict(let d): return try distinct(d.values, s)
        default:
            let g = Grouping(x)
            if g.firsts.count == x.count, case .vector(var v) = x {
                v.attribute = .none
                return .vector(v)
            }
            return gatherValue(x, g.firsts.map { Int64($0) })
        }
    }

    /// `group x` (`=:`): distinct items mapped to the positions where each occurs.
    static func group(_ x: QValue) throws -> QValue {
        switch x {
        case .atom, .function: throw QError.type
        case .dict(let d):
            // Values grouped, each group listing its keys.
            guard case .dict(let inner) = try group(d.values) else { throw QError.type }
            let keyGroups = inner.values.elements.map { Compare.gatherValue(d.keys, $0.longsValue) }
            return .dict(QDict(keys: inner.keys, values: .list(keyGroups)))
        default:
            let g = Grouping(x)
            var counts = [Int](repeating: 0, count: g.groups)
            for id in g.ids { counts[id] += 1 }
            var buckets = counts.map { c -> [Int64] in
                var a = [Int64]()
                a.reserveCapacity(c)
                return a
            }
            for (k, id) in g.ids.enumerated() { buckets[id].append(Int64(k)) }
            let keys = gatherValue(x, g.firsts.map { Int64($0) })
            return .dict(QDict(keys: keys, values: .list(buckets.map { .longs($0) })))
        }
    }

    /// `differ x`: true where an item differs (exactly) from the one before; first is true.
    static func differ(_ x: QValue, _ s: Interpreter) throws -> QValue {
        switch x {
        case .atom, .function: throw QError.type
        case .dict(let d): return .dict(QDict(keys: d.keys, values: try differ(d.values, s)))
        case .vector(let v):
            // Like `~`, differ compares floats with tolerance.
            switch v.storage {
            case .f(let a): return .bools(changes(a) { tolerantEqual($0, $1) })
            case .e(let a): return .bools(changes(a) { tolerantEqual(Double($0), Double($1)) })
            case .s(let a): return .bools(changes(a) { $0 == $1 })
            case .g(let a): return .bools(changes(a) { $0 == $1 })
            default: return .bools(changes(identityKeys(v.storage) ?? []) { $0 == $1 })
            }
        case .list(let l):
            return .bools(l.indices.map { $0 == 0 || !qMatch(l[$0], l[$0 - 1]) })
        case .table(let t):
            var out = [Bool](repeating: false, count: t.count)
            for c in t.columns {
                guard case .vector(let r) = try differ(c, s), case .b(let b) = r.storage else { continue }
                for k in out.indices where b[k] { out[k] = true }
            }
            if !out.isEmpty { out[0] = true }
            return .bools(out)
        }
    }

    @inline(__always)
    static func changes<T>(_ a: [T], _ same: (T, T) -> Bool) -> [Bool] {
        [Bool](unsafeUninitializedCapacity: a.count) { buf, n in
            a.withUnsafeBufferPointer { p in
                if p.count > 0 { buf[0] = true }
                for k in 1..<max(p.count, 1) { buf[k] = !same(p[k], p[k - 1]) }
            }
            n = a.count
        }
    }

    // MARK: where

    /// `where x` (`&:`): indices of true items, each index repeated by a count, or the keys
    /// of a dictionary so repeated.
    static func whereOf(_ x: QValue, _ s: Interpreter) throws -> QValue {
        switch x {
        case .vector(let v):
            if case .b(let a) = v.storage { return .longs(whereBools(a)) }
            guard let counts = replicationCounts(v) else { throw QError.type }
            return .longs(try replicate(counts))
        case .atom(let t, let sc):
            guard [.boolean, .byte, .short, .int, .long].contains(t) else { throw QError.type }
            let n = scalarInt(sc)
            guard n >= 0 else { throw QError.domain }
            try checkAllocation(n)
            return .longs([Int64](repeating: 0, count: Int(n)))
        case .dict(let d):
            guard case .vector(let v) = try whereOf(d.values, s), case .j(let ix) = v.storage else { throw QError.type }
            return gatherValue(d.keys, ix)
        case .list(let l) where l.isEmpty:
            return .longs([])
        default:
            throw QError.type
        }
    }

    /// Positions of the true items: count them, then write each position unconditionally
    /// and advance by the flag, so the loop has no branch to mispredict.
    static func whereBools(_ a: [Bool]) -> [Int64] {
        a.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            let n = bytes.count
            var total = 0
            for k in 0..<n { total &+= Int(bytes[k]) }
            return [Int64](unsafeUninitializedCapacity: total + 1) { buf, count in
                var w = 0
                for k in 0..<n {
                    buf[w] = Int64(k)
                    w &+= Int(bytes[k])
                }
                count = total
            }
        }
    }

    static func replicationCounts(_ v: QVector) -> [Int64]? {
        switch v.storage {
        case .x(let a) where v.type == .byte: return a.map { Int64($0) }
        case .h(let a): return a.map { Int64($0) }
        case .i(let a) where v.type == .int: return a.map { Int64($0) }
        case .j(let a) where v.type == .long: return a
        default: return nil
        }
    }

    static func replicate(_ counts: [Int64]) throws -> [Int64] {
        var total: Int64 = 0
        for c in counts {
            guard c >= 0 else { throw QError.domain }
            let (t, o) = total.addingReportingOverflow(c)
            guard !o else { throw QError.wsfull }
            total = t
        }
        try checkAllocation(total)
        return [Int64](unsafeUninitializedCapacity: Int(total)) { buf, n in
            var w = 0
            for (k, c) in counts.enumerated() {
                for _ in 0..<Int(c) { buf[w] = Int64(k); w += 1 }
            }
            n = w
        }
    }

    // MARK: any, all

    /// `any x` / `all x`: whether some / every item is non-zero (nulls count as non-zero).
    static func anyAll(_ x: QValue, any: Bool) throws -> QValue {
        switch x {
        case .table(let t):
            return .dict(QDict(keys: .symbols(t.names), values: QValue.collapse(try t.columns.map { try anyAll($0, any: any) })))
        case .dict(let d):
            return try anyAll(d.values, any: any)
        case .list(let l):
            // Items must be atoms whose truth is known.
            var flags = [Bool]()
            for item in l {
                guard case .atom = item, case .atom(_, .b(let z)) = try not(item) else { throw QError.type }
                flags.append(!z)
            }
            return .bool(any ? flags.contains(true) : !flags.contains(false))
        case .atom, .vector:
            if let t = simpleType(x), t == .symbol || t == .guid { throw QError.type }
            let zero = try not(x)
            switch zero {
            case .atom(_, .b(let z)): return .bool(!z)
            case .vector(let v):
                guard case .b(let z) = v.storage else { throw QError.type }
                return .bool(any ? z.contains(false) : !z.contains(true))
            default: throw QError.type
            }
        case .function:
            throw QError.type
        }
    }

    // MARK: within

    /// `x within (lo;hi)`: lo <= x <= hi, conforming to x.
    static func within(_ x: QValue, _ y: QValue) throws -> QValue {
        guard !y.isAtom else { throw QError.type }
        guard y.count == 2 else { throw QError.length }
        let lo = y.element(0), hi = y.element(1)
        return try lesser(try compare(.ge, x, lo), try compare(.le, x, hi))
    }
}

extension QValue {
    /// The items of a long vector (empty for anything else).
    var longsValue: [Int64] {
        if case .vector(let v) = self, case .j(let a) = v.storage { return a }
        return []
    }
}
