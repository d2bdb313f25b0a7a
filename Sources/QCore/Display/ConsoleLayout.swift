// Console layout: the lines q prints at its prompt for a value.
//
//  - atoms, vectors and functions: their k form on one line;
//  - general lists: one item per line in k form, or, when every item is a list of the same
//    length (and not all are strings, boolean or byte vectors), a grid with aligned columns;
//  - dictionaries: a key column, `| `, then the values (cells, grid rows or k forms);
//  - tables: a header, a line of dashes and one line per row, columns padded;
//  - keyed tables: the key table and value table side by side, joined by `| `.
//
// Only rows that will be shown are formatted, and cells are never formatted much past the
// console width, so showing a ten-million-row table costs the same as a ten-row one.

/// Lays values out as console lines (before width truncation).
struct ConsoleLayout {
    /// Significant digits for floats.
    let digits: Int
    /// Console columns (`\c`), at least 3.
    let width: Int
    /// Console rows (`\c`), at least 3.
    let height: Int

    /// Bytes after which a cell or line is certain to be cut: formatting stops there.
    var cellLimit: Int { width + 1 }

    /// A run of lines with a common width (a column block of a dictionary).
    struct Block {
        var lines: [[UInt8]]
        var width: Int
        var hasHeader: Bool
    }

    // MARK: - Entry

    /// The lines for `v`, cut to the console height (with a final `..`) but not yet to its width.
    func lines(_ v: QValue) -> [[UInt8]] {
        switch v {
        case .atom, .vector:
            return [kText(v)]
        case .function:
            if v.isIdentity { return [] }
            // A lambda keeps its source's line breaks.
            var text: [UInt8] = []
            KText.append(v, digits: digits, limit: Int.max, to: &text)
            let all = text.split(separator: 10, omittingEmptySubsequences: false).map(Array.init)
            let (shown, cut) = rowsShown(count: all.count, headerLines: 0)
            return finish(Array(all.prefix(shown)), cut: cut)
        case .list(let items):
            return listLines(items)
        case .dict(let d):
            return dictLines(d)
        case .table(let t):
            let (shown, cut) = rowsShown(count: t.count, headerLines: 2)
            return finish(tableBlock(t, rows: shown).lines, cut: cut)
        }
    }

    /// How many body rows fit: everything when header plus rows fit in `height - 2` lines,
    /// otherwise `height - 3` lines in all and a `..` line.
    func rowsShown(count: Int, headerLines: Int) -> (rows: Int, cut: Bool) {
        if headerLines + count <= height - 2 { return (count, false) }
        return (max(0, height - 3 - headerLines), true)
    }

    private func finish(_ lines: [[UInt8]], cut: Bool) -> [[UInt8]] {
        cut ? lines + [[46, 46]] : lines
    }

    // MARK: - Cells

    /// k form of a value, stopping past the console width.
    func kText(_ v: QValue) -> [UInt8] {
        var out: [UInt8] = []
        KText.append(v, digits: digits, limit: cellLimit, to: &out)
        return out
    }

    /// Row `i` of a column as a table shows it: cell form for vectors, k form for lists
    /// (in a table's own cells, vectors without their type letter: `1 0 -1`, not `1 0 -1i`).
    func cell(_ column: QValue, _ i: Int, tableCell: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        // A ragged (malformed) column prints blank rather than trapping.
        switch column {
        case .vector(let v):
            if i < v.count { VectorText.appendCell(v, i, digits: digits, to: &out) }
        case .list(let items):
            guard i < items.count else { break }
            if tableCell, case .vector(let v) = items[i] {
                VectorText.appendK(v, digits: digits, limit: cellLimit, typeSuffix: false, to: &out)
            } else {
                KText.append(items[i], digits: digits, limit: cellLimit, to: &out)
            }
        default:
            if column.isAtom || i < column.count { KText.append(column.element(i), digits: digits, limit: cellLimit, to: &out) }
        }
        return out
    }

    // MARK: - Lists

    private func listLines(_ items: [QValue]) -> [[UInt8]] {
        if items.isEmpty { return [[40, 41]] }
        let (shown, cut) = rowsShown(count: items.count, headerLines: 0)
        if let columns = ConsoleLayout.gridColumns(items) {
            return finish(gridRows(Array(items.prefix(shown)), columns: columns), cut: cut)
        }
        return finish(items.prefix(shown).map(kText), cut: cut)
    }

    /// The common length of the items when a list prints as a grid, else nil: every item is
    /// a vector or general list of that length, and not all are boolean, byte or char
    /// vectors (those print whole, as `101b` or `"abc"`, one per line).
    static func gridColumns(_ items: [QValue]) -> Int? {
        var length: Int?
        var allCompact = true
        for item in items {
            let n: Int
            switch item {
            case .vector(let v):
                n = v.count
                if v.type != .boolean && v.type != .byte && v.type != .char { allCompact = false }
            case .list(let l):
                n = l.count
                allCompact = false
            default:
                return nil
            }
            if let m = length, m != n { return nil }
            length = n
        }
        return allCompact ? nil : length
    }

    /// Grid rows: column `j` holds item `j` of every row, padded to the widest.
    func gridRows(_ rows: [QValue], columns: Int) -> [[UInt8]] {
        var cols: [[[UInt8]]] = []
        var total = 0
        for j in 0..<columns {
            let c = rows.map { cell($0, j) }
            cols.append(c)
            total += (c.map(\.count).max() ?? 0) + 1
            if total > width { break }   // the rest would be cut anyway
        }
        return ConsoleLayout.pad(columns: cols, headers: nil, rows: rows.count).rows
    }

    /// Pads columns of cells (with optional headers) and joins them with single spaces.
    static func pad(columns: [[[UInt8]]], headers: [[UInt8]]?, rows: Int) -> (header: [UInt8], rows: [[UInt8]], width: Int) {
        let widths = columns.enumerated().map { j, c in
            max(c.map(\.count).max() ?? 0, headers?[j].count ?? 0)
        }
        let total = widths.reduce(0, +) + max(0, widths.count - 1)
        func line(_ cellAt: (Int) -> [UInt8]) -> [UInt8] {
            var out: [UInt8] = []
            out.reserveCapacity(total)
            for j in 0..<columns.count {
                if j > 0 { out.append(32) }
                let c = cellAt(j)
                out.append(contentsOf: c)
                if c.count < widths[j] { out.append(contentsOf: repeatElement(32, count: widths[j] - c.count)) }
            }
            return out
        }
        let header = headers.map { h in line { h[$0] } } ?? []
        let body = (0..<rows).map { i in line { columns[$0][i] } }
        return (header, body, total)
    }

    // MARK: - Tables

    /// Header, dashes and the first `rows` rows of a table.
    func tableBlock(_ t: QTable, rows: Int) -> Block {
        var cols: [[[UInt8]]] = []
        var names: [[UInt8]] = []
        var total = 0
        for (name, column) in zip(t.names, t.columns) {
            let c = (0..<rows).map { cell(column, $0, tableCell: true) }
            let n = Array(name.utf8)
            total += max(n.count, c.map(\.count).max() ?? 0) + 1
            cols.append(c); names.append(n)
            if total > width { break }
        }
        let laid = ConsoleLayout.pad(columns: cols, headers: names, rows: rows)
        let dashes = [UInt8](repeating: UInt8(ascii: "-"), count: laid.width)
        return Block(lines: [laid.header, dashes] + laid.rows, width: laid.width, hasHeader: true)
    }

    // MARK: - Dictionaries

    private func dictLines(_ d: QDict) -> [[UInt8]] {
        let keyTable: Bool = { if case .table = d.keys { return true }; return false }()
        let valueTable: Bool = { if case .table = d.values { return true }; return false }()
        let count = min(d.keys.count, d.values.count)
        if count == 0 && !keyTable && !valueTable { return [kText(.dict(d))] }
        let header = keyTable || valueTable ? 2 : 0
        let (shown, cut) = rowsShown(count: count, headerLines: header)
        var keys = block(d.keys, rows: shown)
        var values = block(d.values, rows: shown)
        if header > 0 {
            if !keys.hasHeader { keys.lines.insert(contentsOf: [[], dashes(keys.width)], at: 0) }
            if !values.hasHeader { values.lines.insert(contentsOf: [[], dashes(values.width)], at: 0) }
        }
        var out: [[UInt8]] = []
        out.reserveCapacity(keys.lines.count + 1)
        for (k, v) in zip(keys.lines, values.lines) {
            var line = k
            if line.count < keys.width { line.append(contentsOf: repeatElement(32, count: keys.width - line.count)) }
            line.append(UInt8(ascii: "|"))
            line.append(32)
            line.append(contentsOf: v)
            out.append(line)
        }
        return finish(out, cut: cut)
    }

    private func dashes(_ n: Int) -> [UInt8] { [UInt8](repeating: UInt8(ascii: "-"), count: n) }

    /// One side of a dictionary: a table block, vector cells, grid rows or k forms.
    private func block(_ v: QValue, rows: Int) -> Block {
        let lines: [[UInt8]]
        switch v {
        case .table(let t):
            return tableBlock(t, rows: rows)
        case .vector:
            lines = (0..<rows).map { cell(v, $0) }
        case .list(let items):
            if let columns = ConsoleLayout.gridColumns(items) {
                lines = gridRows(Array(items.prefix(rows)), columns: columns)
            } else {
                lines = items.prefix(rows).map(kText)
            }
        default:
            lines = (0..<rows).map { kText(v.element($0)) }
        }
        return Block(lines: lines, width: lines.map(\.count).max() ?? 0, hasHeader: false)
    }

    // MARK: - Truncation

    /// Cuts a line to the console width: more than `width - 1` bytes keep `width - 3` and
    /// gain `..` (so a cut line is `width - 1` bytes, as q leaves the last column free).
    func clip(_ line: [UInt8]) -> [UInt8] {
        if line.count <= width - 1 { return line }
        var cut = Array(line.prefix(width - 3))
        cut.append(46); cut.append(46)
        return cut
    }
}
