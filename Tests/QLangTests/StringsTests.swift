import XCTest
@testable import QCore
@testable import QLang

// The Strings family: `$` in all its forms, string, case, trim, patterns, sv and vs.
// Expected values avoid literals the parser does not know yet (typed nulls, temporal
// and byte literals): they are built from longs with a cast or a join of atoms.

final class StringsTests: QTestCase {
    // MARK: cast

    func testDigests() {
        assertQ("md5 \"this is a not so secret message\"", "0x6cf192c1938b79012c323fa30e62787e")
        assertQ("-15!\"abc\"", "0x900150983cd24fb0d6963f7d28e17f72")
        assertQ("raze string -33!\"mypassword\"", "\"91dfd9ddb4198affc5c194cd8ce6d338fde470e2\"")
        assertQ("-33!0x616263", "0xa9993e364706816aba3e25717850c26c9cd0d89d")
        assertError("md5 42", "type")
    }

    func testFixedPrecisionFormat() {
        assertQ("-27!(3i;0 1+123456789.4567)", "(\"123456789.457\";\"123456790.457\")")
        assertQ("-27!(2i;.045)", "\"0.04\"")
        assertQ("-27!(1i;1.25e)", "\"1.2\"")
        assertError("-27!(2i;1)", "type")
        assertError("-27!(-1i;1.5)", "domain")
    }

    func testCastToIntegers() {
        assertQ("\"i\"$10", "10i")
        assertQ("(`int;\"i\";6h)$10", "10i,10i,10i")
        assertQ("`int$6.1 6.6 -6.1 -6.6", "6i,7i,-6i,-7i")
        assertQ("`long$2.5 -2.5 0.4", "3 -3 0")
        assertQ("\"h\"$7", "7h")
        assertQ("7h$1.5e", "2")
        assertQ("`short$7i", "7h")
    }

    func testCastNullsAndInfinities() {
        assertQ("\"j\"$\"i\"$0N", "0N")
        assertQ("\"j\"$\"h\"$0N", "0N")
        assertQ("\"f\"$0N", "0n")
        assertQ("\"j\"$0n", "0N")
        assertQ("\"j\"$0w", "0W")
        assertQ("\"j\"$-0w", "-0W")
        assertQ("\"f\"$\"i\"$0N 1", "0n 1")
        // An infinity cast to a wider type is the same bits: a finite number.
        assertQ("`float$\"h\"$32767", "32767f")
        assertQ("\"j\"$\"i\"$2147483647", "2147483647")
        assertQ("`float$0W", "9223372036854775807f")
    }

    func testCastBooleanByteChar() {
        assertQ("1h$1 0 2 -1 0 -2", "101101b")
        assertQ("\"b\"$\" a\"", "11b")
        assertQ("\"b\"$0 0.5", "01b")
        assertQ("\"x\"$\"abc\"", "\"x\"$97 98 99")
        assertQ("\"j\"$\"x\"$3 4 255", "3 4 255")
        // Longs beyond the int range give 0xff.
        assertQ("\"j\"$\"x\"$-2 -1 0 1 2+2147483647", "253 254 255 255 255")
        assertQ("\"c\"$97 98", "\"ab\"")
        assertQ("\"j\"$\"ab\"", "97 98")
        assertQ("9h$\"ab\"", "97 98f")
        assertQ("`float$\"AC\"", "65 67f")
        assertQ("\"b\"$\"x\"$0 1 2", "011b")
        assertQ("\"j\"$\"x\"$\"b\"$1 0", "1 0")
    }

    func testCastReal() {
        assertQ("\"e\"$1.5", "1.5e")
        assertQ("\"f\"$1.5e", "1.5")
        assertQ("`real$3", "3e")
    }

    func testCastIdentityAndShape() {
        assertQ("(\"*\";0h)$1", "1 1")
        assertQ("0h$\"abc\"", "\"abc\"")
        assertQ("\"*\"$\"abc\"", "\"abc\"")
        assertQ("\"j\"$3", "3")
        assertQ("type \"j\"$()", "7h")
        assertQ("count \"j\"$()", "0")
        assertQ("type `symbol$()", "11h")
        assertQ("type 10h$()", "10h")
        assertQ("\"j\"$(1.5;2.5 3.5)", "(2;3 4)")
        assertQ("\"i\"$`a`b!1.2 2.7", "`a`b!1i,3i")
        assertQ("\"f\"$([]a:1 2;b:3 4)", "([]a:1 2f;b:3 4f)")
        assertQ("(12h;\"m\";`date)$42", "(\"p\"$42;\"m\"$42;\"d\"$42)")
        assertQ("(\"j\";\"f\")$(1.5;2)", "(2;2f)")
        assertQ("(`long;`short`int)$(1.5;2 3)", "(2;(2h;3i))")
    }

    func testCastSymbols() {
        assertQ("`$\"   IBM   \"", "`IBM")
        assertQ("`symbol$\"abc\"", "`abc")
        assertQ("\"s\"$\"abc\"", "`abc")
        assertQ("`symbol$`a`b", "`a`b")
        assertQ("`symbol$(\"ab\";\"c \")", "`ab`c")
    }

    func testCastErrors() {
        assertError("\"j\"$`a", "type")
        assertError("\"s\"$1", "type")
        assertError("`int$`a`b", "type")
        assertError("\"g\"$1", "type")
        assertError("1.5$1", "type")
        assertError("(\"j\";\"f\")$1 2 3", "length")
    }

    // MARK: temporal

    func testCastNumbersToTemporal() {
        assertQ("type'[(\"h\"$12 13 14 15 16 17 18 19)$42]", "\"h\"$-12 -13 -14 -15 -16 -17 -18 -19")
        assertQ("\"j\"$(\"h\"$12 13 14 16 17 18 19)$42", "42 42 42 42 42 42 42")
        assertQ("\"f\"$\"z\"$42", "42f")
        assertQ("\"j\"$\"d\"$42", "42")
    }

    func testCastBetweenDatesAndTimestamps() {
        assertQ("\"j\"$\"p\"$\"d\"$3", "3*86400000000000")
        assertQ("\"d\"$\"p\"$-1", "\"d\"$-1")
        assertQ("\"d\"$\"p\"$86400000000000+1", "\"d\"$1")
        assertQ("\"m\"$\"d\"$31", "\"m\"$1")
        assertQ("\"d\"$\"m\"$1", "\"d\"$31")
        assertQ("\"d\"$\"m\"$-1", "\"d\"$-31")
        assertQ("\"m\"$\"d\"$-1", "\"m\"$-1")
        assertQ("\"j\"$\"p\"$\"m\"$1", "31*86400000000000")
        // Dates beyond the timestamp range saturate to its infinities.
        assertQ("`timestamp$\"d\"$-122000", "\"p\"$-0W")
        assertQ("\"d\"$\"p\"$0W", "\"d\"$0W")
        assertQ("\"j\"$\"d\"$\"p\"$0N", "0N")
    }

    func testCastDatetime() {
        assertQ("\"f\"$\"z\"$\"d\"$3", "3f")
        assertQ("\"d\"$\"z\"$3.75", "\"d\"$3")
        assertQ("\"d\"$\"z\"$-0.25", "\"d\"$-1")
        assertQ("\"j\"$\"p\"$\"z\"$1.5", "129600000000000")
        assertQ("\"f\"$\"z\"$\"p\"$43200000000000", "0.5")
        assertQ("\"i\"$\"t\"$\"z\"$1.5", "43200000i")
        assertQ("\"m\"$\"z\"$31.5", "\"m\"$1")
        assertQ("\"f\"$\"z\"$\"t\"$43200000", "0.5")
    }

    func testCastClockTypes() {
        assertQ("\"u\"$\"v\"$3725", "\"u\"$62")
        assertQ("\"i\"$\"t\"$\"n\"$1500000000", "1500i")
        assertQ("\"j\"$\"n\"$\"u\"$1", "60000000000")
        assertQ("\"i\"$\"v\"$\"t\"$-1", "-1i")
        assertQ("\"i\"$\"t\"$\"p\"$86400000000000+3600000000000", "3600000i")
        assertQ("\"j\"$\"p\"$\"n\"$5", "5")
        assertQ("\"j\"$\"v\"$\"u\"$0N", "0N")
        assertQ("\"j\"$\"v\"$\"u\"$0W", "\"j\"$\"v\"$0W")
    }

    func testTemporalParts() {
        assertQ("`hh`uu`ss$\"t\"$14158110", "3i,55i,58i")
        assertQ("`year`dd`mm`hh`uu`ss$\"p\"$499319758000000000", "2015i,28i,10i,3i,55i,58i")
        assertQ("`year`mm`dd$\"z\"$5779.5", "2015i,10i,28i")
        assertQ("`hh$\"z\"$5779.5", "12i")
        assertQ("`week$\"d\"$0 2 8 9", "\"d\"$-5 2 2 9")
        assertQ("`mm$\"m\"$13", "2i")
        assertQ("`year$\"m\"$13 -1", "2001i,1999i")
        assertQ("`month$\"d\"$40", "\"m\"$1")
        assertQ("`uu$\"u\"$75", "15i")
        assertError("`dd$\"m\"$1", "type")
        assertError("`year$\"u\"$720", "type")
        assertError("`hh$\"d\"$1", "type")
        assertError("`year$1", "type")
    }

    // MARK: tok

    func testTokSymbolsAndBooleans() {
        assertQ("\"S\"$\"hello\"", "`hello")
        assertQ("`$(\"a\";\"bc \")", "`a`bc")
        assertQ("-11h$\"x\"", "`x")
        assertQ("`$\"a\"", "`a")
        assertQ("\"B\"$\"   Y  \"", "1b")
        assertQ("\"B\"$(\" Y \";\"    N \")", "10b")
        assertQ("\"B\"$'\"txyTXY1a0 \"", "1111111000b")
        assertQ("\"C\"$\"abc\"", "\"a\"")
        assertQ("\"*\"$\"abc\"", "\"abc\"")
        assertQ("`$`a`b!(\"x\";\"yz\")", "`a`b!`x`yz")
    }

    func testTokShapes() {
        assertQ("type \"J\"$\"42\"", "-7h")
        assertQ("type \"J\"$(\"10\";\"20\")", "7h")
        assertQ("type \"D\"$()", "14h")
        assertQ("type'[\"BXH\"$(\"10\";\"20\";\"30\")]", "\"h\"$-1 -4 -5")
        assertQ("type'[(\"h\"$-8 -9)$\"1\"]", "\"h\"$-8 -9")
        assertQ("count (\"B\";\"XHI\")$(\"42\";(\"42\";\"42\";\"42\"))", "2")
        assertError("\"J\"$1", "type")
        assertError("\"J\"$`a", "type")
        assertError("`$1", "type")
    }

    // MARK: pad

    func testPad() {
        assertQ("9$\"foo\"", "\"foo      \"")
        assertQ("-9$\"foo\"", "\"      foo\"")
        assertQ("2$\"foo\"", "\"fo\"")
        assertQ("-2$\"foo\"", "\"oo\"")
        assertQ("0$\"foo\"", "\"\"")
        assertQ("4$(\"ab\";(\"c\";\"de\"))", "(\"ab  \";(\"c   \";\"de  \"))")
        assertQ("-5$`a`b!(\"ab\";\"c\")", "`a`b!(\"   ab\";\"    c\")")
        assertQ("3$([]a:(\"x\";\"yz\"))", "([]a:(\"x  \";\"yz \"))")
        assertError("3$1 2", "type")
        assertError("3$`a", "type")
    }

    // MARK: enumerate

    func testEnumerate() {
        run("d:`a`b`c; y:`a`b`c`b`a")
        assertQ("`d$y", "y")
        assertQ("`d$`b", "`b")
        assertError("`d$`a`z", "cast")
        run("x:`a`b")
        assertError("`x$y", "cast")
        assertError("`nosuch$`a", "nosuch")
    }

    // MARK: string

    func testString() {
        assertQ("string `ibm", "\"ibm\"")
        assertQ("string 2", "enlist \"2\"")
        assertQ("string 42i", "\"42\"")
        assertQ("string -7", "\"-7\"")
        assertQ("string 1b", "enlist \"1\"")
        assertQ("string \"cat\"", "(enlist \"c\";enlist \"a\";enlist \"t\")")
        assertQ("string (2 3;\"abc\")", "((enlist \"2\";enlist \"3\");(enlist \"a\";enlist \"b\";enlist \"c\"))")
        assertQ("string `a`b`c!2002 2004 2010", "`a`b`c!(\"2002\";\"2004\";\"2010\")")
        assertQ("string ([]a:1 2;b:`ibm`goog)", "([]a:(enlist \"1\";enlist \"2\");b:(\"ibm\";\"goog\"))")
        assertQ("string `a`bc", "(enlist \"a\";\"bc\")")
        assertQ("string {x*x}", "\"{x*x}\"")
        assertQ("string ()", "()")
        assertQ("string \" \"", "enlist \" \"")
    }

    func testStringOfEachType() {
        assertQ("string 2f", "enlist \"2\"")
        assertQ("string 3.14159265", "\"3.141593\"")
        assertQ("string 1.5e", "\"1.5\"")
        assertQ("string 0x01", "\"01\"")
        assertQ("string 7h", "enlist \"7\"")
        assertQ("string 2000.01.01", "\"2000.01.01\"")
        assertQ("string 2000.01m", "\"2000.01\"")
        assertQ("string 12:34", "\"12:34\"")
        assertQ("string 12:34:56", "\"12:34:56\"")
        assertQ("string 12:34:56.789", "\"12:34:56.789\"")
        assertQ("string 2015.10.28D03:55:58.654200000", "\"2015.10.28D03:55:58.654200000\"")
        assertQ("string 0D12:00:00.000000000", "\"0D12:00:00.000000000\"")
        assertQ("string 0W", "\"0W\"")
        assertQ("string 0Ng", "\"00000000-0000-0000-0000-000000000000\"")
        assertQ("string (+/)", "\"+/\"")
        assertQ("string 1 2 3", "(enlist \"1\";enlist \"2\";enlist \"3\")")
    }

    func testStringOfNulls() {
        assertQ("string 0N", "\"\"")
        assertQ("string `", "\"\"")
        assertQ("string \"d\"$0N", "\"\"")
        assertQ("string 1 0N", "(enlist \"1\";\"\")")
    }

    // MARK: lower, upper

    func testCase() {
        assertQ("lower\"IBM\"", "\"ibm\"")
        assertQ("lower`IBM", "`ibm")
        assertQ("upper\"ibm\"", "\"IBM\"")
        assertQ("upper`ibm`msft", "`IBM`MSFT")
        assertQ("upper(`The;(`quick`brown;(`fox;`jumps`over));`a;`lazy`dog)",
                "(`THE;(`QUICK`BROWN;(`FOX;`JUMPS`OVER));`A;`LAZY`DOG)")
        assertQ("lower \"A1b-Z\"", "\"a1b-z\"")
        assertQ("upper `a`b!(\"x\";`y)", "`a`b!(\"X\";`Y)")
        assertError("lower 1", "type")
    }

    // MARK: trim

    func testTrim() {
        assertQ("trim \"   IBM   \"", "\"IBM\"")
        assertQ("ltrim\"   IBM   \"", "\"IBM   \"")
        assertQ("rtrim\"   IBM   \"", "\"   IBM\"")
        assertQ("trim 0N 0N 1 2 3 0N 0N 4 5 0N 0N", "1 2 3 0N 0N 4 5")
        assertQ("trim \"a\"", "\"a\"")
        assertQ("trim 42", "42")
        assertQ("trim \"   \"", "\"\"")
        assertQ("trim ``a`", "enlist `a")
        assertQ("trim((\"fox\";(\"jumps \";\"over   \"));(\"a\";\"dog \"))", "((\"fox\";(\"jumps\";\"over\"));(\"a\";\"dog\"))")
        assertQ("ltrim`a`b!((\"fox\";(\" jumps \";\"over\"));(\"a\";\" dog \"))",
                "`a`b!((\"fox\";(\"jumps \";\"over\"));(\"a\";\"dog \"))")
        assertQ("rtrim ([]b:(\"a \";\"dog \"))", "([]b:(enlist \"a\";\"dog\"))")
    }

    // MARK: like

    func testLike() {
        assertQ("`quick like \"qu?ck\"", "1b")
        assertQ("`brown like \"br[ao]wn\"", "1b")
        assertQ("`quickly like \"quick*\"", "1b")
        assertQ("`quick like \"quick\"", "1b")
        assertQ("`quick like \"quickish\"", "0b")
        assertQ("`brawn`brown like \"br[^o]wn\"", "10b")
        assertQ("(`a`b`c!`quick`brown`fox)like \"brown\"", "`a`b`c!010b")
        assertQ("(\"brown\";\"drown\";\"frown\";\"grown\") like \"?rown\"", "1111b")
        assertQ("\"br^wn\" like \"br[&^]wn\"", "1b")
        assertQ("\"brAwn\" like \"br[A-Z]wn\"", "1b")
        assertQ("\"br0wn\" like \"br[3-6]wn\"", "0b")
        assertQ("\"br0wn\" like \"br[^3-6]wn\"", "1b")
        assertQ("\"brown\" like \"br?*wn\"", "1b")
        assertQ("\"brown\" like \"br[?*]wn\"", "0b")
        assertQ("\"br*wn\" like \"br[*]wn\"", "1b")
        assertQ("\"br]wn\" like \"[bf]r[]]wn\"", "1b")
        assertQ("\"a[c\" like \"a[[]c\"", "1b")
        assertQ("(`$(\"ab*c\";\"abcc\"))like\"ab[*]c\"", "10b")
        assertQ("(`$(\"ab^c\";\"abcc\"))like\"ab[*^]c\"", "10b")
        assertQ("(\"roam\";\"rome\") like \"ro[^ab]?\"", "01b")
        assertQ("\"broom of your own\" like \"br*wn\"", "1b")
        assertQ("\"brwn\" like \"br*wn\"", "1b")
        assertQ("\"\" like \"*\"", "1b")
        assertQ("\"ab\" like \"\"", "0b")
    }

    func testLikeWorkedExample() {
        run("tb:(\"Smith John 101 N Broadway Elmsville 123-4567\";\"Smyth Barbara 27 Maple Ave Elmstwn 321-7654\";\"Smythe Ken 321-a Maple Avenue Elmstown 123-9999\";\"Smothers 11 Jordan Road Oakwood 123-2357\";\"Smith-Hawkins K Maple St Elmwood 321-832e\")")
        assertQ("tb like \"Smith*\"", "10001b")
        assertQ("tb like \"Sm?th*\"", "11111b")
        assertQ("tb like \"Sm[iy]th*\"", "11101b")
        assertQ("tb like \"*321-*\"", "01101b")
        assertQ("tb like \"*321-[0-9]*\"", "01001b")
        assertQ("tb like \"*321-[0-9][0-9][0-9][0-9]\"", "01000b")
        assertQ("tb like \"*321-????\"", "01001b")
        assertQ("tb like \"*[^0-9]\"", "00001b")
    }

    func testLikeErrors() {
        run("s:\"Now is the time for all good men to come to the aid of the party.\"")
        assertQ("s like \"*the*\"", "1b")
        assertError("s like \"*the*the*\"", "nyi")
        assertError("s like \"*the*the\"", "nyi")
        assertError("1 like \"a\"", "type")
        assertError("`a like `a", "type")
        // Not atomic: a general list must hold strings.
        assertError("(`quick;`quack`quark) like \"qu?ck\"", "type")
        assertQ("() like \"a\"", "\"b\"$()")
    }

    // MARK: ss, ssr

    func testSs() {
        assertQ("\"We the people of the United States\" ss \"the\"", "3 17")
        run("s:\"toronto ontario\"")
        assertQ("s ss \"ont\"", "3 8")
        assertQ("s ss \"[ir]o\"", "2 13")
        assertQ("s ss \"t?r\"", "0 10")
        assertQ("\"the brown duck drowned\" ss \"?rown\"", "4 15")
        assertQ("\"A grown man in a gown\" ss \"rown\"", "enlist 3")
        assertQ("\"A grown man in a gown\" ss \"n\"", "6 10 13 20")
        assertQ("\"abc\" ss \"x\"", "\"j\"$()")
        assertQ("\"abc\" ss \"b\"", "enlist 1")
        assertError("\"A grown man in a gown\" ss \"\"", "length")
        assertError("\"Now is the time\" ss \"t*e\"", "length")
        assertError("1 2 ss \"a\"", "type")
    }

    func testSsr() {
        run("s:\"toronto ontario\"")
        assertQ("ssr[s;\"ont\";\"x\"]", "\"torxo xario\"")
        assertQ("ssr[s;\"t?r\";upper]", "\"TORonto onTARio\"")
        assertQ("ssr[\"a-b-c\";\"-\";\"--\"]", "\"a--b--c\"")
        assertQ("ssr[\"abc\";\"x\";\"y\"]", "\"abc\"")
        assertQ("ssr[s;\"o\"][\"0\"]", "\"t0r0nt0 0ntari0\"")
        assertError("ssr[s;\"o*\";\"x\"]", "length")
        assertError("ssr[\"a\";\"a\";\"-\"]", "type")
        assertError("ssr[\"a[b\";\"[b\";\"-\"]", "unmatched ]")
        assertQ("ssr[\"a]b\";\"[]]\";\"-\"]", "\"a-b\"")
    }

    // MARK: sv

    func testSvJoin() {
        assertQ("\",\" sv (\"one\";\"two\";\"three\")", "\"one,two,three\"")
        assertQ("\"\\t\" sv (\"one\";\"two\";\"three\")", "\"one\\ttwo\\tthree\"")
        assertQ("\", \" sv (\"one\";\"two\";\"three\")", "\"one, two, three\"")
        assertQ("\".\" sv string 192 168 1 23", "\"192.168.1.23\"")
        assertQ("` sv (\"one\";\"two\";\"three\")", "\"one\\ntwo\\nthree\\n\"")
        assertQ("` sv `quick`brown`fox", "`quick.brown.fox")
        assertQ("` sv `:/home/kdb/q`data`trade", "`:/home/kdb/q/data/trade")
        assertQ("` sv `mywork`dat", "`mywork.dat")
        assertQ("`$\".\"sv string `quick`brown`fox", "`quick.brown.fox")
        assertError("\",\" sv 1 2", "type")
    }

    func testSvBytesAndBits() {
        run("z:\"x\"$0")
        assertQ("(\"x\"$3) sv (\"x\"$2) vs \"x\"$1 2 1 2 1", "\"x\"$1 3 1 3 1")
        // As ref/sv.md shows: a separator longer than one byte loses the end.
        assertQ("(\"x\"$2 3) sv (\"x\"$2 3) vs \"x\"$til 6", "\"x\"$til 5")
        assertQ("z sv \"x\"$0 255", "255h")
        assertQ("z sv \"x\"$128 255", "-32513h")
        assertQ("z sv \"x\"$0 64 128 255", "4227327i")
        assertQ("z sv \"x\"$til 8", "283686952306183")
        assertQ("0b sv \"b\"$1+til 64", "-1")
        assertQ("0b sv \"b\"$1+til 32", "-1i")
        assertQ("0b sv \"b\"$1+til 16", "-1h")
        assertQ("0b sv \"b\"$1+til 8", "\"x\"$255")
        run("g:z sv \"x\"$til 16")
        assertQ("type g", "-2h")
        assertQ("g ~ 0b sv 0b vs g", "1b")
        assertQ("\"j\"$z vs g", "til 16")
        assertError("z sv \"x\"$1 2 3", "length")
        assertError("0b sv 101b", "length")
    }

    func testSvBase() {
        assertQ("10 sv 2 3 5 7", "2357")
        assertQ("100 sv 2010 3 17", "20100317")
        assertQ("0 24 60 60 sv 2 3 5 7", "183907")
        assertQ("256 sv til 8", "283686952306183")
        assertQ("2 sv 101b", "5")
        assertQ("10 sv (1 1 1;9 9 9;9 9 9;5 6 7)", "1995 1996 1997")
        assertError("0 24 60 sv 1 2", "length")
    }

    // MARK: vs

    func testVsSplit() {
        assertQ("\",\" vs \"one,two,three\"", "(\"one\";\"two\";\"three\")")
        assertQ("\", \" vs \"spring, summer, autumn, winter\"", "(\"spring\";\"summer\";\"autumn\";\"winter\")")
        assertQ("\"|\" vs \"red|green||blue\"", "(\"red\";\"green\";\"\";\"blue\")")
        assertQ("` vs \"abc\\ndef\\nghi\"", "(\"abc\";\"def\";\"ghi\")")
        assertQ("` vs \"x\"$\"abc\\ndef\\nghi\"", "(\"abc\";\"def\";\"ghi\")")
        assertQ("` vs \"abc\\r\\ndef\\r\\nghi\"", "(\"abc\";\"def\";\"ghi\")")
        assertQ("\"\\n\" vs \"abc\\ndef\\nghi\\n\"", "(\"abc\";\"def\";\"ghi\";\"\")")
        assertQ("` vs \"abc\\ndef\\nghi\\n\"", "(\"abc\";\"def\";\"ghi\")")
        assertQ("` vs `mywork.dat", "`mywork`dat")
        assertQ("` vs `:/home/kdb/data/mywork.dat", "`:/home/kdb/data`mywork.dat")
        assertQ("(\"x\"$2) vs \"x\"$1 2 1 2 1", "(enlist \"x\"$1;enlist \"x\"$1;enlist \"x\"$1)")
        assertQ("(\"x\"$2 3) vs \"x\"$0 1 2 3 4 5", "(\"x\"$0 1;\"x\"$4 5)")
        assertQ("\" \"vs\"x\"$\"a b\"", "(enlist \"a\";enlist \"b\")")
        assertQ("\",\" vs \"\"", "enlist \"\"")
        assertError("\",\" vs 1", "type")
    }

    func testVsBitsAndBytes() {
        run("z:\"x\"$0")
        assertQ("0b vs \"h\"$23173", "0101101010000101b")
        assertQ("0b vs 23173i", "00000000000000000101101010000101b")
        assertQ("z vs \"h\"$2413", "\"x\"$9 109")
        assertQ("z vs 2413i", "\"x\"$0 0 9 109")
        assertQ("z vs 2413e", "\"x\"$69 22 208 0")
        assertQ("z vs 2413f", "\"x\"$64 162 218 0 0 0 0 0")
        assertQ("z vs 0N", "\"x\"$128 0 0 0 0 0 0 0")
        assertQ("\"i\"$z vs -1062731486i", "192i,168i,1i,34i")
        assertQ("z sv z vs 123456789", "123456789")
    }

    func testVsBase() {
        assertQ("10 vs 1995", "1 9 9 5")
        assertQ("2 vs 9", "1 0 0 1")
        assertQ("24 60 60 vs 3805", "1 3 25")
        assertQ("10 vs 1995 1996 1997", "(1 1 1;9 9 9;9 9 9;5 6 7)")
        assertQ("10 vs (1995;1996 1997)", "((1;1 1);(9;9 9);(9;9 9);(5;6 7))")
        assertQ("10 sv 10 vs 1995 7", "1995 7")
        assertQ("\".\" sv string 256 vs 3232235990", "\"192.168.1.214\"")
        assertError("10 vs `a", "type")
    }

    // MARK: examples from the reference pages, with literals

    func testCastPageExamples() {
        assertQ("12 13 14 15 16 17 18 19h$42",
                "(2000.01.01D00:00:00.000000042;2003.07m;2000.02.12;2000.02.12T00:00:00.000;0D00:00:00.000000042;00:42;00:00:42;00:00:00.042)")
        assertQ("(12h;13 14h)$(42;42 42)", "(2000.01.01D00:00:00.000000042;(2003.07m;2000.02.12))")
        assertQ("(12h;\"m\";`date)$42 43 44", "(2000.01.01D00:00:00.000000042;2003.08m;2000.02.14)")
        assertQ("`hh`uu`ss$03:55:58.11", "3 55 58i")
        assertQ("`year`dd`mm`hh`uu`ss$2015.10.28D03:55:58", "2015 28 10 3 55 58i")
        assertQ("\"x\"$-2 -1 0 1 2+0Wi", "0xfdfeffffff")
        assertQ("`float$0Wh", "32767f")
        assertQ("`float$0Wj", "9223372036854775807f")
        assertQ("\"d\"$2017.08.23T23:50:12", "2017.08.23")
        assertQ("\"d\"$2009.10.03T13:08:00.222", "2009.10.03")
        assertQ("`timestamp$1666.09.02", "-0Wp")
        assertQ("\"j\"$1999.01.01 2000.12.31", "-365 365")
        assertQ("\"i\"$2010.01.01 2005.01.01", "3653 1827i")
        assertQ("`date$`month$2019.11.19", "2019.11.01")
        assertQ("\"j\"$`minutes`seconds`nanoseconds!(12:00;12:00:00;12:00:00.000000000)",
                "`minutes`seconds`nanoseconds!720 43200 43200000000000")
        assertQ("`second$2000.01.01D09:29:59.9", "09:29:59")
        assertQ("`minute$2020.05.06T09:29:59.900", "09:29")
        assertQ("\"p\"$2015.10.28T03:55:58.123", "2015.10.28D03:55:58.123000000")
        assertQ("\"z\"$2015.10.28D12:00:00", "2015.10.28T12:00:00.000")
        assertQ("\"t\"$0D01:02:03.004005006", "01:02:03.004")
        assertQ("`timespan$2020.12.02D15:51:57.123456789", "7641D15:51:57.123456789")
        assertQ("`time$2020.12.02D15:51:57.123456789", "15:51:57.123")
        assertQ("string `datetime$2020.12.02D15:51:57.123456789", "\"2020.12.02T15:51:57.123\"")
        assertQ("\"d\"$0Wp 0Np -0Wp", "0W 0N -0Wd")
        assertQ("\"p\"$0Wd 0Nd", "0W 0Np")
        assertQ("\"t\"$0Wu", "0Wt")
        assertQ("`week$2024.06.12 2024.06.10 2024.06.16", "2024.06.10 2024.06.10 2024.06.10")
    }

    func testTokPageExamples() {
        assertQ("\"E\"$\"3.14\"", "3.14e")
        assertQ("-8h$\"3.14\"", "3.14e")
        assertQ("\"D\"$\"2000-12-12\"", "2000.12.12")
        assertQ("\"U\"$\"12:13:14\"", "12:13")
        assertQ("\"T\"$\"123456789\"", "12:34:56.789")
        assertQ("\"P\"$\"2015-10-28D03:55:58.6542\"", "2015.10.28D03:55:58.654200000")
        assertQ("\"H\"$\"32768\"", "0Nh")
        assertQ("\"I\"$\"2147483648\"", "0Ni")
        assertQ("\"BXH\"$(\"42\";\"42\";\"42\")", "(0b;0x42;42h)")
        assertQ("(\"B\";\"XHI\")$(\"42\";(\"42\";\"42\";\"42\"))", "(0b;(0x42;42h;42i))")
        assertQ("\"I\"$\"192.168.1.34\"", "-1062731486i")
        assertQ("\"PZ\"$\\:\"20191122-11:11:11.123\"", "(2019.11.22D11:11:11.123000000;2019.11.22T11:11:11.123)")
        assertQ("\"J\"$(\"1\";\"22\";\"x\")", "1 22 0N")
        assertQ("\"F\"$`a`b!(\"1.5\";\"2\")", "`a`b!1.5 2")
        assertQ("\"D\"$\"06/01/2010\"", "2010.06.01")
        run("\\z 1")
        assertQ("\"D\"$\"06/01/2010\"", "2010.01.06")
    }

    func testSvVsPageExamples() {
        assertQ("0x03 sv 0x02 vs 0x0102010201", "0x0103010301")
        assertQ("0x0203 sv 0x0203 vs \"x\"$til 6", "0x0001020304")
        assertQ("0x02 sv (enlist 0x01;enlist 0x01;enlist 0x01)", "0x0102010201")
        assertQ("0x02 vs 0x0102010201", "(enlist 0x01;enlist 0x01;enlist 0x01)")
        assertQ("0x0203 vs 0x000102030405", "(0x0001;0x0405)")
        assertQ("0x0 sv 0x00ff", "255h")
        assertQ("0x0 vs 2413h", "0x096d")
        assertQ("0x0 vs 3.1415", "0x400921cac083126f")
        assertQ("0x0 vs 0N", "0x8000000000000000")
        assertQ("0x0 vs 0Wi", "0x7fffffff")
        assertQ("0x40 vs 2", "0x00000000000000000002")
        assertQ("0b vs 23173h", "0101101010000101b")
        assertQ("0b sv 10001100011010111000101101100100011010000001010101100000100001000000101000111110000101111000010000000001001001010001101101101000b",
                "\"G\"$\"8c6b8b64-6815-6084-0a3e-178401251b68\"")
        assertQ("0b vs \"G\"$\"8c6b8b64-6815-6084-0a3e-178401251b68\"",
                "10001100011010111000101101100100011010000001010101100000100001000000101000111110000101111000010000000001001001010001101101101000b")
    }
}
