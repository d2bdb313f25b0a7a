import QCore

// `0:` File Text: prepare text (`"," 0: t`), save text (`` `:f 0: strings ``) and
// key-value pairs (`"S=;" 0: "a=1;b=2"`). Loading delimited and fixed-width text
// (`("SJF";",") 0: …`) is in TextLoad.swift.

enum FileText {
    /// Registers `0:`.
    static func register(_ r: inout Registry) {
        r.add("0:", dyad: { x, y, s in try fileText(x, y, s) })
    }

    /// `x 0: y`, dispatched on the form of `x`.
    static func fileText(_ x: QValue, _ y: QValue, _ s: Interpreter) throws -> QValue {
        switch x {
        case .atom(.char, .x(let d)):
            return try prepare(d, y, s)
        case .atom(.symbol, _):
            let path = try Library.filePath(x)
            let lines = try saveLines(y)
            var out: [UInt8] = []
            for l in lines { out += l; out.append(10) }
            try Library.writeFile(path, out)
            return x
        case .vector(let v) where v.type == .char:
            guard case .x(let spec) = v.storage else { throw QError.type }
            return try keyValues(spec, y)
        case .list(let l) where l.count == 2 || l.count == 3:
            return try TextLoad.load(l, y, s)
        default:
            throw QError.type
        }
    }

    /// The strings `` `:f 0: y `` writes: a list of strings (or chars).
    static func saveLines(_ y: QValue) throws -> [[UInt8]] {
        switch y {
        case .list(let l): return try l.map { try Library.bytes($0) }
        case .vector(let v) where v.count == 0: return []
        default: throw QError.type
        }
    }

    // MARK: prepare text

    /// `d 0: t`: the rows of a table (header first) or a list of columns as strings of
    /// cells joined by the delimiter `d`.
    static func prepare(_ d: UInt8, _ y: QValue, _ s: Interpreter) throws -> QValue {
        let header: [[UInt8]]?
        let columns: [QValue]
        switch y {
        case .table(let t):
            header = t.names.map { Array($0.utf8) }
            columns = t.columns
        case .dict(let dict):
            guard case .table(let k) = dict.keys, case .table(let v) = dict.values else { throw QError.type }
            header = (k.names + v.names).map { Array($0.utf8) }
            columns = k.columns + v.columns
        case .list(let l):
            header = nil
            columns = l
        default:
            throw QError.type
        }
        let rows = columns.first?.count ?? 0
        guard columns.allSatisfy({ $0.count == rows && !$0.isAtom }) else {
            throw columns.contains(where: { $0.isAtom }) ? QError.type : QError.length
        }
        let cells = try columns.map { try CellSource($0) }
        var out: [QValue] = []
        out.reserveCapacity(rows + 1)
        var line: [UInt8] = []
        if let h = header {
            for (k, name) in h.enumerated() {
                if k > 0 { line.append(d) }
                appendQuoted(name[...], d, to: &line)
            }
            out.append(chars(line))
        }
        for r in 0..<rows {
            line.removeAll(keepingCapacity: true)
            for (k, c) in cells.enumerated() {
                if k > 0 { line.append(d) }
                c.append(r, d, s.display, to: &line)
            }
            out.append(chars(line))
        }
        return .list(out)
    }

    /// Appends a cell, in quotes (with quotes doubled) when it holds the delimiter or a
    /// newline.
    static func appendQuoted<C: Collection<UInt8>>(_ b: C, _ d: UInt8, to out: inout [UInt8]) {
        guard b.contains(where: { $0 == d || $0 == 10 }) else { out += b; return }
        out.append(34)
        for c in b {
            out.append(c)
            if c == 34 { out.append(34) }
        }
        out.append(34)
    }

    /// A column's cells as prepare text writes them: a vector, or a list of strings.
    /// Temporals are written as ISO 8601 (`2022-03-14`, `2022-03-14T16:12:57.427`).
    enum CellSource {
        case symbols([String])
        case chars([UInt8])
        case longs([Int64], null: Int64)
        case dates([Int32])
        case strings([[UInt8]])
        case atoms(QVector)

        /// The cells of a column; `'type` for a list holding anything but strings.
        init(_ col: QValue) throws {
            switch col {
            case .vector(let v):
                switch v.storage {
                case .s(let a): self = .symbols(a)
                case .x(let a) where v.type == .char: self = .chars(a)
                case .j(let a) where v.type == .long: self = .longs(a, null: .min)
                case .i(let a) where v.type == .int: self = .longs(a.map { Int64($0) }, null: Int64(Int32.min))
                case .h(let a): self = .longs(a.map { Int64($0) }, null: Int64(Int16.min))
                case .i(let a) where v.type == .date: self = .dates(a)
                default: self = .atoms(v)
                }
            case .list(let l):
                self = .strings(try l.map { item in
                    switch item {
                    case .vector(let v) where v.type == .char:
                        guard case .x(let b) = v.storage else { throw QError.type }
                        return b
                    case .list(let e) where e.isEmpty: return []
                    default: throw QError.type
                    }
                })
            default:
                throw QError.type
            }
        }

        /// Appends the cell of row `r`.
        func append(_ r: Int, _ d: UInt8, _ o: QDisplayOptions, to out: inout [UInt8]) {
            switch self {
            case .symbols(let a): appendQuoted(a[r].utf8, d, to: &out)
            case .chars(let a): appendQuoted(CollectionOfOne(a[r]), d, to: &out)
            case .longs(let a, let null): appendInteger(a[r], null: null, to: &out)
            case .strings(let a): appendQuoted(a[r], d, to: &out)
            case .dates(let a):
                let x = a[r]
                guard x != Int32.min, x != Int32.max, x != -Int32.max else {
                    out += isoText(.date, .i(x), o)
                    return
                }
                let c = QCalendar.civil(days: Int(x))
                guard c.year >= 0 && c.year <= 9999 else { out += isoText(.date, .i(x), o); return }
                appendDigits(c.year, 4, to: &out); out.append(45)
                appendDigits(c.month, 2, to: &out); out.append(45)
                appendDigits(c.day, 2, to: &out)
            case .atoms(let v): out += isoText(v.type, v.storage[r], o)
            }
        }
    }

    /// `n` as exactly `width` decimal digits (n must fit).
    @inline(__always)
    static func appendDigits(_ n: Int, _ width: Int, to out: inout [UInt8]) {
        var div = 1
        for _ in 1..<width { div *= 10 }
        var v = n
        while div > 0 { out.append(UInt8(v / div) + 48); v %= div; div /= 10 }
    }

    /// Decimal digits of an integer; nothing for the null; `0W`/`-0W` for infinities.
    @inline(__always)
    static func appendInteger(_ x: Int64, null: Int64, to out: inout [UInt8]) {
        if x == null { return }
        if x == ~null { out += [48, 87]; return }
        if x == null + 1 { out += [45, 48, 87]; return }
        var u = x.magnitude
        if x < 0 { out.append(45) }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &digits) { p in
            repeat { p[n] = UInt8(u % 10) + 48; u /= 10; n += 1 } while u > 0
            for k in stride(from: n - 1, through: 0, by: -1) { out.append(p[k]) }
        }
    }

    /// An atom's text with ISO 8601 dates (`-` between date parts, `T` before a time).
    static func isoText(_ t: QType, _ sc: QScalar, _ o: QDisplayOptions) -> [UInt8] {
        var b = Strings.atomText(t, sc, o)
        switch t {
        case .date, .month, .timestamp, .datetime:
            for k in 0..<min(b.count, 10) where b[k] == 46 { b[k] = 45 }
            if b.count > 10 && (b[10] == 68 || b[10] == 84) { b[10] = 84 }
        default: break
        }
        return b
    }

    // MARK: key-value pairs

    /// `"S=;" 0: text`: keys and values from `key=value` records; a `*` third character
    /// lets values hold separators inside double quotes.
    static func keyValues(_ spec: [UInt8], _ y: QValue) throws -> QValue {
        guard spec.count == 3 || spec.count == 4 else { throw QError.length }
        let quotedMode = spec.count == 4 && spec[2] == 42
        let kt = spec[0] | 0x20, fieldSep = spec[1], recSep = spec[spec.count - 1]
        guard kt == 115 || kt == 105 || kt == 106 else { throw QError.type }
        let text = try Library.bytes(y)
        var keys: [[UInt8]] = [], vals: [[UInt8]] = []
        for rec in quotedMode ? fields(text, recSep, keepQuotes: true) : split(text, recSep) where !rec.isEmpty {
            let cut = rec.firstIndex(of: fieldSep) ?? rec.count
            keys.append(Array(rec[..<cut]))
            var v = cut < rec.count ? Array(rec[(cut + 1)...]) : []
            if quotedMode, v.first == 34 { v = TextLoad.unquote(v) }
            vals.append(v)
        }
        let keyValue: QValue
        switch kt {
        case 115: keyValue = .symbols(keys.map { String(decoding: $0, as: UTF8.self) })
        case 105:
            keyValue = .vector(QVector(.int, QStorage.gather(kind: .i, keys.map { QLiteral.tok(.int, $0) })))
        default:
            keyValue = .vector(QVector(.long, QStorage.gather(kind: .j, keys.map { QLiteral.tok(.long, $0) })))
        }
        return .list([keyValue, Library.stringList(vals)])
    }

    /// Splits at every `sep`.
    private static func split(_ b: [UInt8], _ sep: UInt8) -> [[UInt8]] {
        b.split(separator: sep, omittingEmptySubsequences: false).map(Array.init)
    }

    /// Splits at `sep` outside double quotes, keeping the quotes.
    private static func fields(_ b: [UInt8], _ sep: UInt8, keepQuotes: Bool) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var start = 0, inQuote = false
        for k in 0..<b.count {
            if b[k] == 34 { inQuote.toggle() } else if b[k] == sep && !inQuote {
                out.append(Array(b[start..<k]))
                start = k + 1
            }
        }
        out.append(Array(b[start...]))
        return out
    }
}
