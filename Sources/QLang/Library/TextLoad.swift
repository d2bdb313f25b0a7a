import QCore
#if canImport(Glibc)
import Glibc
#endif

// Loading text with `0:`: delimited fields (`("SJF";",") 0: y`, a header row when the
// delimiter is enlisted, quoted fields, embedded newlines with flag 1) and fixed-width
// fields (`("SJ";4 8) 0: y`). Fields are kept as byte ranges of one buffer and parsed
// column by column, with direct parsers for the common types and tok for the rest.

enum TextLoad {
    /// `(types;delimiter[;flag]) 0: y` and `(types;widths) 0: y`.
    static func load(_ spec: [QValue], _ y: QValue, _ s: Interpreter) throws -> QValue {
        let types = try Library.bytes(spec[0])
        for c in types where c != 32 && c != 42 && QType(letter: Character(Unicode.Scalar(c | 0x20))) == nil {
            throw QError.type
        }
        let flag = spec.count == 3 ? try Library.int(spec[2]) : 0
        switch spec[1] {
        case .atom(.char, .x(let d)):
            return try delimited(types, d, header: false, multiline: flag != 0, y, s)
        case .vector(let v) where v.type == .char && v.count == 1:
            guard case .x(let d) = v.storage else { throw QError.type }
            return try delimited(types, d[0], header: true, multiline: flag != 0, y, s)
        case .vector(let v) where v.type.isNumeric && !v.type.isFloating:
            let widths = (0..<v.count).map { Int(scalarInt(v.storage[$0])) }
            guard widths.count == types.count else { throw QError.length }
            return try fixed(types, widths, y, s)
        case .atom(let t, let sc) where t.isNumeric && !t.isFloating:
            guard types.count == 1 else { throw QError.length }
            return try fixed(types, [Int(scalarInt(sc))], y, s)
        default:
            throw QError.type
        }
    }

    /// Text to load: one buffer and the byte ranges of its records.
    struct Source {
        var data: [UInt8] = []
        var records: [Range<Int>] = []
        /// True when `y` was a single string: one record whose columns become atoms.
        var single = false
    }

    /// The records of `y`: a string is one record, a list of strings one per item, a file
    /// (or part of one) one per line — or per newline outside quotes when `multiline`.
    static func source(_ y: QValue, multiline: Bool) throws -> Source {
        var src = Source()
        if let (path, offset, length) = try Library.fileRange(y) {
            src.data = try Library.readFile(path, offset: offset, length: length)
        } else if case .vector(let v) = y, v.type == .char, case .x(let b) = v.storage {
            src.data = b
            src.records = [0..<b.count]
            src.single = true
            return src
        } else {
            let items = try Library.lines(y)
            if !multiline {
                for item in items {
                    let lo = src.data.count
                    src.data += item
                    src.records.append(lo..<src.data.count)
                }
                return src
            }
            src.data = Array(items.joined(separator: [10]))
        }
        src.records = lines(src.data, quoted: multiline)
        return src
    }

    /// Line ranges (without CR LF), optionally ignoring newlines inside double quotes.
    static func lines(_ data: [UInt8], quoted: Bool) -> [Range<Int>] {
        data.withUnsafeBufferPointer { b in
            var out: [Range<Int>] = []
            var start = 0, inQuote = false
            let n = b.count
            func close(_ k: Int) {
                out.append(start..<(k > start && b[k - 1] == 13 ? k - 1 : k))
                start = k + 1
            }
            if quoted {
                for k in 0..<n {
                    let c = b[k]
                    if c == 34 { inQuote.toggle() } else if c == 10 && !inQuote { close(k) }
                }
            } else if let base = b.baseAddress {
                while start < n, let hit = memchr(base + start, 10, n - start) {
                    close(base.distance(to: hit.assumingMemoryBound(to: UInt8.self)))
                }
            }
            if start < n { out.append(start..<n) }
            return out
        }
    }

    /// Field references of one column, two per row: a range of `data`, or of `extra`
    /// (for unquoted copies of quoted fields) when the start is negative (`-1 - lo`).
    typealias Refs = [Int]

    /// Loads delimited text: a list of columns, a table when the first record names them, or atoms for a single string.
    static func delimited(_ types: [UInt8], _ d: UInt8, header: Bool, multiline: Bool, _ y: QValue, _ s: Interpreter) throws -> QValue {
        var src = try source(y, multiline: multiline)
        var extra: [UInt8] = []
        var names: [String] = []
        if header {
            guard !src.records.isEmpty else { throw QError.length }
            let h = src.records.removeFirst()
            var refs = [Refs](repeating: [], count: types.count)
            split(src.data, h, d, columns: types.count, into: &refs, extra: &extra, keep: [Bool](repeating: true, count: types.count))
            names = refs.map { r in
                var b = r.isEmpty ? [] : fieldBytes(r, 0, src.data, extra)
                while b.last == 32 || b.last == 13 { b.removeLast() }
                while b.first == 32 { b.removeFirst() }
                return String(decoding: b, as: UTF8.self)
            }
        }
        let keep = types.map { $0 != 32 }
        var refs = [Refs](repeating: [], count: types.count)
        for k in refs.indices where keep[k] { refs[k].reserveCapacity(2 * src.records.count) }
        for r in src.records { split(src.data, r, d, columns: types.count, into: &refs, extra: &extra, keep: keep) }
        var outNames: [String] = [], outCols: [QValue] = []
        for k in 0..<types.count where keep[k] {
            let col = try column(types[k], refs[k], src.data, extra, s)
            outCols.append(src.single && !header ? col.element(0) : col)
            if header { outNames.append(k < names.count ? names[k] : "") }
        }
        return header ? .table(QTable(names: outNames, columns: outCols)) : .list(outCols)
    }

    /// Appends the field ranges of one record to the kept columns; missing fields are
    /// empty, extra ones ignored. A field starting with a quote runs to the closing
    /// quote, with doubled quotes undone (copied to `extra`).
    static func split(_ b: [UInt8], _ r: Range<Int>, _ d: UInt8, columns: Int, into refs: inout [Refs], extra: inout [UInt8], keep: [Bool]) {
        var k = r.lowerBound
        let end = r.upperBound
        var col = 0
        while col < columns {
            if k < end && b[k] == 34 {
                let lo = extra.count
                k += 1
                while k < end {
                    if b[k] == 34 {
                        if k + 1 < end && b[k + 1] == 34 { extra.append(34); k += 2; continue }
                        k += 1
                        break
                    }
                    extra.append(b[k]); k += 1
                }
                while k < end && b[k] != d { extra.append(b[k]); k += 1 }
                if keep[col] { refs[col].append(-1 - lo); refs[col].append(extra.count) }
            } else {
                let lo = k
                while k < end && b[k] != d { k += 1 }
                if keep[col] { refs[col].append(lo); refs[col].append(k) }
            }
            col += 1
            if k >= end { break }
            k += 1
        }
        while col < columns {
            if keep[col] { refs[col].append(end); refs[col].append(end) }
            col += 1
        }
    }

    /// Loads fixed-width records (lines, or a file cut every record width when it has no newlines).
    static func fixed(_ types: [UInt8], _ widths: [Int], _ y: QValue, _ s: Interpreter) throws -> QValue {
        guard widths.allSatisfy({ $0 >= 0 && $0 <= Int(Int32.max) }) else { throw QError.domain }
        let width = widths.reduce(0, +)
        var src: Source
        if let (path, offset, length) = try Library.fileRange(y) {
            src = Source()
            src.data = try Library.readFile(path, offset: offset, length: length)
            if src.data.contains(10) { src.records = lines(src.data, quoted: false) } else {
                guard width > 0 else { throw QError.length }
                src.records = stride(from: 0, to: src.data.count - width + 1, by: width).map { $0..<$0 + width }
            }
        } else {
            src = try source(y, multiline: false)
            if src.single { src.single = false }
        }
        var refs = [Refs](repeating: [], count: types.count)
        for r in src.records {
            var at = r.lowerBound
            for k in 0..<types.count {
                if types[k] != 32 {
                    refs[k].append(min(at, r.upperBound))
                    refs[k].append(min(at + widths[k], r.upperBound))
                }
                at += widths[k]
            }
        }
        var out: [QValue] = []
        for k in 0..<types.count where types[k] != 32 { out.append(try column(types[k], refs[k], src.data, [], s)) }
        return .list(out)
    }

    /// Bytes of a field, viewed without retaining the buffer.
    typealias Bytes = Slice<UnsafeBufferPointer<UInt8>>

    /// The bytes of field `i` of a column.
    @inline(__always)
    static func field(_ refs: UnsafeBufferPointer<Int>, _ i: Int, _ data: UnsafeBufferPointer<UInt8>, _ extra: UnsafeBufferPointer<UInt8>) -> Bytes {
        let lo = refs[2 * i], hi = refs[2 * i + 1]
        return lo < 0 ? extra[(-1 - lo)..<hi] : data[lo..<hi]
    }

    /// A field without surrounding blanks.
    @inline(__always)
    static func trim(_ f: Bytes) -> Bytes {
        var lo = f.startIndex, hi = f.endIndex
        while lo < hi && (f[lo] == 32 || f[lo] == 9 || f[lo] == 13) { lo += 1 }
        while hi > lo && (f[hi - 1] == 32 || f[hi - 1] == 9 || f[hi - 1] == 13) { hi -= 1 }
        return f[lo..<hi]
    }

    /// Field `i` of a column as an array (for header names and unquoting).
    static func fieldBytes(_ refs: Refs, _ i: Int, _ data: [UInt8], _ extra: [UInt8]) -> [UInt8] {
        refs.withUnsafeBufferPointer { r in
            data.withUnsafeBufferPointer { d in extra.withUnsafeBufferPointer { e in Array(field(r, i, d, e)) } }
        }
    }

    /// A quoted field's text with the quotes removed and doubled quotes undone.
    static func unquote(_ b: [UInt8]) -> [UInt8] {
        var refs = [Refs](repeating: [], count: 1), extra: [UInt8] = []
        split(b, 0..<b.count, 0, columns: 1, into: &refs, extra: &extra, keep: [true])
        return fieldBytes(refs[0], 0, b, extra)
    }

    // MARK: columns

    /// A column parsed from its fields by an upper-case type letter (`*` keeps strings).
    static func column(_ letter: UInt8, _ refs: Refs, _ data: [UInt8], _ extra: [UInt8], _ s: Interpreter) throws -> QValue {
        try refs.withUnsafeBufferPointer { r in
            try data.withUnsafeBufferPointer { d in
                try extra.withUnsafeBufferPointer { e in try column(letter, r, d, e, s) }
            }
        }
    }

    /// The column parser over borrowed buffers.
    static func column(_ letter: UInt8, _ refs: UnsafeBufferPointer<Int>, _ data: UnsafeBufferPointer<UInt8>,
                       _ extra: UnsafeBufferPointer<UInt8>, _ s: Interpreter) throws -> QValue {
        let n = refs.count / 2
        func each<T>(_ f: (Bytes) -> T) -> [T] {
            [T](unsafeUninitializedCapacity: n) { buf, count in
                for i in 0..<n { (buf.baseAddress! + i).initialize(to: f(field(refs, i, data, extra))) }
                count = n
            }
        }
        switch letter {
        case 42: return .list(each { chars(Array($0)) })
        case 83: return .symbols(each { String(decoding: trim($0), as: UTF8.self) })
        case 67: return chars(each { $0.first ?? 32 })
        default:
            guard let t = QType(letter: Character(Unicode.Scalar(letter | 0x20))) else { throw QError.type }
            let dayFirst = s.settings.dateFormat == 1
            func tok(_ f: Bytes) -> QScalar {
                if case .atom(_, let sc) = QLiteral.tok(t, Array(f), dayFirst: dayFirst) { return sc }
                return t.nullScalar
            }
            switch t {
            case .long: return .longs(each { integer(trim($0)) ?? scalarInt(tok(trim($0))) })
            case .int:
                return .ints(each { f in
                    let f = trim(f)
                    if let v = integer(f), v > Int64(Int32.min), v <= Int64(Int32.max) { return Int32(v) }
                    if case .i(let v) = tok(f) { return v }
                    return Int32.min
                })
            case .float:
                return .floats(each { f in
                    let f = trim(f)
                    if let v = decimal(f) { return v }
                    if case .f(let v) = tok(f) { return v }
                    return .nan
                })
            case .date where !dayFirst:
                return .vector(QVector(.date, .i(each { f in
                    let f = trim(f)
                    if let v = date(f) { return v }
                    if case .i(let v) = tok(f) { return v }
                    return Int32.min
                })))
            default:
                let scalars = each { tok(trim($0)) }
                return .vector(QVector(t, QStorage.gather(kind: t.storageKind, scalars.map { .atom(t, $0) })))
            }
        }
    }

    /// A plain `[-]digits` integer (empty is null); nil for anything else.
    @inline(__always)
    static func integer(_ b: Bytes) -> Int64? {
        if b.isEmpty { return Int64.min }
        var k = b.startIndex
        let neg = b[k] == 45
        if neg { k += 1 }
        guard k < b.endIndex, b.endIndex - k <= 18 else { return nil }
        var v: Int64 = 0
        while k < b.endIndex {
            let c = b[k] &- 48
            guard c < 10 else { return nil }
            v = v * 10 + Int64(c)
            k += 1
        }
        return neg ? -v : v
    }

    /// A decimal number in plain or exponent notation read by `strtod` (empty is null);
    /// nil for anything else (left to tok: `0n`, `0w` …).
    static func decimal(_ b: Bytes) -> Double? {
        if b.isEmpty { return .nan }
        guard b.count < 64 else { return nil }
        var digits = false
        for c in b {
            switch c {
            case 48...57: digits = true
            case 43, 45, 46, 69, 101: break
            default: return nil
            }
        }
        guard digits else { return nil }
        // strtod needs a terminated copy; 64 bytes on the stack is enough.
        var tmp: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &tmp) { raw -> Double? in
            let p = raw.baseAddress!.assumingMemoryBound(to: CChar.self)
            var k = 0
            for c in b { p[k] = CChar(bitPattern: c); k += 1 }
            p[k] = 0
            var end: UnsafeMutablePointer<CChar>?
            let v = strtod(p, &end)
            guard let e = end, p.distance(to: e) == b.count else { return nil }
            return v
        }
    }

    /// `yyyy.mm.dd`, `yyyy-mm-dd`, `yyyy/mm/dd` or `yyyymmdd` as days from 2000.01.01;
    /// nil for other forms and invalid dates.
    static func date(_ b: Bytes) -> Int32? {
        let s = b.startIndex
        func num(_ at: Int, _ len: Int) -> Int? {
            var v = 0
            for k in at..<at + len {
                let c = b[s + k] &- 48
                guard c < 10 else { return nil }
                v = v * 10 + Int(c)
            }
            return v
        }
        let y: Int?, m: Int?, d: Int?
        switch b.count {
        case 10:
            let sep = b[s + 4]
            guard sep == 46 || sep == 45 || sep == 47, b[s + 7] == sep else { return nil }
            (y, m, d) = (num(0, 4), num(5, 2), num(8, 2))
        case 8: (y, m, d) = (num(0, 4), num(4, 2), num(6, 2))
        default: return nil
        }
        guard let y, let m, let d, QCalendar.isValid(year: y, month: m, day: d) else { return nil }
        return Int32(QCalendar.days(year: y, month: m, day: d))
    }
}
