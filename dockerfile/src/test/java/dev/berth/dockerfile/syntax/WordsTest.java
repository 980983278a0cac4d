package dev.berth.dockerfile.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** buildkit's TestParseWords and the flag extraction rules. */
class WordsTest {
    @Test
    void parseWordsKeepsQuotesAndEscapes() {
        String[][] cases = {
                {"foo", "foo"},
                {"foo bar", "foo|bar"},
                {"foo\\ bar", "foo\\ bar"},
                {"foo=bar", "foo=bar"},
                {"foo bar 'abc xyz'", "foo|bar|'abc xyz'"},
                {"foo bar \"abc xyz\"", "foo|bar|\"abc xyz\""},
                {"\u00e0\u00f6\u00fb", "\u00e0\u00f6\u00fb"},
                {"f\u00f6o b\u00e0r \"\u00e2bc x\u00ffz\"", "f\u00f6o|b\u00e0r|\"\u00e2bc x\u00ffz\""},
                {"a=\"\" b=''", "a=\"\"|b=''"},
                {"trailing\\", "trailing"},
                {"'quoted \\' escape'", "'quoted \\'|escape'"},
        };
        for (String[] c : cases) {
            assertEquals(List.of(c[1].split("\\|")), Words.split(c[0], '\\'), c[0]);
        }
        assertEquals(List.of("a``", "b"), Words.split("a`` b", '`'));
    }

    @Test
    void extractFlags() {
        assertEquals(new Words.FlagsAndRest(List.of("--a=1", "--b"), "x y"), Words.extractFlags("--a=1 --b x y"));
        assertEquals(new Words.FlagsAndRest(List.of("--a=x y"), "z"), Words.extractFlags("--a=\"x y\" z"));
        assertEquals(new Words.FlagsAndRest(List.of("--a"), " z"), Words.extractFlags("--a -- z"));
        assertEquals(new Words.FlagsAndRest(List.of(), "-x --y"), Words.extractFlags("-x --y"));
        assertEquals(new Words.FlagsAndRest(List.of("--only"), ""), Words.extractFlags("--only"));
        assertEquals(new Words.FlagsAndRest(List.of("--a=b c"), "d"), Words.extractFlags("--a=b\\ c d"));
    }
}
