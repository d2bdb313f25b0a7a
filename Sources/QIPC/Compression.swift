// kdb+ IPC compression: a byte-oriented LZ scheme with a 256-entry table of recent
// positions keyed by the XOR of two adjacent bytes.
//
// Compressed message: the 8-byte header (byte 2 = 1, length = compressed size), the
// uncompressed size as 4 bytes, then groups of up to eight items, each group led by a flag
// byte (bit k, low bit first, set when item k is a back-reference). A literal item is one
// byte. A back-reference is two bytes: the hash of the two bytes it starts with, which
// selects the earlier position to copy from, and how many bytes beyond two it copies
// (0…255). Positions count from the start of the uncompressed message, so the body
// starts at 8. The decompressor rebuilds the table as it goes: every position before the
// last byte written is entered, except those inside a back-reference's copy.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import QCore

extension QWire {
    /// Compresses a complete message (header included) the way kdb+ does.
    ///
    /// - Parameter message: An uncompressed message of at most 2^31-1 bytes.
    /// - Returns: The compressed message, or nil when compression would not bring it under
    ///   half its size (kdb+ then sends the message as it is).
    /// - Complexity: O(n), one pass.
    public static func compress(message: [UInt8]) -> [UInt8]? {
        let total = message.count
        guard total > 12, total <= Int(Int32.max) else { return nil }
        let capacity = total / 2
        var out = [UInt8](repeating: 0, count: capacity)
        let written: Int? = message.withUnsafeBufferPointer { y in
            out.withUnsafeMutableBufferPointer { o in compressBody(y, o) }
        }
        guard let n = written else { return nil }
        out.removeLast(capacity - n)
        out[2] = 1
        let little = message[0] == 1
        storeLength(n, into: &out, at: 4, littleEndian: little)
        storeLength(total, into: &out, at: 8, littleEndian: little)
        return out
    }

    /// The compressor proper: returns the compressed length, or nil once the output would
    /// pass the half-size budget (checked before each group, as kdb+ does).
    private static func compressBody(_ y: UnsafeBufferPointer<UInt8>, _ o: UnsafeMutableBufferPointer<UInt8>) -> Int? {
        let t = y.count, e = o.count
        for k in 0..<4 { o[k] = y[k] }
        var table = [Int](repeating: 0, count: 256)
        return table.withUnsafeMutableBufferPointer { a -> Int? in
            var bit: UInt8 = 0, flags: UInt8 = 0
            var flagAt = 12, d = 12
            var s = 8
            var pendingHash = 0, pendingPos = 0
            var h = 0
            while s < t {
                if bit == 0 {
                    if d > e - 17 { return nil }
                    o[flagAt] = flags
                    flagAt = d
                    d += 1
                    flags = 0
                    bit = 1
                }
                var literal = s > t - 3
                var p = 0
                if !literal {
                    h = Int(y[s] ^ y[s + 1])
                    p = a[h]
                    literal = p == 0 || y[s] != y[p]
                }
                // The previous literal's position enters the table only now, after this
                // lookup; the decompressor cannot know it any sooner.
                if pendingPos > 0 {
                    a[pendingHash] = pendingPos
                    pendingPos = 0
                }
                if literal {
                    pendingHash = h
                    pendingPos = s
                    o[d] = y[s]
                    d += 1
                    s += 1
                } else {
                    a[h] = s
                    flags |= bit
                    p += 2
                    s += 2
                    let r = s
                    let limit = min(s + 255, t)
                    while y[p] == y[s] {
                        s += 1
                        if s >= limit { break }
                        p += 1
                    }
                    o[d] = UInt8(h)
                    o[d + 1] = UInt8(s - r)
                    d += 2
                }
                bit = bit &<< 1
            }
            o[flagAt] = flags
            return d
        }
    }

    /// Decompresses a compressed message (header included) into the uncompressed message,
    /// its header rewritten to say uncompressed with the full length.
    ///
    /// - Parameters:
    ///   - message: A message whose header has the compressed flag.
    ///   - maxSize: Largest uncompressed size accepted.
    /// - Throws: `QWireError.Kind.badCompression` when the body does not decompress to
    ///   exactly the stated size, `.tooLarge` when the stated size is over `maxSize` or over
    ///   what the body could possibly expand to (so a forged size cannot make it allocate).
    /// - Complexity: O(n) in the uncompressed size.
    public static func decompress(message: [UInt8], maxSize: Int = QWireOptions().maxDecompressedSize) throws -> [UInt8] {
        try message.withUnsafeBytes { try decompress($0, maxSize: maxSize) }
    }

    static func decompress(_ x: UnsafeRawBufferPointer, maxSize: Int) throws -> [UInt8] {
        guard x.count >= 12 else { throw QWireError(.truncated, "compressed message shorter than 12 bytes") }
        let little = x[0] == 1
        let raw = x.loadUnaligned(fromByteOffset: 8, as: UInt32.self)
        let n = Int(little ? UInt32(littleEndian: raw) : UInt32(bigEndian: raw))
        // A back-reference (2 bytes, plus an eighth of a flag byte) yields at most 257
        // bytes, so no honest body expands by more than 129 times.
        guard n >= 8, n <= maxSize, n - 8 <= (x.count - 12) * 129 else {
            throw QWireError(.tooLarge, "implausible uncompressed size \(n) for \(x.count) compressed bytes")
        }
        var out = [UInt8](repeating: 0, count: n)
        try out.withUnsafeMutableBufferPointer { try decompressBody(x, $0) }
        for k in 0..<4 { out[k] = x[k] }
        out[2] = 0
        out[3] = 0
        storeLength(n, into: &out, at: 4, littleEndian: little)
        return out
    }

    private static func decompressBody(_ x: UnsafeRawBufferPointer, _ dst: UnsafeMutableBufferPointer<UInt8>) throws {
        let n = dst.count, end = x.count
        var table = [Int](repeating: 0, count: 256)
        try table.withUnsafeMutableBufferPointer { a in
            var s = 8, p = 8, d = 12
            var bit = 0, flags = 0
            func corrupt(_ why: String) -> QWireError { QWireError(.badCompression, why, offset: d) }
            while s < n {
                if bit == 0 {
                    guard d < end else { throw corrupt("compressed body ends early") }
                    flags = Int(x[d])
                    d += 1
                    bit = 1
                }
                var extra = 0
                let isRef = flags & bit != 0
                if isRef {
                    guard d + 2 <= end else { throw corrupt("back-reference cut short") }
                    let r = a[Int(x[d])]
                    extra = Int(x[d + 1])
                    d += 2
                    guard r != 0 else { throw corrupt("back-reference to an empty slot") }
                    guard s + 2 + extra <= n else { throw corrupt("back-reference past the stated size") }
                    // r <= s - 2 always (the table only holds earlier positions); copy forward
                    // byte by byte when source and destination overlap, as the format intends.
                    let count = 2 + extra
                    if s - r >= count {
                        memcpy(dst.baseAddress! + s, dst.baseAddress! + r, count)
                    } else {
                        for k in 0..<count { dst[s + k] = dst[r + k] }
                    }
                    s += 2
                } else {
                    guard d < end else { throw corrupt("literal past the end of the input") }
                    dst[s] = x[d]
                    d += 1
                    s += 1
                }
                while p < s - 1 {
                    a[Int(dst[p] ^ dst[p + 1])] = p
                    p += 1
                }
                if isRef {
                    s += extra
                    p = s
                }
                bit = bit == 128 ? 0 : bit << 1
            }
        }
    }

    /// Writes a 4-byte length in the message's byte order.
    static func storeLength(_ v: Int, into b: inout [UInt8], at i: Int, littleEndian: Bool) {
        let u = UInt32(truncatingIfNeeded: v)
        for k in 0..<4 {
            let shift = littleEndian ? 8 * k : 8 * (3 - k)
            b[i + k] = UInt8(truncatingIfNeeded: u >> UInt32(shift))
        }
    }
}
