import XCTest
@testable import QCore
@testable import QLang

final class CompareTests: QTestCase {
    /// The attribute of the vector an expression gives (nil for anything else).
    func attribute(_ expr: String) -> QAttribute? {
        guard case .vector(let v)? = try? q.evaluate(expr) else { return nil }
        return v.attribute
    }

    // MARK: comparison

    func testEqualAndNotEqual() {
        assertQ("1 2 3=1 5 3", "101b")
        assertQ("(3;\"a\")=(2 3 4;\"abc\")", "(010b;100b)")
        assertQ("(3;\"a\")<>(2 3 4;\"abc\")", "(101b;011b)")
        assertQ("\"hello\"=\"world\"", "00010b")
        assertQ("1=1h", "1b")
        assertQ("1=1.0", "1b")
        assertQ("`a=`a`b", "10b")
        assertError("1 2=1 2 3", "length")
        assertError("`a=1", "type")
        assertError("1=`a", "type")
    }

    func testOrdering() {
        assertQ("(3;\"a\")<=(2 3 4;\"abc\")", "(011b;111b)")
        assertQ("(3;\"a\")>(2 3 4;\"abc\")", "(100b;000b)")
        assertQ("(3;\"a\")>=(2 3 4;\"abc\")", "(110b;100b)")
        assertQ("0 1 </:\\: 0 1", "(01b;00b)")
        assertQ("0 1 <=/:\\: 0 1", "(11b;01b)")
        assertQ("0 1 >/:\\: 0 1", "(00b;10b)")
        assertQ("0 1 >=/:\\: 0 1", "(10b;11b)")
        assertQ("(10;20 30)<(50 -20;5)", "(10b;00b)")
        assertQ("(10;20 30)>(50 -20;5)", "(01b;11b)")
        assertQ("5h>4h", "1b")
        assertQ("0>(1i;-2;0h;1b;0N;-0W)", "010011b")
        assertQ("\"0\"<(\"4\";\"f\";\"F\";4)", "1110b")
        assertQ("\"alpha\">\"omega\"", "00110b")
        assertQ("`alpha>`omega", "0b")
        assertQ("`b<`a`b`c", "001b")
        assertQ("`<`a", "1b")
    }

    func testNullsAndInfinities() {
        assertQ("0N<-0W", "1b")
        assertQ("0n<-0w", "1b")
        assertQ("0n=0n", "1b")
        assertQ("0N=0n", "1b")
        assertQ("0n<0n", "0b")
        assertQ("0n<=0n", "1b")
        assertQ("0w>=0W", "1b")
        assertQ("0W<0w", "1b")
        assertQ("2>0n", "1b")
        assertQ("2<0n", "0b")
    }

    func testTolerance() {
        assertQ("(1+1e-13)=1", "1b")
        assertQ("1e12=1e12-1", "0b")
        assertQ("1e13=1e13-1", "1b")
        assertQ("a:1f;b:a-1e-13;a>b", "0b")
        assertQ("1.0>1.0-1e-14", "0b")
        assertQ("1.0>=1.0+1e-14", "1b")
        assertQ("0=1e-300", "0b")
    }

    func testComparisonDictsAndTables() {
        run("d:`a`b!(10 -21 3;4 5 -6)")
        run("t:flip d")
        assertQ("d<=5", "`a`b!(011b;111b)")
        assertQ("d>=5", "`a`b!(100b;010b)")
        assertQ("t<5", "flip `a`b!(011b;101b)")
        assertQ("t>5", "flip `a`b!(100b;000b)")
        assertQ("5>=`a`b!4 6", "`a`b!10b")
    }

    func testTemporal() {
        assertQ("2000.01.02=2000.01.02D00:00", "1b")
        assertQ("2000.01.02<2000.01.02D00:00:01", "1b")
        assertQ("2000.01m=2000.01.01", "1b")
        assertQ("2000.02m>2000.01.15", "1b")
        assertQ("2000.01.02T12:00=2000.01.02D12:00", "1b")
        assertQ("2000.01.02=2000.01.02T00:00", "1b")
        assertQ("12:00=12:00:00", "1b")
        assertQ("12:00:00.001>12:00", "1b")
        assertQ("12:00:30<12:01", "1b")
        assertQ("0D12:00=12:00", "1b")
        assertQ("0D12:00:00.000000001>12:00:00.000", "1b")
        // A timestamp compared with a time of day uses its time of day.
        assertQ("2024.10.07D20:00:00.000603286 within 13:30 20:00t", "1b")
        assertQ("20:00:00.000603286 within 13:30 20:00t", "0b")
        assertQ("2016.09.06D09:29:01 2016.09.06D09:30:01=09:29", "10b")
        assertQ("2016.09.06D09:29:15 2016.09.06D09:35:27>09:29", "01b")
        assertQ("2000.01.02>1", "0b")
        assertQ("2000.01.03>1", "1b")
        assertQ("0Nd<2000.01.01", "1b")
        assertQ("0Nd=0N", "1b")
        assertError("2000.01m=12:00", "type")
        assertError("2000.01.01<0D01:00", "type")
        assertQ("2000.01.01&2000.01.02D12:00", "2000.01.01D00:00")
        assertQ("2000.01.05&3", "2000.01.04")
        assertQ("2000.01m|2000.02.03", "2000.02.03")
        assertQ("12:00|13:00:01", "13:00:01")
        assertQ("2000.01.01&1.5", "2000.01.01")
        assertQ("not 2000.01.01 2020.06.30", "10b")
        assertQ("not 00:00:00", "1b")
        assertQ("not 12:00:00.000000000", "0b")
        assertQ("asc 2000.01.03 2000.01.01 0Nd", "0N 2000.01.01 2000.01.03d")
        assertQ("null 0Nd 2000.01.01", "10b")
        assertQ("5 xbar 11:00+0 2 3 5 7 11 13", "11:00 11:00 11:00 11:05 11:05 11:10 11:10")
        assertQ("2 xbar 00:00:00.000000001 00:00:00.000000002 00:00:00.000000013",
                "0D00:00:00.000000000 0D00:00:00.000000002 0D00:00:00.000000012")
        assertQ("3 xbar 2019.11m", "2019.10m")
        assertQ("all (4?2012.09m) within 2000.01 2012.08m", "1b")
        assertQ("type 4?2012.09m", "13h")
        assertQ("all (10?0D0) within 0D00:00 0D23:59:59.999999999", "1b")
    }

    func testIntegralTypes() {
        assertQ("1 2 3i=1 2 3", "111b")
        assertQ("0Nh=0N", "1b")
        assertQ("0Wh<0Wi", "1b")
        assertQ("0Wi<0W", "1b")
        assertQ("0W<0We", "1b")
        assertQ("-0Wh>0Nh", "1b")
        assertQ("0Ng=0Ng", "1b")
        assertQ("0x05<4", "0b")
        assertQ("type 1 2h&1 2i", "6h")
        assertQ("type 0x01|0x02", "-4h")
        assertQ("asc 3 1 2i", "1 2 3i")
        assertQ("asc 3 1 0N 2h", "0N 1 2 3h")
        assertQ("asc 0x030102", "0x010203")
        assertQ("desc 3 1 2e", "3 2 1e")
        assertQ("iasc 3 1 2i", "1 2 0")
        assertQ("distinct 1 1 2h", "1 2h")
        assertQ("where 1 0 2i", "0 2 2")
        assertQ("1 2 3i?2i", "1")
        assertQ("type 10?5i", "6h")
        assertQ("type 16?0x0", "4h")
        assertQ("type 3?10h", "5h")
        // Narrow storage compares in place; atoms are narrowed when they fit.
        assertQ("1 2 0N 4i=2", "0100b")
        assertQ("1 2 0N 4i<2", "1010b")
        assertQ("1 2 0N 4i=0N", "0010b")
        assertQ("1 2 3i<4000000000", "111b")
        assertQ("1 2 3i>-4000000000", "111b")
        assertQ("1 2 3h>=2h", "011b")
        assertQ("2000.01.01 2000.01.03>2000.01.02", "01b")
        assertQ("2000.01.01 2000.01.03>1", "01b")
        assertQ("\"abc\"=\"abd\"", "110b")
        assertQ("\"abc\">0x62", "001b")
        assertQ("2000.01m<2000.01.01 2000.02.01", "01b")
    }

    // MARK: lesser, greater

    func testLesserGreater() {
        assertQ("2&3", "2")
        assertQ("2|3", "3")
        assertQ("1010b and 1100b", "1000b")
        assertQ("1010b or 1100b", "1110b")
        assertQ("1010b&1100b", "1000b")
        assertQ("\"sat\"&\"cow\"", "\"cat\"")
        assertQ("\"sat\"|\"cow\"", "\"sow\"")
        assertQ("\"sat\" and \"cow\"", "\"cat\"")
        assertQ("\"sat\" or \"cow\"", "\"sow\"")
        assertQ("2 and 3", "2")
        assertQ("2 or 3", "3")
        assertQ("98&\"c\"", "\"b\"")
        assertQ("98|\"a\"", "\"b\"")
        assertQ("(10;20 30)&(2;3 4)", "(2;3 4)")
        assertQ("(10;20 30)|(2;3 4)", "(10;20 30)")
        assertQ("1 5 3&2", "1 2 2")
        assertQ("1 5 3|2.5", "2.5 5 3")
        assertQ("type 1i&2", "-7h")
        assertQ("type 1b|2h", "-5h")
        assertQ("0N&5", "0N")
        assertQ("0N|5", "5")
        assertQ("0n|5", "5f")
        assertQ("0n&5", "0n")
        assertError("`a&`b", "type")
        assertError("1 2&1 2 3", "length")
    }

    func testLesserGreaterDicts() {
        run("d:`a`b!(10 -21 3;4 5 -6)")
        run("t:flip d")
        assertQ("d&5", "`a`b!(5 -21 3;4 5 -6)")
        assertQ("d|5", "`a`b!(10 5 5;5 5 5)")
        assertQ("d&`b`c!(10 20 30;1000*1 2 3)", "`a`b`c!(10 -21 3;4 5 -6;1000 2000 3000)")
        assertQ("d|`b`c!(10 20 30;1000*1 2 3)", "`a`b`c!(10 -21 3;10 20 30;1000 2000 3000)")
        assertQ("t&5", "flip `a`b!(5 -21 3;4 5 -6)")
        assertQ("t|5", "flip `a`b!(10 5 5;5 5 5)")
    }

    // MARK: not, null

    func testNot() {
        assertQ("not -1 0 1 2", "0100b")
        assertQ("not 0b", "1b")
        assertQ("not 0.0 1.5 0n", "100b")
        assertQ("not (0W;-0w;0N)", "000b")
        assertQ("not `a`b!(-1 0 2;1 0)", "`a`b!(010b;01b)")
        assertQ("(~:)1 0", "01b")
        assertQ("not ()", "()")
        assertError("not `a", "type")
    }

    func testNull() {
        assertQ("null 0 0n 0w 1 0n", "01001b")
        assertQ("null `a``b", "010b")
        assertQ("null \"a b\"", "010b")
        assertQ("null 0N", "1b")
        assertQ("null ::", "1b")
        assertQ("null 101b", "000b")
        assertQ("null (1;0n;`)", "011b")
        assertQ("null (1 0N;0n)", "(01b;1b)")
        assertQ("(^:)0 0N", "01b")
        assertQ("where all null ([] c1:`a`b`c; c2:0n 0n 0n; c3:10 0N 30)", "enlist `c2")
        assertQ("null `a`b!(1 0N;`)", "`a`b!(01b;1b)")
    }

    // MARK: any, all

    func testAnyAll() {
        assertQ("all 1 2 3=1 2 4", "0b")
        assertQ("all 1 2 3=1 2 3", "1b")
        assertQ("all \"YNYN\"", "1b")
        assertQ("all ()", "1b")
        assertQ("any ()", "0b")
        assertQ("any 1 2 3=10 20 4", "0b")
        assertQ("any 1 2 3=1 20 30", "1b")
        assertQ("any 0 0n", "1b")
        assertQ("all 0n 0w", "1b")
        assertQ("all 3", "1b")
        assertQ("any 0", "0b")
        assertQ("all ([] c1:1 2 3; c2:0n 0w -0w; c3:0 1 2f)", "`c1`c2`c3!110b")
        assertQ("any ([] c1:1 2 3; c2:0n 0w -0w; c3:000b)", "`c1`c2`c3!110b")
        assertError("any `a`b", "type")
    }

    // MARK: where

    func testWhere() {
        assertQ("where 2 3 0 1", "0 0 1 1 1 3")
        assertQ("where 0 1 1 0 1", "1 2 4")
        assertQ("where 01101b", "1 2 4")
        assertQ("where 0 = 1 5 6 8 11 17 20 21 - 2 * 0 2 3 4 5 8 10 10", "2 3 6")
        assertQ("where `amr`ibm`msft!2 3 1", "`amr`amr`ibm`ibm`ibm`msft")
        assertQ("where 0 1 2 3!2 3 0 1", "0 0 1 1 1 3")
        assertQ("where `a`b`c!101b", "`a`c")
        assertQ("where 000b", "til 0")
        assertQ("where 3", "0 0 0")
        assertQ("(&:)1001b", "0 3")
        assertError("where 1 -1", "domain")
        assertError("where 1.5 2", "type")
        assertError("where `a`b", "type")
    }

    // MARK: distinct, group, differ

    func testDistinct() {
        assertQ("distinct 2 3 7 3 5 3", "2 3 7 5")
        assertQ("distinct \"mississippi\"", "\"misp\"")
        assertQ("distinct `a`b`a", "`a`b")
        assertQ("distinct flip `a`b`c!(1 2 1;2 3 2;\"aba\")", "flip `a`b`c!(1 2;2 3;\"ab\")")
        assertQ("distinct 2 + 0 1e-13", "2 + 0 1e-13")
        assertQ("count distinct 1 0n 0n 1", "2")
        assertQ("distinct (1 2;3;1 2;`a)", "(1 2;3;`a)")
        assertQ("(?:)1 1 2", "1 2")
        assertQ("distinct til 0", "til 0")
        assertError("distinct 1", "type")
    }

    func testGroup() {
        assertQ("group \"mississippi\"", "\"misp\"!(enlist 0;1 4 7 10;2 3 5 6;8 9)")
        assertQ("count each group \"mississippi\"", "\"misp\"!1 4 4 2")
        assertQ("first each group \"mississippi\"", "\"misp\"!0 1 2 8")
        assertQ("group `a`b`a", "`a`b!(0 2;enlist 1)")
        assertQ("(=:)1 2 1", "1 2!(0 2;enlist 1)")
        assertQ("group 1.0 1.0 2.0", "1 2f!(0 1;enlist 2)")
        assertQ("group (1 2;3;1 2)", "(1 2;3)!(0 2;enlist 1)")
        assertQ("group `a`b`c!1 2 1", "1 2!(`a`c;enlist `b)")
    }

    func testDiffer() {
        assertQ("differ`IBM`IBM`MSFT`CSCO`CSCO", "10110b")
        assertQ("differ 1 3 3 4 5 6 6", "1101110b")
        assertQ("differ (7;`a;`a;\"b\")", "1101b")
        assertQ("differ 96.100000000000009 96.099999999999994", "10b")
        assertQ("differ til 0", "0=til 0")
        assertQ("differ 0n 0n 1", "101b")
    }

    // MARK: sorting

    func testAscDesc() {
        assertQ("asc 2 1 3 4 2 1 2", "1 1 2 2 2 3 4")
        assertQ("desc 2 1 3 4 2 1 2", "4 3 2 2 2 1 1")
        assertQ("asc 3 0N 1 -0W 0W", "0N -0W 1 3 0W")
        assertQ("desc 3 0N 1", "3 1 0N")
        assertQ("asc 3 0n 1 -0w 0w", "0n -0w 1 3 0w")
        assertQ("asc `c`a``b", "``a`b`c")
        assertQ("asc \"hello\"", "\"ehllo\"")
        assertQ("asc 0110b", "0011b")
        assertQ("asc 3 1 2i", "1 2 3i")
        assertQ("asc 3 1 2h", "1 2 3h")
        assertQ("asc 1.5 -2.5 0.0", "-2.5 0 1.5")
        assertQ("asc til 0", "til 0")
        XCTAssertEqual(attribute("asc 3 1 2"), .sorted)
        XCTAssertEqual(attribute("asc 3 1 2.0"), .sorted)
        XCTAssertEqual(attribute("asc `b`a"), .sorted)
        XCTAssertEqual(attribute("desc 3 1 2"), QAttribute.none)
        XCTAssertEqual(attribute("distinct asc 3 1 2"), QAttribute.none)
        assertQ("asc (\"bat\";\"dog\";\"cow\";\"cat\")", "(\"bat\";\"cat\";\"cow\";\"dog\")")
        assertQ("desc (\"bat\";\"dog\";\"cow\";\"cat\")", "(\"dog\";\"cow\";\"cat\";\"bat\")")
        assertQ("type each asc (1;1b;\"b\";\"a\";0)", "-1 -7 -7 -10 -10h")
        assertQ("asc (1;1b;\"b\";\"a\";0)", "(1b;0;1;\"a\";\"b\")")
        assertQ("desc (1;1b;\"b\";\"a\";0)", "(\"b\";\"a\";1;0;1b)")
        assertQ("asc `a`b`c!2 1 3", "`b`a`c!1 2 3")
        assertQ("desc `a`b`c!2 1 3", "`c`a`b!3 2 1")
        assertError("asc 1", "rank")
        assertError("iasc 7", "rank")
        assertError("idesc 7", "rank")
    }

    func testAscLarge() {
        // Wide ranges take the radix path, narrow ones the counting path.
        run("x:1000?0")
        assertQ("asc x", "x iasc x")
        assertQ("all (>=) prior asc x", "1b")
        run("y:2000?-50+100")
        assertQ("asc y", "y iasc y")
        assertQ("desc y", "reverse asc y")
        run("f:(1000?1.0),0n,-0w,0w")
        assertQ("asc f", "f iasc f")
        assertQ("first asc f", "0n")
        assertQ("last asc f", "0w")
        run("s:1000?`3")
        assertQ("all (>=) prior asc s", "1b")
    }

    func testSymbolOrder() {
        // Symbols order by their bytes; long ones share 8-byte prefixes.
        assertQ("asc `abcdefghij`abcdefgh`abcdefghia`b``abcdefghi`B",
                "``B`abcdefgh`abcdefghi`abcdefghia`abcdefghij`b")
        assertQ("desc `abcdefghij`abcdefgh`abcdefghia`b``abcdefghi",
                "`b`abcdefghij`abcdefghia`abcdefghi`abcdefgh`")
        assertQ("iasc `abcdefghiz`abcdefghia`abcdefghiz", "1 0 2")
        assertQ("idesc `abcdefghiz`abcdefghia`abcdefghiz", "0 2 1")
        assertQ("`abcdefghia<`abcdefghib`abcdefgh", "10b")
        assertQ("`ab<`abc", "1b")
        assertQ("distinct 100#`a`b`c", "`a`b`c")
        assertQ("`a`b`c`d`e`f`g`h`i`j?`j`a`z", "9 0 10")
        assertQ("`j`z`a in `a`b`c`d`e`f`g`h`i`j", "101b")
        assertQ("group `abcdefghij`x`abcdefghij", "`abcdefghij`x!(0 2;enlist 1)")
        assertQ("count distinct -500?`3", "500")
    }

    func testGrades() {
        run("L:2 1 3 4 2 1 2")
        assertQ("iasc L", "1 5 0 4 6 2 3")
        assertQ("idesc L", "3 2 0 4 6 1 5")
        assertQ("L iasc L", "1 1 2 2 2 3 4")
        assertQ("(asc L)~L iasc L", "1b")
        assertQ("(desc L)~L idesc L", "1b")
        assertQ("iasc `a`b`c!2 3 1", "`c`a`b")
        assertQ("idesc `a`c`b!1 2 3", "`b`c`a")
        assertQ("(<:)3 1 2", "1 2 0")
        assertQ("(>:)3 1 2", "0 2 1")
        assertQ("iasc 2 + 0f,-1e-13", "1 0")
        assertQ("iasc `b`a`c`a", "1 3 0 2")
        assertQ("idesc `b`a`c`a", "2 0 1 3")
        assertQ("iasc 0 -0.0 0", "0 1 2")
        // Stable on large inputs too.
        run("z:5000?10")
        assertQ("iasc z", "raze group[z] asc distinct z")
        run("w:5000?0")
        assertQ("(iasc w)~{x[1]}each asc flip (w;til count w)", "1b")
        assertQ("idesc z", "raze group[z] desc distinct z")
    }

    func testTableSort() {
        assertQ("asc ([]a:4 3 4;b:`s`a`d)", "([]a:3 4 4;b:`a`d`s)")
        assertQ("desc ([]a:4 4 1;b:`a`d`s)", "([]a:4 4 1;b:`d`a`s)")
        assertQ("iasc ([]a:4 3 4;b:`s`a`d)", "1 2 0")
        assertQ("idesc ([]a:4 3 4;b:`s`a`d)", "0 2 1")
        XCTAssertEqual(attribute("(asc ([]a:3 4 1;b:`a`d`s))`a"), .parted)
        XCTAssertEqual(attribute("(asc ([]a:3 4 1;b:`a`d`s))`b"), QAttribute.none)
        XCTAssertEqual(attribute("(asc ([]a:3 4 1))`a"), .sorted)
        XCTAssertEqual(attribute("(desc ([]a:3 4 1))`a"), QAttribute.none)
        run("kt:([]c1:`a`b)!([]c2:2 1;c3:01b)")
        assertQ("key asc kt", "([]c1:`b`a)")
        assertQ("value asc kt", "([]c2:1 2;c3:10b)")
    }

    func testRank() {
        assertQ("rank 2 7 3 2 5", "0 4 2 1 3")
        assertQ("iasc 2 7 3 2 5", "0 3 2 4 1")
        assertQ("iasc iasc 2 7 3 2 5", "0 4 2 1 3")
        assertQ("asc[2 7 3 2 5] rank 2 7 3 2 5", "2 7 3 2 5")
        assertQ("iasc idesc 2 7 3 2 5", "3 0 2 4 1")
        assertQ("rank `c`a`b", "2 0 1")
    }

    func testXrank() {
        assertQ("4 xrank til 8", "0 0 1 1 2 2 3 3")
        assertQ("4 xrank til 9", "0 0 0 1 1 2 2 3 3")
        assertQ("7 xrank til 9", "0 0 1 2 3 3 4 5 6")
        assertQ("3 xrank 1 37 5 4 0 3", "0 2 2 1 0 1")
        assertQ("3 xrank 1 7 5 4 0 3", "0 2 2 1 0 1")
        assertQ("2 xrank til 0", "til 0")
        assertError("1.5 xrank 1 2", "type")
    }

    // MARK: find, in, within, bin

    func testFind() {
        run("w:10 -8 3 5 -1 2 3")
        assertQ("w?-8", "1")
        assertQ("w?3", "2")
        assertQ("w?17", "7")
        assertQ("\"abcde\"?\"d\"", "3")
        assertQ("w?(10 5 -1;-8;3 17)", "(0 3 4;7;2 7)")
        assertQ("w?3 17 10", "2 7 0")
        assertQ("`a`b`c?`c`d", "2 3")
        assertQ("1.0 2.0 3.0?2.0", "1")
        assertQ("(1.0,1.0)?1f-1e-13", "2")
        assertQ("0n 1?0n", "0")
        run("u:(\"abcde\";10 2 -6;(2 3;`ab))")
        assertQ("u?10 2 -6", "1")
        assertQ("u?\"abcde\"", "0")
        assertQ("u?(2 3;`ab)", "3 3")
        assertQ("(1;`a;\"c\")?`a", "1")
        assertQ("(1;`a;\"c\")?(1;\"c\";`z)", "0 2 3")
        assertQ("(`a`b!1 2)?2", "`b")
        assertQ("(`a`b!1 2)?2 1 3", "`b`a`")
        assertError("1 2 3?`a", "type")
        assertError("1 2 3?1i", "type")
        // Long lists use hashing.
        run("v:til 100")
        assertQ("v?99 0 50 200", "99 0 50 100")
        run("sy:`$string til 100")
        assertQ("sy?`99`0`x", "99 0 100")
    }

    func testFindTable() {
        run("t:([]a:1 2 3;b:`x`y`z)")
        assertQ("t?(2;`y)", "1")
        assertQ("t?`a`b!(3;`z)", "2")
        assertQ("t?(9;`y)", "3")
        assertQ("t?([]a:3 1 5;b:`z`x`q)", "2 0 3")
    }

    func testIn() {
        assertQ("\"x\" in \"a\"", "0b")
        assertQ("\"x\" in \"acdexyz\"", "1b")
        assertQ("\"wx\" in \"acdexyz\"", "01b")
        assertQ("(\"abc\";(\"def\";\"ghi\");\"jkl\") in \"bed\"", "(010b;(110b;000b);000b)")
        assertQ("\"wx\" in (\"acdexyz\";\"abcd\";\"wx\")", "1b")
        assertQ("(\"ab\";\"cd\") in ((\"ab\";\"cd\");0 1 2)", "1b")
        assertQ("1 3 7 6 4 in 5 4 1 6", "10011b")
        assertQ("1 2 in (9;(1 2;3 4))", "00b")
        assertQ("1 2 in (1 2;9)", "1b")
        assertQ("1 2 in ((1 2;3 4);9)", "0b")
        assertQ("(1 2;3 4) in ((1 2;3 4);9)", "1b")
        assertQ("1 2. in 2", "01b")
        assertQ("1 2. in 1#2", "01b")
        assertQ("(1.0;1+1e-13) in 1.0", "10b")
        assertQ("(1.0;1+1e-13) in 1.0 5.0", "10b")
        assertQ("3 in (1 2;3)", "0b")
        assertQ("3 in (3;1 2)", "1b")
        assertQ("`a`z in `a`b`c", "10b")
        assertQ("(til 50) in 2*til 30", "50#10b")
        assertError("1 2. in 2#2", "type")
    }

    func testWithin() {
        assertQ("1 3 10 6 4 within 2 6", "01011b")
        assertQ("\"acyxmpu\" within \"br\"", "0100110b")
        assertQ("`dd`ccc`ccc within `c`d", "011b")
        assertQ("5 within (1 2 6;3 5 7)", "010b")
        assertQ("2 5 6 within (1 2 6;3 5 7)", "111b")
        assertQ("(1 3 10 6 4;\"acyxmpu\") within ((2;\"b\");(6;\"r\"))", "(01011b;0100110b)")
        assertQ("1.5 within 1 2", "1b")
        assertQ("0N within 1 2", "0b")
        assertError("1 within 1 2 3", "length")
    }

    func testBin() {
        assertQ("0 2 4 6 8 10 bin 5", "2")
        assertQ("0 2 4 6 8 10 bin -10 0 4 5 6 20", "-1 0 2 2 3 5")
        assertQ("0 1 1 2 bin 0 1 2", "0 2 3")
        assertQ("0 1 1 2 binr 0 1 2", "0 1 3")
        assertQ("0 1 1 2 binr 3", "4")
        assertQ("(`a`b`c!0 2 4) bin -1 3", "``b")
        assertQ("(\"apple\";\"banana\";\"coffee\") bin (\"anise\";\"berry\";\"curry\")", "-1 1 2")
        assertQ("`a`c`e bin `b`f", "0 2")
        assertQ("1.0 2.0 3.0 bin 2.5", "1")
        assertError("0 2 4 bin 5i", "type")
        run("t:([]a:`p`p`p`q`q`q;b:0 2 4 0 2 4)")
        assertQ("t bin `a`b!(`p;3)", "1")
        assertQ("t bin ([]a:`q;b:-1 1 3 5)", "0N 3 4 5")
        assertQ("t bin `a`b!(`r;2)", "0N")
    }

    // MARK: random

    func testRoll() {
        assertQ("count 10?5", "10")
        assertQ("all (10?5) within 0 4", "1b")
        assertQ("type 10?5", "7h")
        assertQ("type 10?5i", "6h")
        assertQ("type 3?1.5", "9h")
        assertQ("all (100?4.5) within 0 4.5", "1b")
        assertQ("all (5?`Arthur`Steve`Dennis) in `Arthur`Steve`Dennis", "1b")
        assertQ("type 20?0b", "1h")
        assertQ("type 16?0x0", "4h")
        assertQ("all (30?\" \") in \"abcdefghijklmnopqrstuvwxyz\"", "1b")
        assertQ("count each string 10?`3", "10#3")
        assertQ("all raze[string 10?`3] in \"abcdefghijklmnop\"", "1b")
        assertQ("type 2?0Ng", "2h")
        assertQ("count 0?5", "0")
        assertQ("all (type each 20?(\"a\";0101b)) in -10 1h", "1b")
        assertError("3?`a", "type")
    }

    func testDealPermute() {
        assertQ("count distinct -10?10", "10")
        assertQ("asc -10?10", "til 10")
        assertQ("(asc -10?10)~asc -10?10", "1b")
        assertQ("count distinct -5?20", "5")
        assertQ("all (-5?20) within 0 19", "1b")
        assertQ("count distinct -1000?0Ng", "1000")
        assertQ("count distinct -100?0", "100")
        assertQ("asc -3?`the`quick`brown", "asc `the`quick`brown")
        assertQ("asc 0N?10", "til 10")
        assertQ("asc 0N?5 4 2", "2 4 5")
        assertQ("asc 0N?\"abc\"", "\"abc\"")
        assertQ("count distinct -20?`2", "20")
        assertError("-11?10", "length")
        assertError("-4?`a`b`c", "length")
        assertError("-3?1.5", "type")
    }

    func testRand() {
        assertQ("(rand 1 30 45 32) in 1 30 45 32", "1b")
        assertQ("type rand 100", "-7h")
        assertQ("(rand 100) within 0 99", "1b")
        assertQ("type rand 3.14159", "-9h")
        assertQ("count string rand `3", "3")
        assertQ("(rand (\"abc\";\"def\";\"ghi\")) in (\"abc\";\"def\";\"ghi\")", "1b")
    }

    func testSeededSequenceRepeats() {
        // The same seed gives the same numbers.
        let s0 = q.randomState
        let a = try? q.evaluate("10?1000")
        q.randomState = s0
        let b = try? q.evaluate("10?1000")
        XCTAssertTrue(qMatch(a ?? .identity, b ?? .emptyList))
        // The whole state is its low 32 bits, so an int seed can capture and restore it.
        q.randomState = s0 ^ (1 << 40)
        let c = try? q.evaluate("10?1000")
        XCTAssertTrue(qMatch(a ?? .identity, c ?? .emptyList))
        XCTAssertEqual(q.randomState >> 32, (s0 ^ (1 << 40)) >> 32)
    }

    // MARK: vector conditional, xbar

    func testVectorConditional() {
        assertQ("?[11001b;1 2 3 4 5;10 20 30 40 50]", "1 2 30 40 5")
        assertQ("?[11001b;1;10 20 30 40 50]", "1 1 30 40 1")
        assertQ("?[11001b;1 2 3 4 5;99]", "1 2 99 99 5")
        assertQ("?[1b;2;3]", "2")
        assertQ("?[0b;2;3]", "3")
        assertQ("?[10b;`a`b;`c]", "`a`c")
        assertQ("?[10b;(1;`a);(2;`b)]", "(1;`b)")
        assertError("?[101b;1 2;3 4 5]", "length")
        assertError("?[10b;1 2;3 4f]", "type")
        assertError("?[1 0;1 2;3 4]", "type")
    }

    func testXbar() {
        assertQ("3 xbar til 16", "0 0 0 3 3 3 6 6 6 9 9 9 12 12 12 15")
        assertQ("2.5 xbar til 16", "0 0 0 2.5 2.5 5 5 5 7.5 7.5 10 10 10 12.5 12.5 15")
        assertQ("(3;4 5)xbar(10;20 -30)", "(9;20 -30)")
        assertQ("3 xbar -1 -3 -4", "-3 -3 -6")
        assertQ("3 xbar 0N 4", "0N 3")
        assertQ("type 3 xbar 1 2i", "7h")
        assertQ("type 3i xbar 1 2i", "6h")
        assertQ("type 2 xbar 1 2f", "9h")
        run("d:`a`b!(10 -21 3;4 5 -6)")
        assertQ("3 xbar d", "`a`b!(9 -21 3;3 3 -6)")
        assertError("`a xbar 1", "type")
        // Values near the ends of the range round down without overflow.
        assertQ("3 xbar 0W", "9223372036854775806")
        assertQ("-3 xbar 1 2 3", "3 3 3")
        assertQ("0 xbar 5", "0N")
        assertQ("(\"p\"$-9223372036854775806)<12:00", "1b")
    }
}
