import QCore

// Exact identity of items for `?` `in` `distinct` `group` `differ`: these do not use
// comparison tolerance. Integral and float items hash as 64-bit keys in an open-addressing
// table, symbols in one of their own (Swift's String hashing and Unicode-aware comparison
// are far too slow for millions of symbols; q orders symbols by their bytes and most are
// short, so an 8-byte big-endian prefix is usually the whole story); GUIDs and general
// items use Swift dictionaries.

/// Open-addressing table from 64-bit keys to dense ids (0, 1, … in first-seen order).
/// It grows with the number of distinct keys, so few distinct items stay in cache.
struct KeyTable {
    private var slots: [Int32]
    private(set) var stored: [UInt64] = []
    private var shift: UInt64
    private var mask: Int

    /// A table expecting about `n` distinct keys.
    init(capacity n: Int) {
        var bits: UInt64 = 4
        while (1 << bits) < 2 * min(max(n, 1), 1 << 16) { bits += 1 }
        slots = [Int32](repeating: -1, count: 1 << Int(bits))
        shift = 64 - bits
        mask = (1 << Int(bits)) - 1
    }

    @inline(__always) private func home(_ k: UInt64) -> Int {
        Int(truncatingIfNeeded: (k &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The id of `k`, adding it when new.
    @inline(__always)
    mutating func insert(_ k: UInt64) -> Int {
        var h = home(k)
        while true {
            let id = Int(slots[h])
            if id < 0 {
                let new = stored.count
                slots[h] = Int32(truncatingIfNeeded: new)
                stored.append(k)
                if stored.count * 2 > slots.count { grow() }
                return new
            }
            if stored[id] == k { return id }
            h = (h &+ 1) & mask
        }
    }

    /// The id of `k`, or nil.
    @inline(__always)
    func lookup(_ k: UInt64) -> Int? {
        var h = home(k)
        while true {
            let id = Int(slots[h])
            if id < 0 { return nil }
            if stored[id] == k { return id }
            h = (h &+ 1) & mask
        }
    }

    private mutating func grow() {
        let bits = 64 - shift + 1
        shift = 64 - bits
        mask = (1 << Int(bits)) - 1
        slots = [Int32](repeating: -1, count: 1 << Int(bits))
        for (id, k) in stored.enumerated() {
            var h = home(k)
            while slots[h] >= 0 { h = (h &+ 1) & mask }
            slots[h] = Int32(truncatingIfNeeded: id)
        }
    }

    var count: Int { stored.count }
}

/// Normalized bits of a float for exact identity: all NaNs alike, -0 like 0.
@inline(__always) func exactFloatKey(_ x: Double) -> UInt64 {
    if x.isNaN { return 0x7FF8_0000_0000_0000 }
    return x == 0 ? 0 : x.bitPattern
}

/// 64-bit identity keys of a vector's items, or nil for symbols and GUIDs.
func identityKeys(_ s: QStorage) -> [UInt64]? {
    switch s {
    case .b(let a): return a.map { $0 ? 1 : 0 }
    case .x(let a): return a.map { UInt64($0) }
    case .h(let a): return a.map { UInt64(bitPattern: Int64($0)) }
    case .i(let a): return a.map { UInt64(bitPattern: Int64($0)) }
    case .j(let a): return a.map { UInt64(bitPattern: $0) }
    case .e(let a): return a.map { exactFloatKey(Double($0)) }
    case .f(let a): return a.map(exactFloatKey)
    case .s, .g: return nil
    }
}

/// The identity key of one scalar, matching `identityKeys`.
@inline(__always) func identityKey(_ s: QScalar) -> UInt64? {
    switch s {
    case .b(let v): return v ? 1 : 0
    case .x(let v): return UInt64(v)
    case .h(let v): return UInt64(bitPattern: Int64(v))
    case .i(let v): return UInt64(bitPattern: Int64(v))
    case .j(let v): return UInt64(bitPattern: v)
    case .e(let v): return exactFloatKey(Double(v))
    case .f(let v): return exactFloatKey(v)
    case .s, .g: return nil
    }
}

/// Exact equality of scalars of one type (floats without tolerance, nulls equal).
@inline(__always) func exactScalarEqual(_ a: QScalar, _ b: QScalar) -> Bool {
    switch (a, b) {
    case (.f(let x), .f(let y)): return exactFloatKey(x) == exactFloatKey(y)
    case (.e(let x), .e(let y)): return exactFloatKey(Double(x)) == exactFloatKey(Double(y))
    default: return a == b
    }
}

/// `~` without comparison tolerance.
func exactMatch(_ a: QValue, _ b: QValue) -> Bool {
    switch (a, b) {
    case (.atom(let t, let x), .atom(let u, let y)):
        return t == u && exactScalarEqual(x, y)
    case (.vector(let v), .vector(let w)):
        guard v.type == w.type, v.count == w.count else { return false }
        switch (v.storage, w.storage) {
        case (.f, .f), (.e, .e):
            guard let p = identityKeys(v.storage), let q = identityKeys(w.storage) else { return false }
            return p == q
        default: return storageEqual(v.storage, w.storage)
        }
    case (.list(let l), .list(let m)):
        guard l.count == m.count else { return false }
        for k in l.indices where !exactMatch(l[k], m[k]) { return false }
        return true
    case (.dict(let d), .dict(let e)):
        return exactMatch(d.keys, e.keys) && exactMatch(d.values, e.values)
    case (.table(let t), .table(let u)):
        guard t.names == u.names else { return false }
        for k in t.columns.indices where !exactMatch(t.columns[k], u.columns[k]) { return false }
        return true
    default:
        return qMatch(a, b)
    }
}

/// A value as a dictionary key under exact identity.
struct ExactKey: Hashable {
    let value: QValue

    static func == (a: ExactKey, b: ExactKey) -> Bool { exactMatch(a.value, b.value) }

    func hash(into h: inout Hasher) { ExactKey.feed(value, &h) }

    private static func feed(_ v: QValue, _ h: inout Hasher) {
        h.combine(v.typeNumber)
        switch v {
        case .atom(_, let s): feedScalar(s, &h)
        case .vector(let vec):
            h.combine(vec.count)
            if let keys = identityKeys(vec.storage) { h.combine(keys) } else {
                for k in 0..<vec.count { feedScalar(vec.storage[k], &h) }
            }
        case .list(let l):
            h.combine(l.count)
            for item in l { feed(item, &h) }
        case .dict(let d): feed(d.keys, &h); feed(d.values, &h)
        case .table(let t): h.combine(t.names); for c in t.columns { feed(c, &h) }
        case .function: break
        }
    }

    private static func feedScalar(_ s: QScalar, _ h: inout Hasher) {
        switch s {
        case .s(let str): h.combine(str)
        case .g(let g): h.combine(g)
        default: h.combine(identityKey(s) ?? 0)
        }
    }
}

/// Items of a list grouped by exact identity: each item's group id, and the position of
/// each group's first item, in order of first occurrence.
struct Grouping {
    var ids: [Int]
    var firsts: [Int]
    var groups: Int { firsts.count }

    /// Groups the items of a vector, general list, table (rows) or dictionary (values).
    init(_ x: QValue) {
        switch x {
        case .vector(let v):
            if let keys = identityKeys(v.storage) {
                var t = KeyTable(capacity: keys.count)
                var ids = [Int](repeating: 0, count: keys.count)
                var firsts: [Int] = []
                keys.withUnsafeBufferPointer { p in
                    for k in 0..<p.count {
                        let id = t.insert(p[k])
                        if id == firsts.count { firsts.append(k) }
                        ids[k] = id
                    }
                }
                self.init(ids: ids, firsts: firsts)
            } else if case .s(let a) = v.storage {
                var t = SymbolTable()
                var ids = [Int](repeating: 0, count: a.count)
                var firsts: [Int] = []
                for (k, sym) in a.enumerated() {
                    let id = t.insert(sym)
                    if id == firsts.count { firsts.append(k) }
                    ids[k] = id
                }
                self.init(ids: ids, firsts: firsts)
            } else if case .g(let a) = v.storage {
                self.init(hashing: a)
            } else {
                self.init(ids: [], firsts: [])
            }
        case .list(let l):
            self.init(hashing: l.map { ExactKey(value: $0) })
        case .table(let t):
            let rows = (0..<t.count).map { r in ExactKey(value: .list(t.columns.map { $0.element(r) })) }
            self.init(hashing: rows)
        case .dict(let d):
            self.init(d.values)
        default:
            self.init(ids: [0], firsts: [0])
        }
    }

    init(ids: [Int], firsts: [Int]) {
        self.ids = ids
        self.firsts = firsts
    }

    init<T: Hashable>(hashing a: [T]) {
        var seen = [T: Int](minimumCapacity: 16)
        var ids = [Int](repeating: 0, count: a.count)
        var firsts: [Int] = []
        for (k, item) in a.enumerated() {
            if let id = seen[item] { ids[k] = id } else {
                seen[item] = firsts.count
                ids[k] = firsts.count
                firsts.append(k)
            }
        }
        self.init(ids: ids, firsts: firsts)
    }
}

/// The first 8 UTF-8 bytes of a symbol as a big-endian word (zero padded), and its length.
@inline(__always)
func symbolPrefix(_ s: String) -> (key: UInt64, length: Int) {
    var k: UInt64 = 0
    var shift: UInt64 = 56
    var n = 0
    for b in s.utf8 {
        if n < 8 {
            k |= UInt64(b) << shift
            shift &-= 8
        }
        n &+= 1
        if n > 8 { return (k, s.utf8.count) }
    }
    return (k, n)
}

/// A 64-bit hash of a symbol's bytes: its prefix for short symbols, FNV-1a beyond.
@inline(__always)
func symbolHash(_ s: String) -> UInt64 {
    let (k, n) = symbolPrefix(s)
    if n <= 8 { return k ^ UInt64(n) }
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
    return h
}

/// Open-addressing table from symbols to dense ids in first-seen order.
struct SymbolTable {
    private var slots: [Int32]
    private(set) var items: [String] = []
    private var hashes: [UInt64] = []
    private var shift: UInt64
    private var mask: Int

    init() {
        slots = [Int32](repeating: -1, count: 64)
        shift = 64 - 6
        mask = 63
    }

    @inline(__always) private func home(_ h: UInt64) -> Int {
        Int(truncatingIfNeeded: (h &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The id of `s`, adding it when new.
    @inline(__always)
    mutating func insert(_ s: String) -> Int {
        let hv = symbolHash(s)
        var h = home(hv)
        while true {
            let id = Int(slots[h])
            if id < 0 {
                let new = items.count
                slots[h] = Int32(truncatingIfNeeded: new)
                items.append(s)
                hashes.append(hv)
                if items.count * 2 > slots.count { grow() }
                return new
            }
            if hashes[id] == hv && items[id] == s { return id }
            h = (h &+ 1) & mask
        }
    }

    /// The id of `s`, or nil.
    @inline(__always)
    func lookup(_ s: String) -> Int? {
        let hv = symbolHash(s)
        var h = home(hv)
        while true {
            let id = Int(slots[h])
            if id < 0 { return nil }
            if hashes[id] == hv && items[id] == s { return id }
            h = (h &+ 1) & mask
        }
    }

    private mutating func grow() {
        let bits = 64 - shift + 1
        shift = 64 - bits
        mask = (1 << Int(bits)) - 1
        slots = [Int32](repeating: -1, count: 1 << Int(bits))
        for (id, hv) in hashes.enumerated() {
            var h = home(hv)
            while slots[h] >= 0 { h = (h &+ 1) & mask }
            slots[h] = Int32(truncatingIfNeeded: id)
        }
    }
}
