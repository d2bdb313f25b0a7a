import XCTest
@testable import QCore
@testable import QLang

final class ListsTests: QTestCase {
    // MARK: # take

    func testTakeFromLists() {
        assertQ("5#0 1 2 3 4 5 6 7 8", "0 1 2 3 4")
        assertQ("-5#0 1 2 3 4 5 6 7 8", "4 5 6 7 8")
        assertQ("5#`Arthur`Steve`Dennis", "`Arthur`Steve`Dennis`Arthur`Steve")
        assertQ("-5#`Arthur`Steve`Dennis", "`Steve`Dennis`Arthur`Steve`Dennis")
        assertQ("-6#1 2 3", "1 2 3 1 2 3")
        assertQ("3#9", "9 9 9")
        assertQ("2#`a", "`a`a")
        assertQ("0#1 2 3", "(0#0)")
        assertQ("0#`a", "(0#`)")
        assertQ("0#0n", "(0#0n)")
        assertQ("2#\"hello\"", "\"he\"")
        assertQ("3i#1 2 3 4", "1 2 3")
        assertQ("3h#1 2 3 4", "1 2 3")
        assertQ("0N#1 2 3", "1 2 3")
    }

    func testTakeOvertakeEmptyGivesNulls() {
        assertQ("3#0#0", "0N 0N 0N")
        assertQ("2#\"\"", "\"  \"")
        assertQ("2#0#`", "``")
    }

    func testTakeGeneralListStaysGeneral() {
        assertQ("2#(1;`a;\"b\")", "(1;`a)")
        assertQ("type 1#(1;`a)", "0h")
        assertQ("3#(1 2;3 4)", "(1 2;3 4;1 2)")
        assertQ("-1#(1 2;3 4)", "enlist 3 4")
    }

    func testReshape() {
        assertQ("2 3#til 6", "(0 1 2;3 4 5)")
        assertQ("2 5#\"!\"", "(\"!!!!!\";\"!!!!!\")")
        assertQ("2 4#`Arthur`Steve`Dennis", "(`Arthur`Steve`Dennis`Arthur;`Steve`Dennis`Arthur`Steve)")
        assertQ("2 3 4#\"a\"", "2#enlist 3#enlist \"aaaa\"")
        assertQ("count each 2 3 4#til 5", "3 3")
        assertQ("first 2 3 4#til 5", "(0 1 2 3;4 0 1 2;3 4 0 1)")
        assertQ("(2 2 3#til 5)", "((0 1 2;3 4 0);(1 2 3;4 0 1))")
        assertQ("1 2 0#\"a\"", "enlist(\"\";\"\")")
        assertQ("enlist[2]#til 10", "0 1")
        assertQ("0 3#til 5", "()")
        assertQ("2 0#til 5", "((0#0);(0#0))")
    }

    func testReshapeWithNulls() {
        assertQ("0N 3#til 10", "(0 1 2;3 4 5;6 7 8;enlist 9)")
        assertQ("0N 3#til 9", "(0 1 2;3 4 5;6 7 8)")
        assertQ("3 0N#til 10", "(0 1 2;3 4 5;6 7 8 9)")
        assertQ("4 0N#til 9", "(0 1;2 3;4 5;6 7 8)")
        assertQ("2 0N#0#0", "((0#0);(0#0))")
        assertQ("(10 0N)#(),10", "(9#enlist (0#0)),enlist enlist 10")
    }

    func testReshapeErrors() {
        assertError("1 0 2#1 2", "domain")
        assertError("2 3 0N#1 2", "domain")
        assertError("0N 2 1#1 2", "domain")
        assertError("-1 2 3#1 2", "domain")
        assertError("0N 0N#1 2", "domain")
        assertError("1.5#1 2 3", "type")
        assertError("\"a\"#1 2 3", "type")
        assertError("1b#1 2 3", "type")
        assertError("10000000000000#1", "wsfull")
        assertError("3000000000 3000000000 0#1", "wsfull")
        assertError("3000000000 0#1", "wsfull")
    }

    func testTakeFromDictionaries() {
        run("d:`a`b`c!1 2 3")
        assertQ("2#d", "`a`b!1 2")
        assertQ("-2#d", "`b`c!2 3")
        assertQ("4#d", "`a`b`c`a!1 2 3 1")
        assertQ("`a`b#d", "`a`b!1 2")
        assertQ("enlist[`a]#d", "enlist[`a]!enlist 1")
        assertQ("`c`a#d", "`c`a!3 1")
        assertQ("`a`z#d", "`a`z!1 0N")
    }

    func testTakeFromTables() {
        run("t:([] name:`Dent`Beeblebrox`Prefect; iq:98 42 126; age:20 22 25)")
        assertQ("2#t", "([] name:`Dent`Beeblebrox; iq:98 42; age:20 22)")
        assertQ("-2#t", "([] name:`Beeblebrox`Prefect; iq:42 126; age:22 25)")
        assertQ("4#t", "([] name:`Dent`Beeblebrox`Prefect`Dent; iq:98 42 126 98; age:20 22 25 20)")
        assertQ("`name`age#t", "([] name:`Dent`Beeblebrox`Prefect; age:20 22 25)")
        assertQ("0#t", "([] name:(0#`); iq:(0#0); age:(0#0))")
        assertError("`name`zz#t", "zz")
    }

    func testTakeFromKeyedTables() {
        run("s:([s:`s1`s2`s3]name:`smith`jones`blake;status:20 10 30)")
        assertQ("([]s:`s1`s2)#s", "([s:`s1`s2]name:`smith`jones;status:20 10)")
        assertQ("([]s:`s3`s1)#s", "([s:`s3`s1]name:`blake`smith;status:30 20)")
        assertQ("2#s", "([s:`s1`s2]name:`smith`jones;status:20 10)")
        assertQ("-1#s", "([s:enlist`s3]name:enlist`blake;status:enlist 30)")
    }

    func testCountMonad() {
        assertQ("(#)1 2 3", "3")
        assertQ("(#)`a`b!1 2", "2")
        assertQ("(#)([]a:1 2 3)", "3")
        assertQ("(#)5", "1")
    }

    // MARK: attributes

    func testSetAttribute() {
        assertQ("attr `s#1 2 3", "`s")
        assertQ("`s#1 2 3", "1 2 3")
        assertQ("attr `#`s#1 2 3", "`")
        assertQ("attr `u#3 1 2", "`u")
        assertQ("attr `p#2 2 2 1 1 4 4 4 4 3 3", "`p")
        assertQ("attr `g#2 1 2", "`g")
        assertQ("attr 2,`p#2 2 1", "`")
        assertQ("attr `s#`a`b`c", "`s")
        assertQ("attr `s#0n 1 2", "`s")
        assertQ("attr `s#`a`b!1 2", "`s")
        assertQ("attr `s#()", "`")
        assertQ("`s#`a`b!1 2", "`a`b!1 2")
        assertQ("`#5", "5")
    }

    func testSetAttributeErrors() {
        assertError("`s#3 2 1", "s-fail")
        assertError("`s#`b`a", "s-fail")
        assertError("`s#`b`a!1 2", "s-fail")
        assertError("`u#1 2 1", "u-fail")
        assertError("`p#2 2 1 2", "u-fail")
        assertError("`g#(1;`a)", "type")
        assertError("`p#(1;`a)", "type")
        assertError("`s#3", "type")
        assertError("`x#1 2 3", "domain")
    }

    func testAttrOfOtherValues() {
        assertQ("attr 1 3 4", "`")
        assertQ("attr 5", "`")
        assertQ("attr `a`b!1 2", "`")
        assertQ("attr (1;`a)", "`")
    }

    // MARK: _ drop and cut

    func testDropFromLists() {
        assertQ("5_0 1 2 3 4 5 6 7 8", "5 6 7 8")
        assertQ("-5_0 1 2 3 4 5 6 7 8", "0 1 2 3")
        assertQ("10_1 2 3", "(0#0)")
        assertQ("-10_1 2 3", "(0#0)")
        assertQ("0_1 2 3", "1 2 3")
        assertQ("b:\"apple: banana: cherry\"; 5 _ b", "\": banana: cherry\"")
        assertQ("1_(1;`a;\"c\")", "(`a;\"c\")")
        assertError("1 _ 5", "type")
        assertError("1.5 _ 1 2", "type")
    }

    func testDropItemAtIndex() {
        assertQ("0 1 2 3 4 5 6 7 8_5", "0 1 2 3 4 6 7 8")
        assertQ("0 1 2_7", "0 1 2")
        assertQ("\"hello\"_0", "\"ello\"")
        assertQ("(1;`a;\"c\")_1", "(1;\"c\")")
        assertError("1 2 3 _ `a", "type")
    }

    func testDropFromDictionaries() {
        assertQ("1 _ `a`b`c!1 2 3", "`b`c!2 3")
        assertQ("-1 _ `a`b`c!1 2 3", "`a`b!1 2")
        assertQ("(`a`b`c!1 2 3)_`a", "`b`c!2 3")
        assertQ("`a _ `a`b`c!1 2 3", "`b`c!2 3")
        assertQ("`a`b _ `a`b`c!1 2 3", "(enlist`c)!enlist 3")
        assertError("(`a`b`c!1 2 3) _ `a`b", "type")
        run("d:100 200!`a`b")
        assertQ("1 _ d", "(enlist 200)!enlist`b")
        assertQ("d _ 1", "d")
        assertQ("d _ 100", "(enlist 200)!enlist`b")
        assertQ("enlist[1] _ d", "d")
        assertQ("enlist[100] _ d", "(enlist 200)!enlist`b")
        assertQ("100 _ d", "((0#0))!(0#`)")
    }

    func testDropInPlace() {
        run("d:`a`b`c`x!(1;2 3;4;5)")
        run("d _:`x")
        assertQ("d", "`a`b`c!(1;2 3;4)")
    }

    func testDropFromTables() {
        run("t:([]a:1 2 3;b:4 5 6;c:`d`e`f)")
        assertQ("`a`b _ t", "([]c:`d`e`f)")
        assertQ("1 _ t", "([]a:2 3;b:5 6;c:`e`f)")
        assertQ("-2 _ t", "([]a:enlist 1;b:enlist 4;c:enlist`d)")
        assertQ("t _ 1", "([]a:1 3;b:4 6;c:`d`f)")
        assertError("t _ `a`b", "type")
        assertError("`a _ t", "type")
        assertError("t _ `a", "type")
        run("kt:([k:1 2 3]v:`a`b`c)")
        assertQ("1 _ kt", "([k:2 3]v:`b`c)")
    }

    func testCut() {
        assertQ("2 4 9 _ til 10", "(2 3;4 5 6 7 8;enlist 9)")
        assertQ("2 4 4 9 _ til 10", "(2 3;(0#0);4 5 6 7 8;enlist 9)")
        assertQ("0 4 5 _ til 7", "(0 1 2 3;enlist 4;5 6)")
        assertQ("0 2 _ \"abcde\"", "(\"ab\";\"cde\")")
        assertQ("0 1 _ (1;`a;\"c\")", "(1#(1;`a);(`a;\"c\"))")
        run("t:([]a:til 5;b:`a`b`c`d`e)")
        run("ts:0 3 _ t")
        assertQ("ts 0", "([]a:0 1 2;b:`a`b`c)")
        assertQ("ts 1", "([]a:3 4;b:`d`e)")
        assertError("2 1 _ til 5", "domain")
        assertError("0 9 _ til 5", "domain")
    }

    func testCutKeyword() {
        assertQ("4 cut til 10", "(0 1 2 3;4 5 6 7;8 9)")
        assertQ("2 cut \"abcde\"", "(\"ab\";\"cd\";enlist\"e\")")
        assertQ("5 cut til 3", "enlist 0 1 2")
        assertQ("0 2 cut til 5", "(0 1;2 3 4)")
        assertQ("2 cut ([]a:til 3)", "(([]a:0 1);([]a:enlist 2))")
        assertError("0 cut til 5", "domain")
        assertError("2 cut 5", "type")
    }

    // MARK: sublist

    func testSublist() {
        run("p:2 3 5 7 11")
        assertQ("3 sublist p", "2 3 5")
        assertQ("10 sublist p", "p")
        assertQ("-3 sublist p", "5 7 11")
        assertQ("-10 sublist p", "p")
        assertQ("1 2 sublist p", "3 5")
        assertQ("3 10 sublist p", "7 11")
        assertQ("9 2 sublist p", "(0#0)")
        assertQ("2 sublist `a`b`c!(1 2 3;\"xyz\";2 3 5)", "`a`b!(1 2 3;\"xyz\")")
        assertQ("-2 sublist ([]a:1 2 3)", "([]a:2 3)")
        assertQ("10 sublist \"take me\"", "\"take me\"")
        assertError("1.5 sublist p", "type")
        assertError("1 2 3 sublist p", "length")
    }

    // MARK: ^ fill and coalesce

    func testFill() {
        assertQ("0^1 2 3 0N", "1 2 3 0")
        assertQ("100^1 2 -5 0N 10 0N", "1 2 -5 100 10 100")
        assertQ("1.0^1.2 -4.5 0n 0n 15", "1.2 -4.5 1 1 15")
        assertQ("`nobody^`tom`dick``harry", "`tom`dick`nobody`harry")
        assertQ("1 2 3 4 5^6 0N 8 9 0N", "6 2 8 9 5")
        assertQ("\"x\"^\"a c\"", "\"axc\"")
        assertQ("0^0N", "0")
        assertQ("0^5", "5")
        assertQ("1 2^0N", "1 2")
        assertQ("1 2^7", "7 7")
    }

    func testFillResultTypes() {
        assertQ("type 10^11.0 2.1 0n", "9h")
        assertQ("10^11.0 2.1 0n", "11.0 2.1 10.0")
        assertQ("5^0N 2 3i", "5 2 3")
        assertQ("type 5^0N 2 3i", "7h")
        assertQ("type 5i^0N 2 3", "7h")
        assertQ("0^0N 1h", "0 1")
        assertQ("0^0N 2000.01.02", "2000.01.01 2000.01.02")
        assertQ("type 1b^0N 1h", "5h")
        assertError("`a^1 2", "type")
        assertError("1^`a`b", "type")
        assertError("1 2^1 2 3", "length")
    }

    func testFillDictionariesAndTables() {
        assertQ("(`a`b`c!1 2 3)^`b`c!0N 30", "`a`b`c!1 2 30")
        assertQ("0^`a`b!0N 1", "`a`b!0 1")
        assertQ("0^([]a:1 0N;b:0N 2)", "([]a:1 0;b:0 2)")
        assertQ("0^(1 0N;0N)", "(1 0;0)")
    }

    func testCoalesce() {
        run("kt1:([k:1 2 3] c1:10 20 30;c2:`a`b`c)")
        run("kt2:([k:3 4 5] c1:300 400 500;c2:`cc`dd`ee)")
        assertQ("kt1^kt2", "([k:1 2 3 4 5] c1:10 20 300 400 500;c2:`a`b`cc`dd`ee)")
        assertQ("(kt1^kt2)~kt1,kt2", "1b")
        run("kt3:([k:2 3] c1:0N 3000;c2:`bbb`)")
        assertQ("kt1^kt3", "([k:1 2 3] c1:10 20 3000;c2:`a`bbb`c)")
    }

    func testFills() {
        assertQ("fills 0N 2 3 0N 0N 7 0N", "0N 2 3 3 3 7 7")
        assertQ("fills 1 0N 3 0N 0N 5", "1 1 3 3 3 5")
        assertQ("fills `x``y```z", "`x`x`y`y`y`z")
        assertQ("fills 0n 1.5 0n", "0n 1.5 1.5")
        assertQ("fills \"a  b \"", "\"aaabb\"")
        assertQ("fills 0N 0N 3 0N 5", "0N 0N 3 3 5")
        assertQ("reverse fills reverse 0N 2 3 0N 0N 7 0N", "2 2 3 7 7 7 0N")
        assertQ("fills (0#0)", "(0#0)")
        assertQ("fills 5", "5")
        assertQ("fills ([]a:1 0N 2;b:`x``)", "([]a:1 1 2;b:`x`x`x)")
        assertQ("fills `a`b`c!1 0N 3", "`a`b`c!1 1 3")
        assertQ("fills (1 0N;0N 2)", "(1 0N;1 2)")
        assertQ("fills 010b", "010b")
    }

    // MARK: first last reverse rotate

    func testFirstLast() {
        assertQ("first 1 2 3 4 5", "1")
        assertQ("first 42", "42")
        assertQ("first each (1 2 3;4 5;6 7 8 9;0)", "1 4 6 0")
        run("RaggedDict:`a`b`c!(1 2;3 4 5;\"hello\")")
        assertQ("first RaggedDict", "1 2")
        assertQ("first each RaggedDict", "`a`b`c!(1;3;\"h\")")
        assertQ("last til 10", "9")
        assertQ("last `a`b`c!1 2 3", "3")
        assertQ("last 42", "42")
        assertQ("first enlist 10", "10")
        assertQ("first first enlist enlist 10", "10")
        assertQ("first 0#0", "0N")
        assertQ("last \"\"", "\" \"")
        assertQ("first 0#`", "`")
        assertQ("first ([]a:1 2;b:`x`y)", "`a`b!(1;`x)")
        assertQ("last ([]a:1 2;b:`x`y)", "`a`b!(2;`y)")
        assertQ("first ([k:1 2]v:`x`y)", "(enlist`v)!enlist`x")
        assertQ("(*)1 2 3", "1")
    }

    func testReverse() {
        assertQ("reverse 1 2 3 4", "4 3 2 1")
        assertQ("reverse \"abc\"", "\"cba\"")
        assertQ("reverse 5", "5")
        assertQ("reverse (0#0)", "(0#0)")
        assertQ("reverse (1;`a;\"c\")", "(\"c\";`a;1)")
        run("d:`a`b!(1 2 3;\"xyz\")")
        assertQ("reverse d", "`b`a!(\"xyz\";1 2 3)")
        assertQ("reverse each d", "`a`b!(3 2 1;\"zyx\")")
        assertQ("reverse flip d", "([]a:3 2 1;b:\"zyx\")")
        assertQ("reverse ([k:1 2]v:`x`y)", "([k:2 1]v:`y`x)")
        assertQ("(|)1 2 3", "3 2 1")
        assertQ("attr reverse `s#1 2 3", "`")
    }

    func testRotate() {
        assertQ("2 rotate 2 3 5 7 11", "5 7 11 2 3")
        assertQ("-2 rotate 2 3 5 7 11", "7 11 2 3 5")
        assertQ("12 rotate 2 3 5 7 11", "5 7 11 2 3")
        assertQ("0 rotate 1 2 3", "1 2 3")
        assertQ("1 rotate (0#0)", "(0#0)")
        assertQ("1 rotate (1;`a;\"c\")", "(`a;\"c\";1)")
        assertQ("1 rotate ([]a:1 2 3;b:\"xyz\")", "([]a:2 3 1;b:\"yzx\")")
        assertQ("0 1 -1 rotate' 3 4#til 12", "(0 1 2 3;5 6 7 4;11 8 9 10)")
        assertQ("1 rotate 5", "5")
        assertError("1.5 rotate 1 2 3", "type")
        assertError("1 rotate `a`b!1 2", "type")
    }

    // MARK: next prev xprev

    func testNextPrevXprev() {
        assertQ("next 2 3 5 7 11", "3 5 7 11 0N")
        assertQ("next (1 2;\"abc\";`ibm)", "(\"abc\";`ibm;(0#0))")
        assertQ("prev 2 3 5 7 11", "0N 2 3 5 7")
        assertQ("prev (1 2;\"abc\";`ibm)", "((0#0);1 2;\"abc\")")
        assertQ("2 xprev 2 7 5 3 11", "0N 0N 2 7 5")
        assertQ("-2 xprev 2 7 5 3 11", "5 3 11 0N 0N")
        assertQ("1 xprev \"abcde\"", "\" abcd\"")
        assertQ("9 xprev 1 2 3", "0N 0N 0N")
        assertQ("next `a`b", "`b`")
        assertQ("prev 1.5 2.5", "0n 1.5")
        assertQ("next ([]a:1 2)", "([]a:2 0N)")
        assertQ("prev (0#0)", "(0#0)")
        assertError("next 5", "rank")
        assertError("1.5 xprev 1 2", "type")
    }

    // MARK: flip

    func testFlipLists() {
        assertQ("flip (1 2 3;4 5 6)", "(1 4;2 5;3 6)")
        assertQ("flip (1 2 3;4)", "(1 4;2 4;3 4)")
        assertQ("flip (1 2;`a`b)", "((1;`a);(2;`b))")
        assertQ("flip (\"ab\";\"cd\")", "(\"ac\";\"bd\")")
        assertQ("flip flip (1 2 3;4 5 6)", "(1 2 3;4 5 6)")
        assertQ("flip 1 2 3", "1 2 3")
        assertQ("(+)(1 2;3 4)", "(1 3;2 4)")
        assertError("flip (1 2;3 4 5)", "length")
    }

    func testFlipDictionariesAndTables() {
        run("D:`sym`price`size!(`IBM`MSFT;10.2 23.45;100 100)")
        assertQ("flip D", "([]sym:`IBM`MSFT;price:10.2 23.45;size:100 100)")
        assertQ("D~flip flip D", "1b")
        assertQ("flip `sym`price`size!(`I;10.2 23.45 45.67;100)",
                "([]sym:`I`I`I;price:10.2 23.45 45.67;size:100 100 100)")
        assertQ("flip ([]a:1 2;b:`x`y)", "`a`b!(1 2;`x`y)")
        assertError("flip `a`b!(1 2;1 2 3)", "length")
        assertError("flip 1 2!(1 2;3 4)", "type")
        assertError("flip `a`b!1 2", "rank")
    }

    // MARK: raze

    func testRaze() {
        assertQ("raze (1 2;3 4 5)", "1 2 3 4 5")
        assertQ("raze (1 2;(3 4;5 6);7;8)", "(1;2;3 4;5 6;7;8)")
        assertQ("raze/[(1 2;(3 4;5 6);7;8)]", "1 2 3 4 5 6 7 8")
        assertQ("raze 42", "enlist 42")
        assertQ("raze `q`w`e!(1 2;3 4;5 6)", "1 2 3 4 5 6")
        assertQ("raze (\"ab\";\"cd\";\"e\")", "\"abcde\"")
        assertQ("raze (1;2 3)", "1 2 3")
        assertQ("raze (`a;1 2)", "(`a;1;2)")
        assertQ("raze ()", "()")
        assertQ("raze ((0#0);(0#0))", "(0#0)")
        assertQ("raze 1 2 3", "1 2 3")
        assertQ("raze (([]a:1 2);([]a:enlist 3))", "([]a:1 2 3)")
        assertQ("raze (`a`b!1 2;`b`c!3 4)", "`a`b`c!1 3 4")
        assertQ("(,/)(1 2;3 4)", "1 2 3 4")
        run("d:`a`b!(1 2;3 5)")
        assertError("raze (10;d)", "type")
    }

    // MARK: enlist and key

    func testEnlistMonad() {
        assertQ("(,)5", "enlist 5")
        assertQ("(,)1 2", "enlist 1 2")
        assertQ("type (,)`a", "11h")
        assertQ("(,)`a`b!1 2", "([]a:enlist 1;b:enlist 2)")
    }

    func testKey() {
        run("D:`q`w`e!(1 2;3 4;5 6)")
        assertQ("key D", "`q`w`e")
        assertQ("key `D", "`q`w`e")
        // Namespaces in kdb+ 4.1 order, then the session's own.
        assertQ("key `", "`q`Q`h`j`o")
        run(".fee.a:1")
        assertQ("key `", "`q`Q`h`j`o`fee")
        assertQ("key ([s:`q`w`e]g:1 2 3;h:4 5 6)", "([]s:`q`w`e)")
        assertQ("key each (\"abc\";101b;1 2 3h;1 2 3i;1 2 3;1 2 3f)", "`char`boolean`short`int`long`float")
        assertQ("key 0#5", "`long")
        assertQ("key (0#`)", "`symbol")
        assertQ("key 10", "til 10")
        assertQ("key 0", "(0#0)")
        assertQ("()~key`undefinedName", "1b")
        run("a:1")
        assertQ("key`a", "`a")
        run("b:1 2!3 4")
        assertQ("key`b", "1 2")
        assertQ("(!)3", "0 1 2")
        assertQ("()~key`:/nonexistent/path/for/key", "1b")
        assertError("key -1", "domain")
        assertError("key 1.5", "type")
        assertError("key ([]a:1 2)", "type")
    }

    // MARK: set functions

    func testExcept() {
        assertQ("1 2 3 except 2", "1 3")
        assertQ("1 2 3 4 1 3 except 2 3", "1 4 1")
        assertQ("1 2 3 except 1 2 3", "(0#0)")
        assertQ("\"hello\" except \"l\"", "\"heo\"")
        assertQ("`a`b`c except `b", "`a`c")
        assertQ("1 2 3 except 2i", "1 2 3")
        assertQ("(1;`a;2) except `a", "2#(1;2;`a)")
        assertQ("1.0 2.0 0n except 0n", "1 2f")
        assertQ("([]a:1 2 3) except ([]a:enlist 2)", "([]a:1 3)")
    }

    func testInter() {
        assertQ("1 3 4 2 inter 2 3 5 7 11", "3 2")
        assertQ("1 2 3 1 4 inter 4 1 4", "1 1 4")
        assertQ("1 2 inter 5 6", "(0#0)")
        run("x:(`a`b)!(1 2 3;`x`y`z)")
        run("y:(`a`b`c)!(1 2 3;2 3 5;`x`y`z)")
        assertQ("x inter y", "(1 2 3;`x`y`z)")
        run("x:([]a:`x`y`z`t;b:10 20 30 40)")
        run("y:([]a:`y`t`x;b:50 40 10)")
        assertQ("x inter y", "([]a:`x`t;b:10 40)")
    }

    func testUnion() {
        assertQ("1 2 3 3 6 union 2 4 6 8", "1 2 3 6 4 8")
        assertQ("1 union 2", "1 2")
        assertQ("\"abc\" union \"cd\"", "\"abcd\"")
        assertQ("(1;`a) union (`a;2)", "(1;`a;2)")
        run("t0:([]x:2 3 5;y:\"abc\")")
        run("t1:([]x:2 4;y:\"ad\")")
        assertQ("t0 union t1", "([]x:2 3 5 4;y:\"abcd\")")
    }

    func testCross() {
        assertQ("1 2 3 cross 10 20", "(1 10;1 20;2 10;2 20;3 10;3 20)")
        assertQ("(cross/)(2 3;10;\"abc\")",
                "((2;10;\"a\");(2;10;\"b\");(2;10;\"c\");(3;10;\"a\");(3;10;\"b\");(3;10;\"c\"))")
        assertQ("([]s:`IBM`MSFT`AAPL)cross([]v:1 2)", "([]s:`IBM`IBM`MSFT`MSFT`AAPL`AAPL;v:1 2 1 2 1 2)")
        assertQ("(1 2;3 4) cross (5 6;7 8)", "(1 2 5 6;1 2 7 8;3 4 5 6;3 4 7 8)")
        assertQ("(enlist each (1 2;3 4)) cross enlist each (5 6;7 8)",
                "((1 2;5 6);(1 2;7 8);(3 4;5 6);(3 4;7 8))")
        assertQ("\"ab\" cross \"xy\"", "(\"ax\";\"ay\";\"bx\";\"by\")")
        assertQ("1 2 cross (0#0)", "()")
    }

    func testSetFunctionsOnLargeAndNullVectors() {
        assertQ("(til 100000) except 1+til 99999", "enlist 0")
        assertQ("count (til 100000) union til 200000", "200000")
        assertQ("1.0 0n 1.0 0n union 2.0", "1 0n 2")
        assertQ("0N 0N 1 except 0N", "enlist 1")
        assertQ("0N 5 inter 0N", "enlist 0N")
        assertQ("(10000#1 2 3) inter 3 4", "3333#3")
        assertQ("1 2 3h union 3 4h", "1 2 3 4h")
        assertQ("`a`b union `b`c", "`a`b`c")
        assertQ("attr `u#til 100000", "`u")
        assertError("`u#0,til 100000", "u-fail")
    }

    // MARK: iterator covers

    func testIteratorKeywords() {
        assertQ("count each (\"the\";\"quick\";\" brown\";\"fox\")", "3 5 6 3")
        assertQ("each[count;(1 2;3 4 5)]", "2 3")
        assertQ("(+\\)peach(2 3 4;(5 6;7 8);9 10 11 12)", "(2 5 9;(5 6;12 14);9 19 30 42)")
        assertQ("raze over (\"the \";(\"quick \";\"fox\"))", "\"the quick fox\"")
        assertQ("(+) scan 1 2 3 4 5", "1 3 6 10 15")
        assertQ("(*) over 1 2 3 4 5", "120")
        assertQ("{x*x} scan .5", "{x*x}\\[.5]")
        assertQ("(+) prior til 5", "0 1 3 5 7")
        assertQ("{x+y%10}prior til 3", "(0n;1f;2.1)")
        assertQ("(-) prior 5 7 12", "5 2 5")
    }

    // MARK: large vectors take the typed paths

    func testLargeVectors() {
        assertQ("count 1000000#til 7", "1000000")
        assertQ("-3#1000000#til 7", "5 6 0")
        assertQ("last reverse til 1000000", "0")
        assertQ("count raze 1000#enlist til 1000", "1000000")
        assertQ("first 3 rotate til 1000000", "3")
        assertQ("last 999998_til 1000000", "999999")
    }
}
