// Sorting kernels on order-preserving UInt64 keys: LSD radix sort with 11-bit digits over
// only as many digits as the keys' range needs, and counting sort for narrow ranges. Both
// are stable, which the grades (`iasc`, `idesc`, multi-column table sorts) rely on.

enum Radix {
    /// Below this many items insertion sort beats building histograms.
    static let small = 32
    static let digitBits = 11
    static let buckets = 1 << digitBits
    /// Ranges up to this many values use counting sort (its counters stay in cache).
    static let countingRange: UInt64 = 1 << 16

    /// Order-preserving key for a signed integer (nulls, the minimum, come first).
    @inline(__always) static func key(_ x: Int64) -> UInt64 { UInt64(bitPattern: x) ^ (1 << 63) }

    /// Order-preserving key for a float: NaN (null) lowest, -0 equal to 0.
    @inline(__always) static func key(_ x: Double) -> UInt64 {
        if x.isNaN { return 0 }
        let b = (x == 0 ? 0.0 : x).bitPattern
        return b & (1 << 63) != 0 ? ~b : b | (1 << 63)
    }

    /// An item with its position, for grades.
    struct Keyed: BitwiseCopyable {
        var key: UInt64
        var index: Int64
    }

    /// The items sorted stably by `key` (the input is only read).
    @inline(__always)
    static func sorted<T: BitwiseCopyable>(_ a: [T], _ key: (T) -> UInt64) -> [T] {
        let n = a.count
        guard n > 1 else { return a }
        if n < small {
            var b = a
            insertionSort(&b, key)
            return b
        }
        var lo = UInt64.max, hi = UInt64.min
        a.withUnsafeBufferPointer { p in
            for x in p {
                let k = key(x)
                lo = Swift.min(lo, k)
                hi = Swift.max(hi, k)
            }
        }
        let range = hi &- lo
        if range == 0 { return a }
        var out = [T](unsafeUninitializedCapacity: n) { _, c in c = n }
        if range < countingRange {
            countingScatter(a, &out, lo, Int(range) + 1, key)
            return out
        }
        // Only the digits the range spans: keys are taken relative to the minimum.
        let width = 64 - range.leadingZeroBitCount
        let passes = (width + digitBits - 1) / digitBits
        var hist = [Int](repeating: 0, count: passes * buckets)
        a.withUnsafeBufferPointer { p in
            hist.withUnsafeMutableBufferPointer { h in
                for x in p {
                    var k = key(x) &- lo
                    for d in 0..<passes {
                        h[d &* buckets &+ Int(truncatingIfNeeded: k & UInt64(buckets - 1))] &+= 1
                        k >>= UInt64(digitBits)
                    }
                }
            }
        }
        let firstKey = key(a[0]) &- lo
        var spare = [T]()
        var moved = false
        for d in 0..<passes {
            let shift = UInt64(d * digitBits)
            // A digit every item shares would not move anything.
            if hist[d * buckets + Int(truncatingIfNeeded: (firstKey >> shift) & UInt64(buckets - 1))] == n { continue }
            var off = [Int](repeating: 0, count: buckets)
            var sum = 0
            for b in 0..<buckets { off[b] = sum; sum &+= hist[d * buckets + b] }
            off.withUnsafeMutableBufferPointer { o in
                @inline(__always) func pass(_ src: UnsafeBufferPointer<T>, _ dst: UnsafeMutableBufferPointer<T>) {
                    for k in 0..<n {
                        let x = src[k]
                        let b = Int(truncatingIfNeeded: ((key(x) &- lo) >> shift) & UInt64(buckets - 1))
                        let p = o[b]
                        dst[p] = x
                        o[b] = p &+ 1
                    }
                }
                if !moved {
                    a.withUnsafeBufferPointer { pa in out.withUnsafeMutableBufferPointer { pass(pa, $0) } }
                } else {
                    if spare.isEmpty { spare = [T](unsafeUninitializedCapacity: n) { _, c in c = n } }
                    out.withUnsafeBufferPointer { po in spare.withUnsafeMutableBufferPointer { pass(po, $0) } }
                    swap(&out, &spare)
                }
            }
            moved = true
        }
        return moved ? out : a
    }

    /// True when the keys never decrease.
    @inline(__always)
    static func isSorted<T>(_ a: [T], _ key: (T) -> UInt64) -> Bool {
        a.withUnsafeBufferPointer { p in
            guard p.count > 1 else { return true }
            var prev = key(p[0])
            for k in 1..<p.count {
                let x = key(p[k])
                if x < prev { return false }
                prev = x
            }
            return true
        }
    }

    /// Stable counting sort of `src` into `dst` by keys in [lo, lo+range).
    @inline(__always)
    static func countingScatter<T: BitwiseCopyable>(_ src: [T], _ dst: inout [T], _ lo: UInt64, _ range: Int,
                                                    _ key: (T) -> UInt64) {
        var pos = [Int](repeating: 0, count: range + 1)
        src.withUnsafeBufferPointer { p in
            pos.withUnsafeMutableBufferPointer { c in
                for x in p { c[Int(truncatingIfNeeded: key(x) &- lo) &+ 1] &+= 1 }
                for b in 0..<range { c[b + 1] &+= c[b] }
                dst.withUnsafeMutableBufferPointer { out in
                    for x in p {
                        let b = Int(truncatingIfNeeded: key(x) &- lo)
                        out[c[b]] = x
                        c[b] &+= 1
                    }
                }
            }
        }
    }

    @inline(__always)
    static func insertionSort<T>(_ a: inout [T], _ key: (T) -> UInt64) {
        for i in 1..<a.count {
            let x = a[i], k = key(x)
            var j = i
            while j > 0 && key(a[j - 1]) > k {
                a[j] = a[j - 1]
                j -= 1
            }
            a[j] = x
        }
    }

    /// A stable grade of keys: the permutation that sorts them ascending.
    static func grade(_ keys: [UInt64]) -> [Int64] {
        let n = keys.count
        guard n > 1 else { return n == 1 ? [0] : [] }
        if isSorted(keys, { $0 }) { return (0..<Int64(n)).map { $0 } }
        let (lo, hi) = bounds(keys)
        if hi &- lo < countingRange { return countingGrade(keys, lo, Int(hi &- lo) + 1) }
        if hi &- lo <= UInt64(UInt32.max) && n <= Int(UInt32.max) {
            // Key and position packed in one word: half the data to move per pass.
            var packed = [UInt64](unsafeUninitializedCapacity: n) { buf, c in
                keys.withUnsafeBufferPointer { p in
                    for k in 0..<n { buf[k] = (p[k] &- lo) << 32 | UInt64(k) }
                }
                c = n
            }
            packed = sorted(packed) { $0 >> 32 }
            return [Int64](unsafeUninitializedCapacity: n) { buf, c in
                packed.withUnsafeBufferPointer { p in for k in 0..<n { buf[k] = Int64(p[k] & 0xFFFF_FFFF) } }
                c = n
            }
        }
        var pairs = [Keyed](unsafeUninitializedCapacity: n) { buf, c in
            keys.withUnsafeBufferPointer { p in
                for k in 0..<n { buf[k] = Keyed(key: p[k], index: Int64(k)) }
            }
            c = n
        }
        pairs = sorted(pairs) { $0.key }
        return [Int64](unsafeUninitializedCapacity: n) { buf, c in
            pairs.withUnsafeBufferPointer { p in for k in 0..<n { buf[k] = p[k].index } }
            c = n
        }
    }

    /// Stable grade of keys in [lo, lo+range): counts, then positions placed in order.
    static func countingGrade(_ keys: [UInt64], _ lo: UInt64, _ range: Int) -> [Int64] {
        let n = keys.count
        var pos = [Int](repeating: 0, count: range + 1)
        return [Int64](unsafeUninitializedCapacity: n) { out, cnt in
            keys.withUnsafeBufferPointer { p in
                pos.withUnsafeMutableBufferPointer { c in
                    for x in p { c[Int(truncatingIfNeeded: x &- lo) &+ 1] &+= 1 }
                    for b in 0..<range { c[b + 1] &+= c[b] }
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
}
