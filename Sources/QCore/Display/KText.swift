// The one-line k form of any value, as -3!, .Q.s1 and 0N! print it and as the console
// shows items nested inside lists, dictionaries and tables:
//   (1;`a)   ,1 2   `a`b!1 2   (,`a)!,1   +`a`b!(1 2;3 4)   (+(,`k)!,`x)!+(,`v)!,1

/// Writers for the k form of whole values.
enum KText {
    /// Appends the k form of `v`. Stops early once `out.count >= limit` (the console uses
    /// this to avoid formatting what it would cut).
    static func append(_ v: QValue, digits: Int, limit: Int, to out: inout [UInt8]) {
        switch v {
        case .atom(let t, let s): AtomText.appendK(t, s, digits: digits, to: &out)
        case .vector(let vec): VectorText.appendK(vec, digits: digits, limit: limit, to: &out)
        case .list(let items): appendList(items, digits: digits, limit: limit, to: &out)
        case .dict(let d): appendDict(d, digits: digits, limit: limit, to: &out)
        case .table(let t): appendTable(t, digits: digits, limit: limit, to: &out)
        case .function(let f): FunctionText.append(f, digits: digits, limit: limit, to: &out)
        }
    }

    /// `()`, `,item` or `(a;b;…)`.
    static func appendList(_ items: [QValue], digits: Int, limit: Int, to out: inout [UInt8]) {
        if items.isEmpty { out.append(40); out.append(41); return }
        if items.count == 1 {
            out.append(UInt8(ascii: ","))
            append(items[0], digits: digits, limit: limit, to: &out)
            return
        }
        out.append(40)
        for (i, item) in items.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ";")) }
            append(item, digits: digits, limit: limit, to: &out)
            if out.count >= limit { return }
        }
        out.append(41)
    }

    /// `keys!values`, with the keys parenthesised when their text would not parse back as the
    /// left argument of `!` (a one-item or empty vector, a table, an attribute …).
    static func appendDict(_ d: QDict, digits: Int, limit: Int, to out: inout [UInt8]) {
        var keys = d.keys
        if d.sorted {
            out.append(contentsOf: Array("`s#".utf8))
            if case .vector(var kv) = keys { kv.attribute = .none; keys = .vector(kv) }
        }
        let parens = keysNeedParens(keys)
        if parens { out.append(40) }
        append(keys, digits: digits, limit: limit, to: &out)
        if parens { out.append(41) }
        out.append(UInt8(ascii: "!"))
        append(d.values, digits: digits, limit: limit, to: &out)
    }

    private static func keysNeedParens(_ keys: QValue) -> Bool {
        switch keys {
        case .vector(let v): return v.count <= 1 || v.attribute != .none
        case .list(let l): return l.count == 1
        case .table, .dict, .function: return true
        case .atom: return false
        }
    }

    /// `+names!columns`: a table is a flipped dictionary of its columns.
    static func appendTable(_ t: QTable, digits: Int, limit: Int, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "+"))
        let d = QDict(keys: .symbols(t.names), values: .list(t.columns))
        appendDict(d, digits: digits, limit: limit, to: &out)
    }

    /// The k form as a String, without a limit.
    static func string(_ v: QValue, digits: Int) -> String {
        var out: [UInt8] = []
        append(v, digits: digits, limit: Int.max, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
