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

    /// Positions of the first occurrence of each distinct key, in order.
    static func distinct(_ a: [Int64]) -> [Int] {
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
