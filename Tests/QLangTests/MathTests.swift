import XCTest
@testable import QCore
@testable import QLang

/// The Math family: arithmetic operators, atomic numeric functions, aggregates,
/// running and moving functions, statistics and matrices.
final class MathTests: QTestCase {

    /// Asserts that `expr` gives floats within `tolerance` of `expected` (atoms, vectors and
    /// lists of vectors are flattened; NaN matches NaN).
    func assertClose(_ expr: String, _ expected: [Double], tolerance: Double = 1e-6,
                     file: StaticString = #filePath, line: UInt = #line) {
        func flat(_ v: QValue) -> [Double] {
            switch v {
            case .atom(_, let s): return [scalarFloat(s)]
            case .vector(let vec): return (0..<vec.count).map { scalarFloat(vec.storage[$0]) }
            case .list(let items): return items.flatMap(flat)
            default: return []
            }
        }
        do {
            let got = flat(try q.evaluate(expr))
            XCTAssertEqual(got.count, expected.count, "\(expr): \(got)", file: file, line: line)
            for (g, e) in zip(got, expected) where !(g.isNaN && e.isNaN) {
                XCTAssertTrue(Swift.abs(g - e) <= tolerance * Swift.max(1, Swift.abs(e)), "\(expr): \(got)", file: file, line: line)
            }
        } catch {
            XCTFail("\(expr) threw \(error)", file: file, line: line)
        }
    }

    // MARK: + - * %

    func testAddBasics() {
        assertQ("2+3 4 5", "5 6 7")
        assertQ("1 2 3+10 20 30", "11 22 33")
        assertQ("(10;20 30)+(2;3 4)", "(12;23 34)")
        assertQ("1.5+1 2", "2.5 3.5")
        assertQ("1 2+0.5", "1.5 2.5")
        assertQ("1 2+0.5 0.25", "1.5 2.25")
        assertQ("0.5 0.25+1 2", "1.5 2.25")
        assertQ("1b+1b", "2i")
        assertQ("type 1i+55", "-7h")
        assertQ("type 1h+1h", "-6h")
        assertQ("type 0x01+0x02", "-6h")
        assertQ("type 1e+1", "-8h")
        assertQ("type 1e+1f", "-9h")
        assertQ("type 1+1f", "-9h")
        assertQ("3.3 4.4 5.5*1b", "3.3 4.4 5.5")
    }

    func testArithmeticNullsAndInfinities() {
        assertQ("1 0N 3+1", "2 0N 4")
        assertQ("0N+1", "0N")
        assertQ("0N*2", "0N")
        assertQ("0N-0N", "0N")
        assertQ("0W+1", "0N")
        assertQ("1 0n+1", "2 0n")
        assertQ("0w+1", "0w")
        assertQ("0w-0w", "0n")
        assertQ("0Ni+1i", "0Ni")
        assertQ("0Ni+1", "0N")
        assertQ("1 2 3i+0N", "0N 0N 0N")
        assertQ("0N+1.5", "0n")
        assertQ("1+0n 2", "0n 3")
    }

    func testIntAndMixedFastPaths() {
        assertQ("1 2 3i+1i", "2 3 4i")
        assertQ("1i+1 2 3i", "2 3 4i")
        assertQ("1 0N 3i*2 2 2i", "2 0N 6i")
        assertQ("2147483647i+1i", "0Ni")
        assertQ("1 2 3i+1", "2 3 4")
        assertQ("1+1 2 3i", "2 3 4")
        assertQ("1 2 3-1 0N 1i", "0 0N 2")
        assertQ("1 2 3i*1.5", "1.5 3 4.5")
        assertQ("0.5-1 0N 3i", "-0.5 0n -2.5")
        assertQ("1 2i%2i", "0.5 1")
        assertQ("1 2i%2", "0.5 1")
        assertQ("3%1 2 0i", "3 1.5 0w")
        assertQ("1 2%0 4", "0w 0.5")
        assertQ("1.5 2%0N 2", "0n 1")
        assertQ("sum 1 0N 3i", "4i")
        assertQ("sum 1 0N 3h", "4i")
        assertQ("sum 0x0102ff", "258i")
        assertQ("max 1 0N 3i", "3i")
        assertQ("min 1 0N 3i", "1i")
        assertQ("min 0N 0Ni", "0Wi")
        assertQ("max 0N 0Nh", "-0Wh")
        assertQ("max 0x0102ff", "0xff")
        assertError("1 2i+1 2 3i", "length")
    }

    func testArithmeticErrors() {
        assertError("1+`a", "type")
        assertError("\"a\"+1", "type")
        assertError("1 2+1 2 3", "length")
        assertError("1 2.0+1 2 3", "length")
        assertError("(1;2 3)+(1;2 3 4)", "length")
        assertError("1*`a`b", "type")
        assertError("1%`a", "type")
        assertError("0Ng+1", "type")
    }

    func testTemporalArithmetic() {
        assertQ("2000.11.22 + 03:44:55.666", "2000.11.22D03:44:55.666000000")
        assertQ("2000.11.22 - 03:44:55.666", "2000.11.21D20:15:04.334000000")
        assertQ("2001.01.01-2000.01.01", "366i")
        assertQ("2000.01.02D12:00 - 2000.01.01D00:00", "1D12:00:00.000000000")
        assertQ("2017.12.31+0 1 2", "2017.12.31 2018.01.01 2018.01.02")
        assertQ("2017.12m-0 1 2", "2017.12 2017.11 2017.10m")
        assertQ("2017.12m*0 1 2", "2000.01 2017.12 2035.11m")
        assertQ("2012.05 2012.06m-2", "2012.03 2012.04m")
        assertQ("12:00+01:30", "13:30")
        assertQ("12:00:00+30", "12:00:30")
        assertQ("00:01+00:00:30", "00:01:30")
        assertQ("2000.01.01+1D12:00", "2000.01.02D12:00:00.000000000")
        assertQ("2000.01.01D00:00+1", "2000.01.01D00:00:00.000000001")
        assertQ("0Nd+1", "0Nd")
        assertQ("2000.01.01T12:00:00.000+1", "2000.01.02T12:00:00.000")
        assertQ("type 2000.01.01-2000.01.01", "-6h")
        assertQ("type 2000.01.01D-2000.01.01D", "-16h")
    }

    func testArithmeticOnDictionariesAndTables() {
        run("d:`a`b!(10 -21 3;4 5 -6)")
        assertQ("d+10", "`a`b!(20 -11 13;14 15 4)")
        assertQ("d+`b`c!(10 20 30;1000*1 2 3)", "`a`b`c!(10 -21 3;14 25 24;1000 2000 3000)")
        assertQ("d-`b`c!(10 20 30;1000*1 2 3)", "`a`b`c!(10 -21 3;-6 -15 -36;-1000 -2000 -3000)")
        assertQ("5+`a`b`c!100 200 300", "`a`b`c!105 205 305")
        assertQ("3+`a`b`c!(42;2012.09.15;1b)", "`a`b`c!(45;2012.09.18;4)")
        assertQ("1.1*`a`b`c!5 10 20", "`a`b`c!5.5 11 22")
        run("t:([]a:10 -21 3;b:4 5 -6)")
        assertQ("t+100", "([]a:110 79 103;b:104 105 94)")
        assertQ("t-100", "([]a:-90 -121 -97;b:-96 -95 -106)")
        assertQ("t%100", "([]a:0.1 -0.21 0.03;b:0.04 0.05 -0.06)")
        assertQ("3%([]b:1 2 3;c:45 46 47)", "([]b:3 1.5 1;c:3%45 46 47)")
        assertQ("t+t", "([]a:20 -42 6;b:8 10 -12)")
        run("k:([k:`abc`def`ghi]a:10 -21 3;b:4 5 -6)")
        assertQ("k+k", "([k:`abc`def`ghi]a:20 -42 6;b:8 10 -12)")
        assertQ("k*k", "([k:`abc`def`ghi]a:100 441 9;b:16 25 36)")
        assertQ("([sym:`ibm`goog`msoft]qty:1000 2000 3000;p:1550 375 98)+5",
                "([sym:`ibm`goog`msoft]qty:1005 2005 3005;p:1555 380 103)")
        assertError("t+([]a:1 2 3)", "mismatch")
    }

    func testDivide() {
        assertQ("2%3", "0.6666666666666666")
        assertQ("(10;20 30)%(2;3 4)", "(5f;20 30%3 4)")
        assertQ("\"z\"%\"a\"", "122%97")
        assertQ("1b%0b", "0w")
        assertQ("1%0", "0w")
        assertQ("-1%0", "-0w")
        assertQ("0%0", "0n")
        assertQ("0N%2", "0n")
        assertQ("00:00:10.000000000 % 00:00:05.000000000", "2f")
        assertQ("2010.01.01 % 2005.01.01", "3653%1827")
        assertQ("00:10%2", "5f")
        assertQ("00:10:00%2", "300f")
        assertQ("2017.12m% 1 2 3", "215 107.5,215%3")
        assertQ("type 1e%2e", "-9h")
        assertQ("%[;2] 0 1 2 3 4", "0 0.5 1 1.5 2")
        assertQ("`a`b!1 2%2", "`a`b!0.5 1")
    }

    func testNegAndReciprocal() {
        assertQ("neg -1 0 1 2", "1 0 -1 -2")
        assertQ("neg 01001b", "0 -1 0 0 -1i")
        assertQ("neg (0W;-0w;0N)", "(-0W;0w;0N)")
        assertQ("neg 2000.01.01 2012.01.01", "2000.01.01 1988.01.01")
        assertQ("neg 1.5", "-1.5")
        assertQ("-1 2", "-1 2")
        assertError("neg `a", "type")
        assertQ("reciprocal 0 0w 0n 3 10", "0w 0 0n,1%3 10")
        assertQ("1%3 10", "1%3 10f")
        assertQ("reciprocal 1b", "1f")
        assertQ("reciprocal (12;13 14)", "(1%12;1%13 14)")
        assertQ("reciprocal `a`b!2 4", "`a`b!0.5 0.25")
        assertQ("(%)4", "0.25")
        assertError("reciprocal `a", "type")
    }

    // MARK: atomic functions

    func testAbsSignum() {
        assertQ("abs -1.0", "1f")
        assertQ("abs 10 -43 0N", "10 43 0N")
        assertQ("abs 1999.01.01", "2000.12.31")
        assertQ("abs (10;20 -30)", "(10;20 30)")
        assertQ("abs -0W", "0W")
        assertQ("abs 01b", "0 1i")
        assertQ("abs -5h", "5h")
        assertQ("abs -0w", "0w")
        assertQ("abs `a`b!-1 2", "`a`b!1 2")
        assertError("abs `a", "type")
        assertQ("signum -2 0 1 3", "-1 0 1 1i")
        assertQ("signum (0n;0N;0Nt;0Nd;0Nz;0Nu;0Nv;0Nm;0Nh;0Nj;0Ne)", "-1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1i")
        assertQ("signum 1999.12.31", "-1i")
        assertQ("signum (10;-20 30)", "(1i;-1 1i)")
        assertQ("signum -0.5 0 0.5", "-1 0 1i")
        assertQ("signum ([]a:10 -21 3;b:4 5 -6)", "([]a:1 -1 1i;b:1 1 -1i)")
        assertQ("signum -1.5 0 0n 2 -0w", "-1 0 -1 1 -1i")
        assertQ("signum 0N -0W 0W 0", "-1 -1 1 0i")
        assertQ("abs -1.5 0n 2", "1.5 0n 2")
        assertQ("abs 0N -0W 3", "0N 0W 3")
    }

    func testFloorCeiling() {
        assertQ("floor -2.1 0 2.1", "-3 0 2")
        assertQ("floor (1.2;3.4 5.6)", "(1;3 5)")
        assertQ("floor `a`b!(1.2;3.4 5.6)", "`a`b!(1;3 5)")
        assertQ("floor ([]a:1.2 3.4;b:5.6 7.8)", "([]a:1 3;b:5 7)")
        assertQ("floor 0n 0w -0w", "0N 0W -0W")
        assertQ("floor 5 6h", "5 6h")
        assertQ("floor 2.5e", "2")
        assertQ("floor \"aBc\"", "\"abc\"")
        assertQ("floor `ABC`dE", "`abc`de")
        assertQ("floor 2 - 10 xexp -12 -13", "1 1")
        assertError("floor 01b", "type")
        assertError("floor 2009.10.03T13:08:00.222", "type")
        assertQ("(_)2.7", "2")
        assertQ("ceiling -2.1 0 2.1", "-2 0 3")
        assertQ("ceiling 01b", "0 1i")
        assertQ("ceiling (1.2;3.4 5.6)", "(2;4 6)")
        assertQ("ceiling ([]a:1.2 3.4;b:5.6 7.8)", "([]a:2 4;b:6 8)")
        assertQ("ceiling 2 + 10 xexp -12 -13", "3 3")
        assertQ("ceiling 0n", "0N")
        assertError("ceiling 2010.05.13T12:30:59.999", "type")
        assertError("ceiling `a", "type")
    }

    func testFloatFunctions() {
        assertQ("sqrt -1 0n 0 25 50", "0n 0n 0 5,sqrt 50f")
        assertClose("sqrt 12:00:00.000000000", [Double(43_200_000_000_000).squareRoot()])
        assertQ("sqrt 101b", "1 0 1f")
        assertQ("sqrt 0Wh", "sqrt 32767f")
        assertQ("sqrt 0w", "0w")
        assertQ("exp 0 1", "1f,exp 1f")
        assertQ("exp -4.2 0 0.1 0n 0w", "(exp -4.2),1f,(exp 0.1),0n 0w")
        assertQ("exp 00:00:00 00:00:12 12:00:00", "1f,(exp 12f),0w")
        assertQ("log 1", "0f")
        assertQ("log -2 0n 0 1", "0n 0n -0w 0")
        assertQ("log exp 42", "42f")
        assertQ("log(2;3 4)", "(log 2f;log 3 4f)")
        assertQ("sin 0", "0f")
        assertQ("sin 0w", "0n")
        assertQ("cos 0", "1f")
        assertQ("tan 0", "0f")
        assertQ("asin 2", "0n")
        assertQ("acos 1", "0f")
        assertQ("atan 0", "0f")
        assertQ("type sqrt 2000.01.01T00:00:00.000", "-15h")
        assertQ("sqrt `a`b!4 9", "`a`b!2 3f")
        assertError("sqrt `a", "type")
        assertError("exp \"a\" ,`a", "type")
    }

    func testXexpXlog() {
        assertQ("2 xexp 3", "exp 3*log 2")
        assertQ("-2 2 xexp .5", "0n,sqrt 2f")
        assertQ("1.5 xexp 0 0n 0w", "1 0n 0w")
        assertQ("0 xexp 0 1 2 -1", "1 0 0 0w")
        assertQ("-2 0n xexp 0", "0n 0n")
        assertQ("-8 xexp 2", "0n")
        assertQ("3 xexp (1;2 3)", "(exp 1*log 3;exp 2 3*log 3)")
        assertQ("3 xexp `a`b!2 3", "`a`b!exp 2 3*log 3")
        assertError("3 xexp ([]a:1 2)", "type")
        assertError("`a xexp 2", "type")
        assertError("2 xexp 2000.01.01", "type")
        assertQ("2 xlog 8", "3f")
        assertQ("2 xlog 0.125", "-3f")
        assertQ("1.5 xlog 0 1 0n", "-0w 0 0n")
        assertQ("\"A\" xlog \"C\"", "65 xlog 67")
        assertQ("10 xlog ([]a:10 100)", "([]a:1 2f)")
        assertQ("(2;3 4)xlog(4;5 6)", "(2f;(log 5 6)%log 3 4)")
    }

    func testDiv() {
        assertQ("7 div 3", "2")
        assertQ("7 div 2 3 4", "3 2 1")
        assertQ("-7 7 div/:\\:-2.5 -2 2 2.5", "(2 3 -4 -3;-3 -4 3 2)")
        assertQ("7f div 2", "3f")
        assertQ("6i div 4", "1i")
        assertQ("2014.10.13 div 365", "2000.01.15")
        assertQ("7h div 3", "2i")
        assertQ("0x80 div 16", "8i")
        assertQ("\"\\023\" div 8", "2i")
        assertQ("(10;20 30)div(3 4; -5)", "(3 2;-4 -6)")
        assertQ("`a`b!(10 -21;4 5) div 5", "`a`b!(2 -5;0 1)")
        assertQ("0N div 2", "0N")
        assertQ("-7 7 0N 0W div 2", "-4 3 0N 4611686018427387903")
        assertQ("-7 7 0N div -2", "3 -4 0N")
        assertQ("1 2 div 0", "0N 0N")
        assertError("([]a:1 2) div 2", "type")
        assertError("`a div 2", "type")
    }

    func testMod() {
        assertQ("-3 -2 -1 0 1 2 3 4 mod 3", "0 1 2 0 1 2 0 1")
        assertQ("7 mod 2 3 4", "1 1 3")
        assertQ("-7 7 mod/:\\:-2.5 -2 2 2.5", "(-2 -1 1 0.5;-0.5 -1 1 2)")
        assertQ("(10;20 30)mod(7 13;-12)", "(3 10;-4 -6)")
        run("d:`a`b!(10 -21 3;4 5 -6)")
        assertQ("d mod 5", "`a`b!(0 4 3;4 0 4)")
        assertQ("5 mod d", "`a`b!(5 -16 2;1 0 -1)")
        assertQ("7.5 mod 2", "1.5")
        assertQ("0N mod 3", "0N")
        assertQ("-7 7 0N mod 2", "1 1 0N")
        assertQ("-7 7 mod -2", "-1 -1")
        assertQ("7 mod 0", "7")
        assertQ("type 1i mod 2", "-7h")
        assertQ("type 1i mod 2i", "-6h")
        assertQ("type 1e mod 2", "-9h")
        assertError("([]a:1 2) mod 2", "type")
    }

    // MARK: aggregates

    func testSum() {
        assertQ("sum 7", "7")
        assertQ("sum 2 3 5 7", "17")
        assertQ("sum 2 3 0N 7", "12")
        assertQ("sum (1 2 3 4;2 3 5 7)", "3 5 8 11")
        assertQ("sum `a`b`c!1 2 3", "6")
        assertQ("sum (0n 8;8 0n)", "0n 0n")
        assertQ("sum 0n 8", "8f")
        assertQ("sum (1 2;0N 4)", "0N 6")
        assertQ("sum (1;0n;2;3)", "6f")
        assertQ("sum 101b", "2i")
        assertQ("sum 1 2 3h", "6i")
        assertQ("sum 1 2 3i", "6i")
        assertQ("sum 1 2 3e", "6e")
        assertQ("sum `long$()", "0")
        assertQ("sum `float$()", "0f")
        assertQ("sum ()", "0")
        assertQ("sum 0N 0N", "0")
        assertQ("sum 1D 2D", "3D")
        assertQ("sum 00:01 00:02", "00:03")
        assertQ("sum ([]a:10 21 3;b:4 5 6)", "`a`b!34 15")
        assertQ("sum ([k:`x`y`z]a:10 21 3;b:4 5 6)", "`a`b!34 15")
        assertQ("sum `a`b!(10 21 3;4 5 6)", "14 26 9")
        assertQ("sum (`a`b!1 2;`b`c!3 4)", "`a`b`c!1 5 4")
        assertQ("+/[1 2 3]", "6")
        assertQ("+/[10;1 2 3]", "16")
        assertError("sum \"abc\"", "type")
        assertError("sum `a`b", "type")
    }

    func testSumLongVectorPaths() {
        // Long enough for the vectorized loops, with nulls in the body and the tail.
        q.setGlobal("v", .longs((0..<1003).map { $0 % 7 == 3 ? Int64.min : Int64($0) }))
        let expect = (0..<1003).filter { $0 % 7 != 3 }.reduce(0, +)
        assertQ("sum v", "\(expect)")
        q.setGlobal("w", .floats((0..<2001).map { $0 % 5 == 1 ? .nan : Double($0) }))
        let expectF = (0..<2001).filter { $0 % 5 != 1 }.reduce(0, +)
        assertQ("sum w", "\(expectF)f")
        assertQ("max v", "1002")
        assertQ("min v", "0")
        q.setGlobal("n", .longs([Int64](repeating: Int64.min, count: 9)))
        assertQ("sum n", "0")
        assertQ("max n", "-0W")
        assertQ("min n", "0W")
        q.setGlobal("big", .longs([Int64.max, -Int64.max, Int64.min, 5]))
        assertQ("sum big", "5")
        q.setGlobal("negs", .longs((0..<10).map { $0 == 4 ? Int64.min : -Int64.max + Int64($0) }))
        assertQ("sum negs", "\((0..<10).filter { $0 != 4 }.reduce(Int64(0)) { $0 &+ (-Int64.max + Int64($1)) })")
        q.setGlobal("bs", .bools((0..<9001).map { $0 % 3 == 0 }))
        assertQ("sum bs", "3001i")
        q.setGlobal("is", .ints((0..<1003).map { $0 % 9 == 2 ? Int32.min : Int32($0) }))
        assertQ("sum is", "\((0..<1003).filter { $0 % 9 != 2 }.reduce(0, +))i")
        assertQ("max is", "1002i")
        assertQ("min is", "0i")
    }

    func testPrd() {
        assertQ("prd 7", "7")
        assertQ("prd 2 3 5 7", "210")
        assertQ("prd 2 3 0N 7", "42")
        assertQ("prd (1 2 3 4;2 3 5 7)", "2 6 15 28")
        assertQ("prd 101b", "0i")
        assertQ("prd 1.5 2", "3f")
        assertQ("prd `long$()", "1")
        assertQ("prd `a`b!(10 21 3;4 5 6)", "40 105 18")
        assertQ("prd ([]a:10 21 3;b:4 5 6)", "`a`b!630 120")
        assertQ("prd ([k:`abc`def`ghi]a:10 21 3;b:4 5 6)", "`a`b!630 120")
        assertError("prd \"abc\"", "type")
        assertError("prd 2000.01.01 2000.01.02", "type")
    }

    func testMaxMin() {
        assertQ("max 2 5 7 1 3", "7")
        assertQ("max \"genie\"", "\"n\"")
        assertQ("max 0N 5 0N 1 3", "5")
        assertQ("max 0N 0N", "-0W")
        assertQ("max 0n 0n", "-0w")
        assertQ("max 0Ni 0Ni", "-0Wi")
        assertQ("max 1 0n 3", "3f")
        assertQ("max 101b", "1b")
        assertQ("max 2000.01.01 2000.01.03", "2000.01.03")
        assertQ("max 0Nd", "0Nd")
        assertQ("max 0Nd 0Nd", "-0Wd")
        assertQ("max (1 2;0N 4)", "1 4")
        assertQ("max `a`b!(10 21 3;4 5 6)", "10 21 6")
        assertQ("max ([]a:10 21 3;b:4 5 6)", "`a`b!21 6")
        assertQ("max 3", "3")
        assertQ("max (1;2.5;0N)", "2.5")
        assertError("max `a`b", "type")
        assertQ("min 2 5 7 1 3", "1")
        assertQ("min \"genie\"", "\"e\"")
        assertQ("min 0N 5 0N 1 3", "1")
        assertQ("min 0N 0N", "0W")
        assertQ("min 0n 2 0n", "2f")
        assertQ("min 0n", "0n")
        assertQ("min 0n 0n", "0w")
        assertQ("min 5 0N 3h", "3h")
        assertQ("min 010b", "0b")
        assertQ("min (1 2;0N 4)", "0N 2")
        assertQ("min `a`b!(10 21 3;4 5 6)", "4 5 3")
        assertQ("min ([k:`abc`def`ghi]a:10 21 3;b:4 5 6)", "`a`b!3 4")
        assertQ("max -0W 0N", "-0W")
        assertError("min `a`b", "type")
    }

    func testAvg() {
        assertQ("avg 1 2 3", "2f")
        assertQ("avg 1 0w", "0w")
        assertQ("avg -0w 0w", "0n")
        assertQ("avg 1 0n 2 3", "2f")
        assertQ("avg 1 0N 2 3", "2f")
        assertQ("avg (1;0n;2;3)", "1.5")
        assertQ("avg (1 2;0N 4)", "0n 3")
        assertQ("avg 101b", "2%3")
        assertQ("avg 1b", "1f")
        assertQ("avg `long$()", "0n")
        assertQ("avg 0N 0N", "0n")
        assertQ("avg ([]a:3 5; b:6 8f)", "`a`b!4 7f")
        assertQ("avg `a`b!(10 21 3;4 5 6)", "7 13 4.5")
        assertQ("avg ([k:`abc`def`ghi]a:10 21 3;b:4 5 6)", "`a`b!(34%3;5f)")
        assertQ("avg 00:00:10 00:00:20", "15f")
        assertError("avg `a`b", "type")
    }

    // MARK: running

    func testSumsPrds() {
        assertQ("sums 7", "7")
        assertQ("sums 2 3 5 7", "2 5 10 17")
        assertQ("sums 2 3 0N 7", "2 5 5 12")
        assertQ("sums (1 2 3;2 3 5)", "(1 2 3;3 5 8)")
        assertQ("sums 1 0n 2", "1 1 3f")
        assertQ("sums 101b", "1 1 2i")
        assertQ("sums `a`b!(10 21 3;4 5 6)", "`a`b!(10 21 3;14 26 9)")
        assertQ("sums ([]a:1 2;b:3 4)", "([]a:1 3;b:3 7)")
        assertQ("sums `long$()", "`long$()")
        assertQ("+\\[1 2 3]", "1 3 6")
        assertError("sums \"abc\"", "type")
        assertQ("prds 7", "7")
        assertQ("prds 2 3 5 7", "2 6 30 210")
        assertQ("prds 2 3 0N 7", "2 6 6 42")
        assertQ("prds (1 2 3;2 3 5)", "(1 2 3;2 6 15)")
        assertQ("prds ([]a:10 21 3;b:4 5 6)", "([]a:10 210 630;b:4 20 120)")
        assertQ("prds ([k:`abc`def`ghi]a:10 21 3;b:4 5 6)", "([k:`abc`def`ghi]a:10 210 630;b:4 20 120)")
        assertError("prds \"abc\"", "type")
    }

    func testMaxsMins() {
        assertQ("maxs 2 5 7 1 3", "2 5 7 7 7")
        assertQ("maxs \"genie\"", "\"ggnnn\"")
        assertQ("maxs 0N 5 0N 1 3", "-0W 5 5 5 5")
        assertQ("maxs 0n 1 0n", "-0w 1 1")
        assertQ("maxs 0N 2 1i", "-0W 2 2i")
        assertQ("maxs `a`b!(10 21 3;4 5 6)", "`a`b!(10 21 3;10 21 6)")
        assertQ("maxs ([]a:10 21 3;b:4 5 6)", "([]a:10 21 21;b:4 5 6)")
        assertQ("mins 2 5 7 1 3", "2 2 2 1 1")
        assertQ("mins \"genie\"", "\"geeee\"")
        assertQ("mins 0N 5 0N 1 3", "0W 5 5 1 1")
        assertQ("mins 3 0n 1", "3 3 1f")
        assertQ("mins ([]a:10 21 3;b:4 5 6)", "([]a:10 10 3;b:4 4 4)")
        assertError("maxs `a`b", "type")
    }

    func testDeltasRatiosAvgs() {
        assertQ("deltas 1 4 9 16", "1 3 5 7")
        assertQ("deltas 2000 2005 2007 2012 2020", "2000 5 2 5 8")
        assertQ("deltas 1 0N 3", "1 0N 0N")
        assertQ("deltas 1.5 2", "1.5 0.5")
        assertQ("deltas 101b", "1 -1 1i")
        assertQ("deltas 2000.01.01 2000.01.05", "0 4i")
        assertQ("deltas 2000.01.01D00:00 2000.01.01D00:01", "0D00:00 0D00:01")
        assertQ("deltas (1 2;4 8)", "(1 2;3 6)")
        assertQ("deltas ([]a:1 4;b:2 2)", "([]a:1 3;b:2 0)")
        assertQ("deltas `long$()", "`long$()")
        assertError("deltas \"ab\"", "type")
        assertQ("deltas[10;15 27 93]", "5 12 66")
        assertQ("deltas[1;1 4 9f]", "0 3 5f")
        assertQ("ratios 2000 2005", "2000 1.0025")
        assertQ("ratios 1 2 0n 4", "1 2 0n 0n")
        assertQ("ratios `a`b!(10 21 3;4 5 6)", "`a`b!(10 21 3;4 5 6%10 21 3)")
        assertQ("ratios ([]a:10 21 3;b:4 5 6)", "([]a:10 2.1,3%21;b:4 1.25 1.2)")
        assertError("ratios `a`b", "type")
        assertQ("avgs 1 2 3 0n 4 -0w 0w", "1 1.5 2 2 2.5 -0w 0n")
        assertQ("avgs ([]a:10 21 3;b:4 5 6)", "([]a:10 15.5,34%3;b:4 4.5 5)")
    }

    // MARK: moving

    func testMovingSumsCounts() {
        assertQ("3 msum 1 2 3 5 7 11", "1 3 6 10 15 23")
        assertQ("3 msum 0N 2 3 5 0N 11", "0 2 5 10 8 16")
        assertQ("2 msum 1.5 0n 2", "1.5 1.5 2")
        assertQ("0 msum 1 2 3", "0 0 0")
        assertQ("-2 msum 1 2 3", "0 0 0")
        assertQ("4 msum 1 2 3 4 5 6 7 8 9 10", "1 3 6 10 14 18 22 26 30 34")
        assertQ("3 msum 1 2 3", "1 3 6")
        assertQ("10 msum 1 2 3", "1 3 6")
        assertQ("0W msum 1 2 3", "1 3 6")
        assertQ("4 msum 1 2 3 4 5 6 7 8 9 10f", "1 3 6 10 14 18 22 26 30 34f")
        assertQ("2 msum 1 2 3i", "1 3 5i")
        assertQ("2 msum 101b", "1 1 1i")
        assertQ("4 mavg 1 2 3 4 5 6 7 8 9 10", "1 1.5 2 2.5 3.5 4.5 5.5 6.5 7.5 8.5")
        assertQ("10 mavg 1 2 3", "1 1.5 2")
        assertQ("2 msum ([]a:10 21 3;b:4 5 6)", "([]a:10 31 24;b:4 9 11)")
        assertQ("2 msum `a`b!(10 21 3;4 5 6)", "`a`b!(10 21 3;14 26 9)")
        assertError("`a msum 1 2", "type")
        assertError("2.5 msum 1 2", "type")
        assertQ("3 mcount 0 1 2 3 4 5", "1 2 3 3 3 3")
        assertQ("3 mcount 0N 1 2 3 0N 5", "0 1 2 3 2 2")
        assertQ("2 mcount 0n 1 0n", "0 1 1")
        assertQ("2 mcount ([]a:1 0N 3)", "([]a:1 1 1)")
    }

    func testMovingAverages() {
        assertQ("2 mavg 1 2 3 5 7 10", "1 1.5 2.5 4 6 8.5")
        assertQ("5 mavg 1 2 3 5 7 10", "1 1.5 2 2.75 3.6 5.4")
        assertQ("5 mavg 0N 2 0N 5 7 0N", "0n 2 2 3.5,(14%3),14%3")
        assertQ("0 mavg 2 3", "0n 0n")
        assertQ("2 mavg ([k:`abc`def`ghi]a:10 21 3;b:4 5 6)", "([k:`abc`def`ghi]a:10 15.5 12;b:4 4.5 5.5)")
        assertQ("2 mavg (1 2;3 4;5 6)", "(1 2f;2 3f;4 5f)")
        assertQ("2 mdev 1 2 3 5 7 10", "0 0.5 0.5 1 1 1.5")
        assertQ("2 mdev ([]b:1 2 3;c:45 46 47)", "([]b:0 0.5 0.5;c:0 0.5 0.5)")
        assertQ("2 mdev `a`b!(10 21 3;4 5 6)", "`a`b!(0 0 0f;3 8 1.5)")
        assertClose("5 mdev 0N 2 0N 5 7 0N", [.nan, 0, 0, 1.5, (38.0 / 9).squareRoot(), (38.0 / 9).squareRoot()])
        assertClose("5 mdev 1 2 3 5 7 10", [0, 0.5, 0.8164966, 1.47902, 2.154066, 2.87054])
    }

    func testMovingExtremes() {
        assertQ("3 mmax 2 7 1 3 5 2 8", "2 7 7 7 5 5 8")
        assertQ("3 mmax 0N -3 -2 0N 1 0", "-0W -3 -2 -2 1 1")
        assertQ("3 mmin 0N -3 -2 1 -0W 0", "0N 0N 0N -3 -0W -0W")
        assertQ("3 mmin 0N -3 -2 1 0N -0W", "0N 0N 0N -3 0N 0N")
        assertQ("1 mmax 0N 1", "0N 1")
        assertQ("0 mmin 3 1 2", "3 1 2")
        assertQ("2 mmax 1 0n 0n", "1 1 0n")
        assertQ("2 mmax 0n 0n", "-0w 0n")
        assertQ("2 mmin 3 1 2f", "3 1 1f")
        assertQ("2 mmax \"abdc\"", "\"abdd\"")
        assertQ("2 mmax ([]a:10 21 3;b:4 5 6)", "([]a:10 21 21;b:4 5 6)")
        assertQ("2 mmax `a`b!(10 21 3;4 5 6)", "`a`b!(10 21 3;10 21 6)")
        assertQ("2 mmin ([k:`abc`def`ghi]a:10 21 3;b:4 5 6)", "([k:`abc`def`ghi]a:10 10 3;b:4 4 5)")
    }

    func testEma() {
        assertQ("ema[1%3;1 0 0 0]", "1f,(2%3),(4%9),8%27")
        assertQ("0.5 ema 2 4 0n 8", "2 3 0n 0n")
        assertQ("0.5 1 0 1 ema 2 4 6 8", "2 4 4 8f")
        assertQ("0.5 ema (1 2;3 4)", "(1 2f;2 3f)")
        assertError("0.5 1 ema 1 2 3", "length")
        assertError("0.5 ema `a`b", "type")
        assertError("`a`b ema 1 2", "type")
        assertError("`a ema 1 2", "type")
    }

    // MARK: statistics

    func testVarianceAndDeviation() {
        assertQ("var 2 3 5 7", "3.6875")
        assertQ("var 2 3 5 0n 7", "3.6875")
        assertQ("svar 2 3 5 7", "3.6875*4%3")
        assertQ("dev 2 3 5 7", "sqrt 3.6875")
        assertQ("sdev 2 3 5 7", "sqrt 3.6875*4%3")
        run("m:(2 3;4 0N;1 7)")
        assertQ("var m", "(14%9),4f")
        assertQ("svar m", "(7%3),8f")
        assertQ("dev m", "sqrt (14%9),4f")
        assertQ("var ([]a:2 4 1;b:3 0N 7)", "`a`b!(14%9),4f")
        assertQ("var 5", "0f")
        assertQ("var `long$()", "0n")
        assertQ("var 101b", "2%9")
        assertError("var `a`b", "type")
        assertQ("med 10 34 23 123 5 56", "28.5")
        assertQ("med 3 1 2", "2f")
        assertQ("med 1 0N 3", "1f")
        assertQ("med `long$()", "0n")
        assertQ("med `a`b!(10 -21 3;4 5 -6)", "7 -8 -1.5")
        assertQ("med ([]a:10 -21 3;b:4 5 -6)", "`a`b!3 -6f")
        assertQ("med ([k:`x`y`z]a:10 -21 3;b:4 5 -6)", "`a`b!3 -6f")
        assertQ("med (1 2;5 0;3 9)", "3 9f")
        assertQ("med 0N 1", "1f")
        assertError("med ([]a:(();()))", "type")
    }

    func testStatisticsOnLongVectors() {
        // Deterministic pseudo-random data, long enough for selection rather than sorting.
        var seed: UInt64 = 42
        func next() -> Double {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Double(seed >> 40) / 1000
        }
        for n in [1, 2, 3, 10, 101, 1000, 1001] {
            let xs = (0..<n).map { k in k % 17 == 5 ? Double.nan : next() }
            q.setGlobal("v", .floats(xs))
            let sorted = xs.sorted { $0.isNaN ? !$1.isNaN : (!$1.isNaN && $0 < $1) }
            let a = sorted[(n - 1) / 2], b = sorted[n / 2]
            let want = a.isNaN ? b : b.isNaN ? a : (a + b) / 2
            assertClose("med v", [want], tolerance: 1e-12)
            let ok = xs.filter { !$0.isNaN }
            let m = ok.reduce(0, +) / Double(ok.count)
            let variance = ok.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(ok.count)
            assertClose("var v", [variance], tolerance: 1e-9)
            assertClose("dev v", [variance.squareRoot()], tolerance: 1e-9)
        }
        q.setGlobal("w", .longs((0..<500).map { Int64($0 % 7) }))
        q.setGlobal("p", .floats((0..<500).map { Double($0 % 11) + 0.5 }))
        let ws = (0..<500).map { Double($0 % 7) }, ps = (0..<500).map { Double($0 % 11) + 0.5 }
        let wsum = zip(ws, ps).map { $0 * $1 }.reduce(0, +)
        assertClose("w wsum p", [wsum], tolerance: 1e-12)
        assertClose("w wavg p", [wsum / ws.reduce(0, +)], tolerance: 1e-12)
        assertQ("med 5 5 5 5", "5f")
        assertQ("med 1 2 3 4", "2.5")
        assertQ("med 0n 0n 1", "0n")
        assertQ("med 0N 0N 1 2", "1f")
        assertQ("med -0w 0w 1", "1f")
    }

    func testCovarianceCorrelation() {
        assertQ("2 3 5 7 cov 3 3 5 9", "4.5")
        assertQ("2 3 5 7 cov 4 3 0 2", "-1.8125")
        assertQ("2 3 5 7 scov 3 3 5 9", "6f")
        assertQ("1 3 9 cor 1 3 9", "1f")
        assertQ("1 3 9 cor neg 1 3 9", "-1f")
        assertQ("1 3 1 3 cor 1 1 3 3", "0f")
        assertQ("1 1 1 cor 1 3 9", "0n")
        assertQ("1 3 0N cor 1 3 9", "1f")
        assertClose("29 10 54 cor 1 3 9", [0.7727746])
        assertClose("10 29 54 cor 1 3 9", [0.9795734])
        assertClose("1000101000b cor 0010011001b", [-0.08908708])
        assertClose("2 3 5 7 scov 4 3 0 2", [-2.416667])
        assertError("1 2 cov 1 2 3", "length")
        assertError("`a`b cov 1 2", "type")
    }

    func testWeighted() {
        assertQ("2 3 4 wsum 1 2 4", "24f")
        assertQ("2 wsum 1 2 4", "14")
        assertQ("(1 2;3 4) wsum (500 400;300 200)", "1400 1600")
        assertQ("1 2 wsum `a`b!(10 21 3;4 5 6)", "18 31 15")
        assertQ("2 3 4 wavg 1 2 4", "8%3")
        assertQ("2 0N 4 5 wavg 1 2 0N 8", "6f")
        assertQ("0 wavg 2 3", "0n")
        assertQ("0 wavg (1 2;3 4)", "0n 0n")
        assertQ("(1 2;3 4) wavg (500 400; 300 200)", "350f,800%3")
        assertQ("1 2 wavg `a`b!(10 21 3;4 5 6)", "6f,(31%3),5f")
        assertError("1 2 wavg ([]a:1 2)", "type")
        assertError("1 2 wsum 1 2 3", "length")
    }

    // MARK: matrices

    func testMatrices() {
        assertQ("1 2 3f mmu 4 5 6f", "32f")
        assertQ("(1 2 3f;4 5 6f) mmu (7 8f;9 10f;11 12f)", "(58 64f;139 154f)")
        assertQ("(1 2f;3 4f) mmu 5 6f", "17 39f")
        assertQ("5 6f mmu (1 2f;3 4f)", "23 34f")
        assertError("1 2 mmu 3 4", "type")
        assertError("1 2f mmu 1 2 3f", "length")
        assertError("(1 2f;3 4f) mmu (1 2f;3 4f;5 6f)", "length")
        assertQ("inv (1 2f;3 4f)", "(-2 1f;1.5 -0.5)")
        run("a:(2 4 8f;3 5 6f;0 7 1f)")
        assertQ("a mmu inv a", "(1 2.220446049250313e-16 -2.7755575615628914e-17;0 1 5.551115123125783e-17;0 0 1f)")
        assertQ("inv (1 2f;2 4f)", "(0n 0n;0n 0n)")
        assertError("inv (1 2 3f;4 5 6f)", "length")
        run("A:(1.1 2.2 3.3;4.4 5.5 6.6;7.7 8.8 9.9)")
        run("B:(1.1 2.1 3.1; 2.3 3.4 4.5; 5.6 7.8 9.8)")
        assertClose("A lsq B", [1.211009, -0.1009174, 0, -2.119266, 2.926606, 0, -5.449541, 5.954128, 0])
        run("a:(1 2 3 4f;5 6 7 8f;9 10 11 12f)")
        run("b:(2 7 -2 5f;5 3 6 1f;-2 5 2 7f;5 0 3 4f)")
        assertClose("a lsq b", [-0.1233333, 0.16, 0.4766667, 0.28, 0.07666667, 0.6933333, 0.6766667, 0.5466667,
                                0.2766667, 1.226667, 0.8766667, 0.8133333])
        assertClose("1 2 3f lsq (1 1 1f;1 2 3f)", [0, 1])
        assertClose("inv (2 4 8f;3 5 6f;0 7 1f)", [-0.4512195, 0.6341463, -0.195122, -0.03658537, 0.02439024,
                                                   0.1463415, 0.2560976, -0.1707317, -0.02439024])
        assertError("(1 2f;3 4f) lsq (1 2 3f;4 5 6f)", "length")
    }
}
