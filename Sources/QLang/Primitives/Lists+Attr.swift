import QCore

// Attributes: `` `s#x `` `` `u#x `` `` `p#x `` `` `g#x `` (checked as q checks them),
// `` `#x `` to clear, and `attr`. Also the ordering and hashing the checks need.

extension Lists {
    /// `` `a#y `` for a symbol atom `a`.
    static func setAttribute(_ name: String, _ y: QValue) throws -> QValue {
        let attr: QAttribute
        switch name {
        case "": attr = .none
        case "s": attr = .sorted
        case "u": attr = .unique
        case "p": attr = .parted
        case "g": attr = .grouped
        default: throw QError.domain
        }
        switch y {
        case .vector(var v):
            try check(attr, .vector(v))
            v.attribute = attr
            return .vector(v)
        case .list(let l):
            // General lists carry no attribute here, but are checked the same way.
            if attr == .parted || attr == .grouped { throw QError.type }
            try check(attr, y)
            return .list(l)
        case .dict(var d):
            if attr == .none {
                d.sorted = false
                d.keys = try setAttribute("", d.keys)
                return .dict(d)
            }
            if case .table(var kt) = d.keys {
                // A keyed table: the attribute goes on the first key column.
                guard !kt.columns.isEmpty else { throw QError.type }
                kt.columns[0] = try setAttribute(name, kt.columns[0])
                d.keys = .table(kt)
                d.sorted = attr == .sorted
                return .dict(d)
            }
            d.keys = try setAttribute(name, d.keys)
            d.sorted = attr == .sorted
            return .dict(d)
        case .table(var t):
            if attr == .none {
                t.columns = try t.columns.map { try setAttribute("", $0) }
                return .table(t)
            }
            guard !t.columns.isEmpty else { throw QError.type }
            // Sorting a table marks its first column parted.
            try check(attr, t.columns[0])
            t.columns[0] = try setAttribute(attr == .sorted ? "p" : name, t.columns[0])
            return .table(t)
        case .atom:
            if attr == .none { return y }
            throw QError.type
        case .function:
            throw QError.type
        }
    }

    /// Fails with q's error unless `v` qualifies for `attr`.
    static func check(_ attr: QAttribute, _ v: QValue) throws {
        switch attr {
        case .none, .grouped: return
        case .sorted:
            if !isAscending(v) { throw QError("s-fail") }
        case .unique:
            if ItemKeys.distinctPositions(v).count != v.count { throw QError("u-fail") }
        case .parted:
            if !isParted(v) { throw QError("u-fail") }
        }
    }

    /// `attr x`.
    static func attr(_ x: QValue) -> QValue {
        switch x {
        case .vector(let v): return .symbol(v.attribute.letter)
        case .dict(let d):
            if d.sorted { return .symbol("s") }
            return .symbol("")
        case .table(let t):
            if case .vector(let v)? = t.columns.first { return .symbol(v.attribute.letter) }
            return .symbol("")
        default: return .symbol("")
        }
    }

    /// True when every item is at most the next in q's order.
    static func isAscending(_ v: QValue) -> Bool {
        func asc<T>(_ a: [T], _ le: (T, T) -> Bool) -> Bool {
            a.withUnsafeBufferPointer { p in
                var k = 1
                while k < p.count { if !le(p[k - 1], p[k]) { return false }; k += 1 }
                return true
            }
        }
        switch v {
        case .vector(let vec):
            switch vec.storage {
            case .b(let a): return asc(a) { !$0 || $1 }
            case .g(let a): return asc(a) { $0 <= $1 }
            case .x(let a): return asc(a) { $0 <= $1 }
            case .h(let a): return asc(a) { $0 <= $1 }
            case .i(let a): return asc(a) { $0 <= $1 }
            case .j(let a): return asc(a) { $0 <= $1 }
            case .e(let a): return asc(a) { $0.isNaN || $0 <= $1 }
            case .f(let a): return asc(a) { $0.isNaN || $0 <= $1 }
            case .s(let a): return asc(a) { !$1.utf8.lexicographicallyPrecedes($0.utf8) }
            }
        case .list(let l):
            return asc(l) { qCompare($0, $1) <= 0 }
        case .table(let t):
            return t.columns.first.map(isAscending) ?? true
        default:
            return true
        }
    }

    /// True when equal items are adjacent.
    static func isParted(_ v: QValue) -> Bool {
        let keys = ItemKeys.keys(v)
        var seen = Set<ItemKey>()
        var k = 0
        while k < keys.count {
            if !seen.insert(keys[k]).inserted { return false }
            var j = k + 1
            while j < keys.count && keys[j] == keys[k] { j += 1 }
            k = j
        }
        return true
    }

    /// q's order on values: nulls first within a type; different types by type number;
    /// lists item by item, then by length.
    static func qCompare(_ a: QValue, _ b: QValue) -> Int {
        switch (a, b) {
        case (.atom(let t, let x), .atom(let u, let y)):
            if t != u { return t.rawValue < u.rawValue ? -1 : 1 }
            return scalarCompare(x, y)
        case (.atom, _): return -1
        case (_, .atom): return 1
        default:
            let xs = a.elements, ys = b.elements
            for k in 0..<min(xs.count, ys.count) {
                let c = qCompare(xs[k], ys[k])
                if c != 0 { return c }
            }
            return xs.count == ys.count ? 0 : (xs.count < ys.count ? -1 : 1)
        }
    }

    static func scalarCompare(_ x: QScalar, _ y: QScalar) -> Int {
        func cmp<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : (a == b ? 0 : 1) }
        switch (x, y) {
        case (.b(let a), .b(let b)): return cmp(a ? 1 : 0, b ? 1 : 0)
        case (.g(let a), .g(let b)): return cmp(a, b)
        case (.x(let a), .x(let b)): return cmp(a, b)
        case (.h(let a), .h(let b)): return cmp(a, b)
        case (.i(let a), .i(let b)): return cmp(a, b)
        case (.j(let a), .j(let b)): return cmp(a, b)
        case (.e(let a), .e(let b)): return a.isNaN ? (b.isNaN ? 0 : -1) : (b.isNaN ? 1 : cmp(a, b))
        case (.f(let a), .f(let b)): return a.isNaN ? (b.isNaN ? 0 : -1) : (b.isNaN ? 1 : cmp(a, b))
        case (.s(let a), .s(let b)):
            if a == b { return 0 }
            return a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : 1
        default: return 0
        }
    }
}
