// Symbols without Swift's String hashing and Unicode-aware comparison, which are far too
// slow for millions of symbols: q orders symbols by their bytes, and most symbols are
// short, so an 8-byte big-endian prefix is usually the whole story.

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

extension Compare {
    /// Stable grade of symbols: radix on the 8-byte prefixes, then runs that share a
    /// prefix but may differ later are put in order by a full comparison.
    static func gradeSymbols(_ a: [String], descending: Bool) -> [Int64] {
        let n = a.count
        var keys = [UInt64](repeating: 0, count: n)
        var lengths = [Int](repeating: 0, count: n)
        var ambiguous = false
        for k in 0..<n {
            let (p, len) = symbolPrefix(a[k])
            keys[k] = descending ? ~p : p
            lengths[k] = len
            if len >= 8 { ambiguous = true }
        }
        var g = Radix.grade(keys)
        guard ambiguous else { return g }
        var start = 0
        while start < n {
            var end = start + 1
            let key = keys[Int(g[start])]
            while end < n && keys[Int(g[end])] == key { end += 1 }
            let first = a[Int(g[start])]
            if end - start > 1 && !g[(start + 1)..<end].allSatisfy({ a[Int($0)] == first }) {
                let run = g[start..<end].sorted { i, j in
                    let x = a[Int(i)], y = a[Int(j)]
                    if lengths[Int(i)] == lengths[Int(j)] && x == y { return i < j }
                    return descending ? symLess(y, x) : symLess(x, y)
                }
                g.replaceSubrange(start..<end, with: run)
            }
            start = end
        }
        return g
    }
}
