// Public entry points for turning q values into text the way kdb+ prints them.

/// Console settings that affect display: `\c` (height and width) and `\P` (precision).
public struct QDisplayOptions: Sendable, Equatable {
    /// Console columns (`\c`): longer lines are cut to `width - 3` bytes and end in `..`.
    public var width: Int
    /// Console rows (`\c`): output of more than `height - 2` lines keeps `height - 3` and
    /// ends with a `..` line.
    public var height: Int
    /// Significant digits for floats (`\P`), 0 meaning the maximum (17).
    public var precision: Int

    /// Options with q's defaults: `\c 25 80`, `\P 7`.
    public init(width: Int = 80, height: Int = 25, precision: Int = 7) {
        self.width = width
        self.height = height
        self.precision = precision
    }
}

/// Text forms of q values, byte-for-byte as kdb+ prints them.
///
/// ```swift
/// QFormat.console(.longs([1, 2, 3]))           // ["1 2 3"]
/// QFormat.k(.list([.long(1), .symbol("a")]))   // "(1;`a)"
/// QFormat.atomText(.float, .f(2))              // "2"
/// ```
public enum QFormat {
    /// The lines the q console prints for `v` at the `q)` prompt, without line terminators;
    /// empty for the generic null `(::)`.
    ///
    /// Honours the console size: a line longer than `width - 1` bytes is cut to `width - 3`
    /// and ends in `..`; more than `height - 2` lines are cut to `height - 3` and a `..` line.
    /// Table and grid rows keep q's column padding, so they may end in blanks.
    ///
    /// - Complexity: proportional to what is shown, not to the size of `v`.
    public static func console(_ v: QValue, _ options: QDisplayOptions = .init()) -> [String] {
        let layout = ConsoleLayout(options)
        return layout.lines(v).map { String(decoding: layout.clip($0), as: UTF8.self) }
    }

    /// The text `.Q.s` returns: the console lines, each followed by a newline.
    public static func consoleText(_ v: QValue, _ options: QDisplayOptions = .init()) -> String {
        var s = ""
        for line in console(v, options) { s += line; s += "\n" }
        return s
    }

    /// The one-line k representation used by `-3!`, `0N!`, `.Q.s1` and for items nested in
    /// lists: `1 2 3`, `` `a`b ``, `(1;`a)`, `,1`, `"abc"`, `` `s#1 2 3 ``, `` `long$() ``,
    /// `{x+y}[1]`, `` +`a`b!(1 2;3 4) ``. Not cut to the console width (see `clip`).
    ///
    /// - Complexity: O(n) in the size of `v`.
    public static func k(_ v: QValue, _ options: QDisplayOptions = .init()) -> String {
        KText.string(v, digits: FloatText.digits(forPrecision: options.precision))
    }

    /// The text `string` gives for an atom, also how table columns show it: no type suffix,
    /// backtick or quotes (`"1.5"`, `"2"`, `"a"`, `"2000.01.01"`, `"0D12:00:00.000000000"`);
    /// nulls are empty, infinities `0W`/`0w`.
    public static func atomText(_ t: QType, _ s: QScalar, _ options: QDisplayOptions = .init()) -> String {
        var out: [UInt8] = []
        AtomText.appendCell(t, s, digits: FloatText.digits(forPrecision: options.precision), to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Cuts one line to the console width as q does (`0N!` output, for example): a line
    /// longer than `width - 1` bytes keeps `width - 3` and gains `..`.
    public static func clip(_ line: String, _ options: QDisplayOptions = .init()) -> String {
        let layout = ConsoleLayout(options)
        if line.utf8.count <= layout.width - 1 { return line }
        return String(decoding: layout.clip(Array(line.utf8)), as: UTF8.self)
    }
}

extension ConsoleLayout {
    /// A layout for the given console settings (width and height at least 3).
    init(_ o: QDisplayOptions) {
        self.init(digits: FloatText.digits(forPrecision: o.precision), width: max(o.width, 3), height: max(o.height, 3))
    }
}
