// Sorting kernels on order-preserving UInt64 keys: LSD radix sort (8-bit digits, passes
// whose digit is constant are skipped) and counting sort for narrow ranges. Both are
// stable, which the grades (`iasc`, `idesc`, multi-column table sorts) rely on.

enum Radix {
    /// Below this many items a comparison sort beats building histograms.
    static let small = 48

    /// Order-preserving key for a signed integer (nulls, the minimum, come first).
    @inline(__always) static func key(_ x: Int64) -> UInt64 { UInt64(bitPattern: x) ^ (1 << 63) }
    @inline(__always) static func value(_ k: UInt64) -> Int64 { Int64(bitPattern: k ^ (1 << 63)) }

    /// Order-preserving key for a float: NaN (null) lowest, -0 equal to 0.
    @inline(__always) static func key(_ x: Double) -> UInt64 {
        if x.isNaN { return 0 }
        let b = (x == 0 ? 0.0 : x).bitPattern
        return b & (1 << 63) != 0 ? ~b : b | (1 << 63)
    }
    @inline(__always) static func double(_ k: UInt64) -> Double {
        if k == 0 { return .nan }
        return Double(bitPattern: k & (1 << 63) != 0 ? k & ~(1 << 63) : ~k)
    }

    /// Sorts keys ascending in place.
    static func sortKeys(_ a: inout [UInt64]) {
        let n = a.count
        if n < small { a.sort(); return }
        let (lo, hi) = bounds(a)
        if hi &- lo < UInt64(max(n, 1 << 16)) {
            countingSortKeys(&a, lo, Int(hi &- lo) + 1)
            return
        }
        let hist = histograms(a)
        var tmp = [UInt64](unsafeUninitializedCapacity: n) { _, c in c = n }
        var inTmp = false
        for d in 0..<8 where !isConstant(hist, d, a, n) {
            let shift = UInt64(d * 8)
            var off = [Int](repeating: 0, count: 256)
            var sum = 0
            for b in 0..<256 { off[b] = sum; sum += hist[d * 256 + b] }
            off.withUnsafeMutableBufferPointer { o in
                func pass(_ src: UnsafeMutableBufferPointer<UInt64>, _ dst: UnsafeMutableBufferPointer<UInt64>) {
                    for k in 0..<n {
                        let x = src[k]
                        let b = Int(truncatingIfNeeded: (x >> shift) & 255)
                        let p = o[b]
                        dst[p] = x
                        o[b] = p &+ 1
                    }
                }
                a.withUnsafeMutableBufferPointer { pa in tmp.withUnsafeMutableBufferPointer { pt in
                    if inTmp { pass(pt, pa) } else { pass(pa, pt) }
                } }
            }
            inTmp.toggle()
        }
        if inTmp { swap(&a, &tmp) }
    }

    /// A stable grade of keys: the permutation that sorts them ascending.
    static func grade(_ keys: [UInt64]) -> [Int64] {
        let n = keys.count
        if n < small {
            return keys.indices.sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }.map { Int64($0) }
        }
        let (lo, hi) = bounds(keys)
        if hi &- lo < UInt64(max(n, 1 << 16)) { return countingGrade(keys, lo, Int(hi &- lo) + 1) }
        let hist = histograms(keys)
        var k0 = keys
        var k1 = [UInt64](unsafeUninitializedCapacity: n) { _, c in c = n }
        var i0 = [UInt32](unsafeUninitializedCapacity: n) { b, c in
            for k in 0..<n { b[k] = UInt32(truncatingIfNeeded: k) }
            c = n
        }
        var i1 = [UInt32](unsafeUninitializedCapacity: n) { _, c in c = n }
        for d in 0..<8 where !isConstant(hist, d, keys, n) {
            let shift = UInt64(d * 8)
            var off = [Int](repeating: 0, count: 256)
            var sum = 0
            for b in 0..<256 { off[b] = sum; sum += hist[d * 256 + b] }
            off.withUnsafeMutableBufferPointer { o in
                k0.withUnsafeBufferPointer { ks in i0.withUnsafeBufferPointer { is_ in
                    k1.withUnsafeMutableBufferPointer { kd in i1.withUnsafeMutableBufferPointer { id in
                        for k in 0..<n {
                            let x = ks[k]
                            let b = Int(truncatingIfNeeded: (x >> shift) & 255)
                            let p = o[b]
                            kd[p] = x
                            id[p] = is_[k]
                            o[b] = p &+ 1
                        }
                    } }
                } }
            }
            swap(&k0, &k1)
            swap(&i0, &i1)
        }
        return i0.withUnsafeBufferPointer { p in
            [Int64](unsafeUninitializedCapacity: n) { b, c in
                for k in 0..<n { b[k] = Int64(p[k]) }
                c = n
            }
        }
    }

    /// Stable grade of small non-negative codes below `range` (booleans, bytes, shorts…).
    static func countingGrade(_ keys: [UInt64], _ lo: UInt64, _ range: Int) -> [Int64] {
        let n = keys.count
        var pos = [Int](repeating: 0, count: range + 1)
        keys.withUnsafeBufferPointer { p in
            pos.withUnsafeMutableBufferPointer { c in
                for k in 0..<n { c[Int(truncatingIfNeeded: p[k] &- lo) + 1] += 1 }
                for b in 0..<range { c[b + 1] += c[b] }
            }
        }
        return [Int64](unsafeUninitializedCapacity: n) { out, cnt in
            keys.withUnsafeBufferPointer { p in
                pos.withUnsafeMutableBufferPointer { c in
                    for k in 0..<n {
                        let b = Int(truncatingIfNeeded: p[k] &- lo)
                        out[c[b]] = Int64(k)
                        c[b] &+= 1
                    }
                }
            }
            cnt = n
        }
    }

    /// Counting sort of keys in [lo, lo+range).
    static func countingSortKeys(_ a: inout [UInt64], _ lo: UInt64, _ range: Int) {
        var counts = [Int](repeating: 0, count: range)
        a.withUnsafeBufferPointer { p in
            counts.withUnsafeMutableBufferPointer { c in
                for k in 0..<p.count { c[Int(truncatingIfNeeded: p[k] &- lo)] &+= 1 }
            }
        }
        a.withUnsafeMutableBufferPointer { p in
            counts.withUnsafeBufferPointer { c in
                var w = 0
                for b in 0..<range {
                    let v = lo &+ UInt64(b)
                    for _ in 0..<c[b] { p[w] = v; w &+= 1 }
                }
            }
        }
    }

    @inline(__always)
    static func bounds(_ a: [UInt64]) -> (UInt64, UInt64) {
        a.withUnsafeBufferPointer { p in
            var lo = UInt64.max, hi = UInt64.min
            for x in p {
                lo = Swift.min(lo, x)
                hi = Swift.max(hi, x)
            }
            return (lo, hi)
        }
    }

    /// The eight digit histograms of every key, in one pass.
    static func histograms(_ a: [UInt64]) -> [Int] {
        var h = [Int](repeating: 0, count: 8 * 256)
        a.withUnsafeBufferPointer { p in
            h.withUnsafeMutableBufferPointer { hp in
                for x in p {
                    hp[Int(truncatingIfNeeded: x & 255)] &+= 1
                    hp[256 + Int(truncatingIfNeeded: (x >> 8) & 255)] &+= 1
                    hp[512 + Int(truncatingIfNeeded: (x >> 16) & 255)] &+= 1
                    hp[768 + Int(truncatingIfNeeded: (x >> 24) & 255)] &+= 1
                    hp[1024 + Int(truncatingIfNeeded: (x >> 32) & 255)] &+= 1
                    hp[1280 + Int(truncatingIfNeeded: (x >> 40) & 255)] &+= 1
                    hp[1536 + Int(truncatingIfNeeded: (x >> 48) & 255)] &+= 1
                    hp[1792 + Int(truncatingIfNeeded: (x >> 56) & 255)] &+= 1
                }
            }
        }
        return h
    }

    /// True when every key has the same digit `d` (that pass would not move anything).
    @inline(__always)
    static func isConstant(_ hist: [Int], _ d: Int, _ a: [UInt64], _ n: Int) -> Bool {
        guard let first = a.first else { return true }
        return hist[d * 256 + Int(truncatingIfNeeded: (first >> UInt64(d * 8)) & 255)] == n
    }
}
