import QCore

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
