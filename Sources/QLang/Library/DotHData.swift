import QCore

// `.h` data export: CSV (`.h.cd`), TSV (`.h.td`), XML (`.h.xd`), Excel XML (`.h.ed`,
// `.h.edsn`), JSON lines and the `.h.tx` dictionary of exporters that `save` uses;
// JSON import (`.h.xt`) and the web console's table pager (`.h.jx`).

enum DotHData {
    /// Registers `.h` data exports.
    static func register(_ r: inout Registry) {
        let fn = Library.fn
        fn(&r, ".h.cd", 1) { a, s in try csv(a[0], s) }
        fn(&r, ".h.td", 1) { a, s in try FileText.prepare(9, DotH.unkeyedOrList(a[0]), s) }
        fn(&r, ".h.xd", 1) { a, s in Library.stringList(try DotH.xmlLines(a[0], s)) }
        fn(&r, ".h.ed", 1) { a, s in Library.stringList(try DotH.excelLines(["Sheet1"], [a[0]], s)) }
        fn(&r, ".h.edsn", 1) { a, s in
            guard case .dict(let d) = a[0], case .vector(let kv) = d.keys, case .s(let names) = kv.storage else { throw QError.type }
            return Library.stringList(try DotH.excelLines(names, d.values.elements, s, sheetNamespace: true))
        }
        fn(&r, ".h.xt", 2) { a, s in
            guard try Library.symbol(a[0]) == "json" else { throw QError.domain }
            return JSONParser.collect(try a[1].elements.map { try Library.call(s, ".j.k", [$0]) })
        }
        fn(&r, ".h.jx", 2) { a, s in try pager(a[0], a[1], s) }
        fn(&r, ".h._json", 1) { a, s in try DotH.jsonLines(a[0], s) }
        fn(&r, ".h._csv", 1) { a, s in try csv(a[0], s) }
        fn(&r, ".h._txt", 1) { a, s in try FileText.prepare(9, DotH.unkeyedOrList(a[0]), s) }
    }

    /// `.h.tx`: the exporter for each text format.
    static var exporters: QValue {
        let names = ["raw", "json", "csv", "txt", "xml", "xls"]
        let fns = [Library.function("enlist"), Library.function(".h._json"), Library.function(".h._csv"),
                   Library.function(".h._txt"), Library.function(".h.xd"), Library.function(".h.ed")]
        return .dict(QDict(keys: .symbols(names), values: .list(fns)))
    }

    /// `.h.cd`: CSV lines, with items of nested columns joined by `.h.d`.
    static func csv(_ x: QValue, _ s: Interpreter) throws -> QValue {
        let sep = s.globals[".h.d"].flatMap { try? Library.bytes($0) } ?? [32]
        func flatten(_ col: QValue) throws -> QValue {
            guard case .list(let l) = col else { return col }
            return .list(try l.map { item -> QValue in
                switch item {
                case .vector(let v) where v.type == .char: return item
                case .atom: return chars(try Library.bytes(Strings.string(item, s)))
                default:
                    let parts = try item.elements.map { try Library.bytes(Strings.string($0, s)) }
                    return chars(Array(parts.joined(separator: sep)))
                }
            })
        }
        switch try DotH.unkeyedOrList(x) {
        case .table(let t): return try FileText.prepare(44, .table(QTable(names: t.names, columns: try t.columns.map(flatten))), s)
        case .list(let l): return try FileText.prepare(44, .list(try l.map(flatten)), s)
        default: throw QError.type
        }
    }

    /// `.h.jx[i;name]`: a page of rows of a global table from row `i`, as console lines,
    /// after a line of navigation links when the table has more rows than one page.
    static func pager(_ start: QValue, _ name: QValue, _ s: Interpreter) throws -> QValue {
        let j = Int(try Library.int(start))
        let t = try s.value(name)
        let page = 32
        var lines: [[UInt8]] = []
        let n = t.count
        if DotQ.isTable(t) && n > page {
            let links = [("home", 0), ("up", max(0, j - page)), ("down", j + page), ("end", n - page)]
            let nav = links.map { "<a href=\"?[" + String($0.1) + "\">" + $0.0 + "</a>" }.joined(separator: " ")
            lines.append(Array((nav + " " + String(n) + "[" + String(j) + "]").utf8))
        }
        lines.append([])
        let lo = min(max(0, j), n)
        let rows = QValue.longs((lo..<max(lo, min(n, j + page))).map(Int64.init))
        let shown = DotQ.isTable(t) ? try s.index1(t, rows) : t
        let wide = QDisplayOptions(width: 1 << 20, height: 1 << 20, precision: s.display.precision)
        lines += QFormat.console(shown, wide).map { Array($0.utf8) }
        return Library.stringList(lines)
    }
}

extension DotH {
    /// A table unkeyed, or a list of columns as given.
    static func unkeyedOrList(_ x: QValue) throws -> QValue {
        switch x {
        case .table, .list: return x
        case .dict: return .table(try DotQ.unkeyed(x))
        default: throw QError.type
        }
    }

    /// The text of each cell as `string` gives it (no ISO dates), XML-escaped.
    static func xmlCells(_ col: QValue, _ s: Interpreter) throws -> [[UInt8]] {
        switch col {
        case .vector(let v):
            if case .s(let names) = v.storage { return names.map { xmlEscape(Array($0.utf8)) } }
            if v.type == .char, case .x(let b) = v.storage { return b.map { xmlEscape([$0]) } }
            return (0..<v.count).map { xmlEscape(Strings.atomText(v.type, v.storage[$0], s.display)) }
        case .list(let l):
            return try l.map { item in
                if case .vector(let v) = item, v.type == .char { return xmlEscape(try Library.bytes(item)) }
                if case .list(let e) = item, e.isEmpty { return [] }
                return xmlEscape(try Library.bytes(Strings.string(item, s)))
            }
        default: throw QError.type
        }
    }

    /// `.h.xd`: `<R>`, one `<r>` line per row with an element per column, `</R>`.
    static func xmlLines(_ x: QValue, _ s: Interpreter) throws -> [[UInt8]] {
        let t = try DotQ.unkeyed(x)
        let cells = try t.columns.map { try xmlCells($0, s) }
        var out: [[UInt8]] = [Array("<R>".utf8)]
        for r in 0..<t.count {
            var line = Array("<r>".utf8)
            for (k, n) in t.names.enumerated() {
                line += Array(("<" + n + ">").utf8) + cells[k][r] + Array(("</" + n + ">").utf8)
            }
            out.append(line + Array("</r>".utf8))
        }
        out.append(Array("</R>".utf8))
        return out
    }

    /// `.h.ed`/`.h.edsn`: an Excel 2003 XML workbook, one worksheet per table.
    static func excelLines(_ names: [String], _ tables: [QValue], _ s: Interpreter, sheetNamespace: Bool = false) throws -> [[UInt8]] {
        guard names.count == tables.count else { throw QError.length }
        let ns = "urn:schemas-microsoft-com:office:"
        var out: [String] = ["<?xml version=\"1.0\"?><?mso-application progid=\"Excel.Sheet\"?>"]
        out.append(sheetNamespace
            ? "<Workbook xmlns=\"\(ns)spreadsheet\" xmlns:ss=\"\(ns)spreadsheet\">"
            : "<Workbook xmlns=\"\(ns)spreadsheet\" xmlns:o=\"\(ns)office\" xmlns:x=\"\(ns)excel\" xmlns:ss=\"\(ns)spreadsheet\" xmlns:html=\"http://www.w3.org/TR/REC-html40\">")
        for (name, table) in zip(names, tables) {
            let t = try DotQ.unkeyed(table)
            out.append("<Worksheet ss:Name=\"" + name + "\"><Table>")
            func cell(_ type: String, _ b: [UInt8]) -> String {
                "<Cell><Data ss:Type=\"" + type + "\">" + String(decoding: b, as: UTF8.self) + "</Data></Cell>"
            }
            out.append("<Row>" + t.names.map { cell("String", xmlEscape(Array($0.utf8))) }.joined() + "</Row>")
            let cells = try t.columns.map { try xmlCells($0, s) }
            let numeric = t.columns.map { col -> Bool in
                if case .vector(let v) = col { return v.type.isNumeric }
                return false
            }
            for r in 0..<t.count {
                out.append("<Row>" + (0..<t.names.count).map { cell(numeric[$0] ? "Number" : "String", cells[$0][r]) }.joined() + "</Row>")
            }
            out.append("</Table></Worksheet>")
        }
        out.append("</Workbook>")
        return out.map { Array($0.utf8) }
    }

    /// ``.h.tx[`json]``: JSON per row of a table (JSON lines), or per item of a list.
    static func jsonLines(_ x: QValue, _ s: Interpreter) throws -> QValue {
        let items = DotQ.isTable(x) ? QValue.table(try DotQ.unkeyed(x)).elements : x.elements
        return Library.stringList(try items.map { try DotJ.json($0, s) })
    }
}
