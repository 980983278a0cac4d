package dev.berth.dockerfile.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** buildkit's lexer tables (shell/envVarTest and shell/wordsTest, Unix rows) and error texts. */
class ShellLexerTest {
    private final ShellLexer lexer = new ShellLexer('\\');

    /** envVarTest: source, expected single-word result (or "error"). */
    private static final String[][] ENV_VAR_CASES = {
                {"hello", "hello"},
                {"he'll'o", "hello"},
                {"he'llo", "error"},
                {"he\\'llo", "he'llo"},
                {"he\\\\'llo", "error"},
                {"abc\\tdef", "abctdef"},
                {"\"abc\\tdef\"", "abc\\tdef"},
                {"\"abc\\\\tdef\"", "abc\\tdef"},
                {"'abc\\tdef'", "abc\\tdef"},
                {"hello\\", "hello"},
                {"hello\\\\", "hello\\"},
                {"\"hello", "error"},
                {"\"hello\\\"", "error"},
                {"\"hel'lo\"", "hel'lo"},
                {"'hello", "error"},
                {"'hello\\'", "hello\\"},
                {"'hello\\there'", "hello\\there"},
                {"'hello\\\\there'", "hello\\\\there"},
                {"\"''\"", "''"},
                {"$.", "$."},
                {"he$1x", "hex"},
                {"he$.x", "he$.x"},
                {"he$pwd.", "he."},
                {"he$PWD", "he/home"},
                {"he\\$PWD", "he$PWD"},
                {"he\\\\$PWD", "he\\/home"},
                {"\"he\\$PWD\"", "he$PWD"},
                {"\"he\\\\$PWD\"", "he\\/home"},
                {"\\${}", "${}"},
                {"\\${}aaa", "${}aaa"},
                {"he\\${}", "he${}"},
                {"he\\${}xx", "he${}xx"},
                {"${}", "error"},
                {"${}aaa", "error"},
                {"he${}", "error"},
                {"he${}xx", "error"},
                {"he${hi}", "he"},
                {"he${hi}xx", "hexx"},
                {"he${PWD}", "he/home"},
                {"he${.}", "error"},
                {"he${XXX:-000}xx", "he000xx"},
                {"he${PWD:-000}xx", "he/homexx"},
                {"he${XXX:-$PWD}xx", "he/homexx"},
                {"he${XXX:-${PWD:-yyy}}xx", "he/homexx"},
                {"he${XXX:-${YYY:-yyy}}xx", "heyyyxx"},
                {"he${XXX:YYY}", "error"},
                {"he${XXX?}", "error"},
                {"he${XXX:?}", "error"},
                {"he${PWD?}", "he/home"},
                {"he${PWD:?}", "he/home"},
                {"he${NULL?}", "he"},
                {"he${NULL:?}", "error"},
                {"he${XXX:+${PWD}}xx", "hexx"},
                {"he${PWD:+${XXX}}xx", "hexx"},
                {"he${PWD:+${SHELL}}xx", "hebashxx"},
                {"he${XXX:+000}xx", "hexx"},
                {"he${PWD:+000}xx", "he000xx"},
                {"'he${XX}'", "he${XX}"},
                {"\"he${PWD}\"", "he/home"},
                {"\"he'$PWD'\"", "he'/home'"},
                {"\"$PWD\"", "/home"},
                {"'$PWD'", "$PWD"},
                {"'\\$PWD'", "\\$PWD"},
                {"'\"hello\"'", "\"hello\""},
                {"he\\$PWD", "he$PWD"},
                {"\"he\\$PWD\"", "he$PWD"},
                {"'he\\$PWD'", "he\\$PWD"},
                {"he${PWD", "error"},
                {"he${PWD:=000}xx", "error"},
                {"he${PWD:+${PWD}:}xx", "he/home:xx"},
                {"he${XXX:-\\$PWD:}xx", "he$PWD:xx"},
                {"he${XXX:-\\${PWD}z}xx", "he${PWDz}xx"},
                {"안녕하세요", "안녕하세요"},
                {"안'녕'하세요", "안녕하세요"},
                {"안'녕하세요", "error"},
                {"안녕\\'하세요", "안녕'하세요"},
                {"안\\\\'녕하세요", "error"},
                {"안녕\\t하세요", "안녕t하세요"},
                {"\"안녕\\t하세요\"", "안녕\\t하세요"},
                {"'안녕\\t하세요", "error"},
                {"안녕하세요\\", "안녕하세요"},
                {"안녕하세요\\\\", "안녕하세요\\"},
                {"\"안녕하세요", "error"},
                {"\"안녕하세요\\\"", "error"},
                {"\"안녕'하세요\"", "안녕'하세요"},
                {"'안녕하세요", "error"},
                {"'안녕하세요\\'", "안녕하세요\\"},
                {"안녕$1x", "안녕x"},
                {"안녕$.x", "안녕$.x"},
                {"안녕$pwd.", "안녕."},
                {"안녕$PWD", "안녕/home"},
                {"안녕\\$PWD", "안녕$PWD"},
                {"안녕\\\\$PWD", "안녕\\/home"},
                {"안녕\\${}", "안녕${}"},
                {"안녕\\${}xx", "안녕${}xx"},
                {"안녕${}", "error"},
                {"안녕${}xx", "error"},
                {"안녕${hi}", "안녕"},
                {"안녕${hi}xx", "안녕xx"},
                {"안녕${PWD}", "안녕/home"},
                {"안녕${.}", "error"},
                {"안녕${XXX:-000}xx", "안녕000xx"},
                {"안녕${PWD:-000}xx", "안녕/homexx"},
                {"안녕${XXX:-$PWD}xx", "안녕/homexx"},
                {"안녕${XXX:-${PWD:-yyy}}xx", "안녕/homexx"},
                {"안녕${XXX:-${YYY:-yyy}}xx", "안녕yyyxx"},
                {"안녕${XXX:YYY}", "error"},
                {"안녕${XXX:+${PWD}}xx", "안녕xx"},
                {"안녕${PWD:+${XXX}}xx", "안녕xx"},
                {"안녕${PWD:+${SHELL}}xx", "안녕bashxx"},
                {"안녕${XXX:+000}xx", "안녕xx"},
                {"안녕${PWD:+000}xx", "안녕000xx"},
                {"'안녕${XX}'", "안녕${XX}"},
                {"\"안녕${PWD}\"", "안녕/home"},
                {"\"안녕'$PWD'\"", "안녕'/home'"},
                {"'\"안녕\"'", "\"안녕\""},
                {"안녕\\$PWD", "안녕$PWD"},
                {"\"안녕\\$PWD\"", "안녕$PWD"},
                {"'안녕\\$PWD'", "안녕\\$PWD"},
                {"안녕${PWD", "error"},
                {"안녕${PWD:=000}xx", "error"},
                {"안녕${PWD:+${PWD}:}xx", "안녕/home:xx"},
                {"안녕${XXX:-\\$PWD:}xx", "안녕$PWD:xx"},
                {"안녕${XXX:-\\${PWD}z}xx", "안녕${PWDz}xx"},
                {"$KOREAN", "한국어"},
                {"안녕$KOREAN", "안녕한국어"},
                {"${{aaa}", "error"},
                {"${aaa}}", "}"},
                {"${aaa", "error"},
                {"${{aaa:-bbb}", "error"},
                {"${aaa:-bbb}}", "bbb}"},
                {"${aaa:-bbb", "error"},
                {"${aaa:-bbb}", "bbb"},
                {"${aaa:-${bbb:-ccc}}", "ccc"},
                {"${aaa:-bbb ${foo}", "error"},
                {"${aaa:-bbb {foo}", "bbb {foo"},
                {"${:}", "error"},
                {"${:-bbb}", "error"},
                {"${:+bbb}", "error"},
                {"$1", ""},
                {"${1}", ""},
                {"${1:+bbb}", ""},
                {"${1:-bbb}", "bbb"},
                {"$2", ""},
                {"${2}", ""},
                {"${2:+bbb}", ""},
                {"${2:-bbb}", "bbb"},
                {"$3", ""},
                {"${3}", ""},
                {"${3:+bbb}", ""},
                {"${3:-bbb}", "bbb"},
                {"$4", ""},
                {"${4}", ""},
                {"${4:+bbb}", ""},
                {"${4:-bbb}", "bbb"},
                {"$5", ""},
                {"${5}", ""},
                {"${5:+bbb}", ""},
                {"${5:-bbb}", "bbb"},
                {"$6", ""},
                {"${6}", ""},
                {"${6:+bbb}", ""},
                {"${6:-bbb}", "bbb"},
                {"$7", ""},
                {"${7}", ""},
                {"${7:+bbb}", ""},
                {"${7:-bbb}", "bbb"},
                {"$8", ""},
                {"${8}", ""},
                {"${8:+bbb}", ""},
                {"${8:-bbb}", "bbb"},
                {"$9", ""},
                {"${9}", ""},
                {"${9:+bbb}", ""},
                {"${9:-bbb}", "bbb"},
                {"$999", ""},
                {"${999}", ""},
                {"${999:+bbb}", ""},
                {"${999:-bbb}", "bbb"},
                {"$999aaa", "aaa"},
                {"${999}aaa", "aaa"},
                {"${999:+bbb}aaa", "aaa"},
                {"${999:-bbb}aaa", "bbbaaa"},
                {"$001", ""},
                {"${001}", ""},
                {"${001:+bbb}", ""},
                {"${001:-bbb}", "bbb"},
                {"$001aaa", "aaa"},
                {"${001}aaa", "aaa"},
                {"${001:+bbb}aaa", "aaa"},
                {"${001:-bbb}aaa", "bbbaaa"},
                {"$@", ""},
                {"${@}", ""},
                {"${@:+bbb}", ""},
                {"${@:-bbb}", "bbb"},
                {"$@@@", "@@"},
                {"$@aaa", "aaa"},
                {"${@}aaa", "aaa"},
                {"${@:+bbb}aaa", "aaa"},
                {"${@:-bbb}aaa", "bbbaaa"},
                {"$*", ""},
                {"${*}", ""},
                {"${*:+bbb}", ""},
                {"${*:-bbb}", "bbb"},
                {"$#", ""},
                {"${#}", ""},
                {"${#:+bbb}", ""},
                {"${#:-bbb}", "bbb"},
                {"$?", ""},
                {"${?}", ""},
                {"${?:+bbb}", ""},
                {"${?:-bbb}", "bbb"},
                {"$-", ""},
                {"${-}", ""},
                {"${-:+bbb}", ""},
                {"${-:-bbb}", "bbb"},
                {"$$", ""},
                {"${$}", ""},
                {"${$:+bbb}", ""},
                {"${$:-bbb}", "bbb"},
                {"$!", ""},
                {"${!}", ""},
                {"${!:+bbb}", ""},
                {"${!:-bbb}", "bbb"},
                {"$0", ""},
                {"${0}", ""},
                {"${0:+bbb}", ""},
                {"${0:-bbb}", "bbb"},
    };

    /** wordsTest: "ENV" rows add a variable; other rows: source, expected words joined by ','. */
    private static final String[][] WORDS_CASES = {
                {"hello", "hello"},
                {"hello${hi}bye", "hellobye"},
                {"ENV", "hi=hi"},
                {"hello${hi}bye", "hellohibye"},
                {"ENV", "space=abc  def"},
                {"hello${space}bye", "helloabc,defbye"},
                {"hello\"${space}\"bye", "helloabc  defbye"},
                {"hello \"${space}\"bye", "hello,abc  defbye"},
                {"ENV", "leading=  ab c"},
                {"hello${leading}def", "hello,ab,cdef"},
                {"hello\"${leading}\" def", "hello  ab c,def"},
                {"hello\"${leading}\"", "hello  ab c"},
                {"hello${leading}", "hello,ab,c"},
                {"ENV", "trailing=ab c   "},
                {"hello${trailing}", "helloab,c"},
                {"hello${trailing}d", "helloab,c,d"},
                {"hello\"${trailing}\"d", "helloab c   d"},
                {"hel\"lo${trailing}\"", "helloab c   "},
                {"hello\" there  \"", "hello there  "},
                {"hello there", "hello,there"},
                {"hello\\ there", "hello there"},
                {"hello\" there", "error"},
                {"hello\\\" there", "hello\",there"},
                {"hello\"\\\\there\"", "hello\\there"},
                {"hello\"\\there\"", "hello\\there"},
                {"hello'\\\\there'", "hello\\\\there"},
                {"hello'\\there'", "hello\\there"},
                {"hello'$there'", "hello$there"},
    };

    private static Map<String, String> env(String... entries) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String e : entries) {
            int eq = e.indexOf('=');
            env.put(eq < 0 ? e : e.substring(0, eq), eq < 0 ? "" : e.substring(eq + 1));
        }
        return env;
    }

    @Test
    void envVarTable() {
        Map<String, String> env = env("PWD=/home", "SHELL=bash", "KOREAN=\ud55c\uad6d\uc5b4", "NULL=");
        List<String> failures = new ArrayList<>();
        for (String[] c : ENV_VAR_CASES) {
            try {
                String word = lexer.process(c[0], env).word();
                if (!c[1].equals(word)) failures.add(c[0] + " -> " + word + " (want " + c[1] + ")");
            } catch (SubstitutionException e) {
                if (!c[1].equals("error")) failures.add(c[0] + " -> " + e.getMessage() + " (want " + c[1] + ")");
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void wordsTable() throws SubstitutionException {
        Map<String, String> env = new HashMap<>();
        for (String[] c : WORDS_CASES) {
            if (c[0].equals("ENV")) {
                env.putAll(env(c[1]));
                continue;
            }
            List<String> expected = Arrays.asList(c[1].split(",", -1));
            List<String> actual;
            try {
                actual = lexer.process(c[0], env).words();
            } catch (SubstitutionException e) {
                actual = List.of("error");
            }
            assertEquals(expected, actual, c[0]);
        }
    }

    @Test
    void mandatoryVariables() throws SubstitutionException {
        Map<String, String> set = env("VAR=plain", "ARG=x");
        Map<String, String> empty = env("VAR=", "ARG=x");
        Map<String, String> unset = env("ARG=x");
        String noEmpty = "${VAR:?message here$ARG}";
        String noUnset = "${VAR?message here$ARG}";
        assertEquals("plain", lexer.process(noEmpty, set).word());
        assertEquals("failed to process \"${VAR:?message here$ARG}\": VAR: message herex",
                assertThrows(SubstitutionException.class, () -> lexer.process(noEmpty, empty)).getMessage());
        assertEquals("failed to process \"${VAR:?message here$ARG}\": VAR: message herex",
                assertThrows(SubstitutionException.class, () -> lexer.process(noEmpty, unset)).getMessage());
        assertEquals("plain", lexer.process(noUnset, set).word());
        assertEquals("", lexer.process(noUnset, empty).word());
        assertEquals("failed to process \"${VAR?message here$ARG}\": VAR: message herex",
                assertThrows(SubstitutionException.class, () -> lexer.process(noUnset, unset)).getMessage());
        assertEquals("failed to process \"${VAR:?}\": VAR: is not allowed to be empty",
                assertThrows(SubstitutionException.class, () -> lexer.process("${VAR:?}", empty)).getMessage());
        assertEquals("failed to process \"${VAR?}\": VAR: is not allowed to be unset",
                assertThrows(SubstitutionException.class, () -> lexer.process("${VAR?}", unset)).getMessage());
    }

    @Test
    void errorMessagesAreDockers() {
        Map<String, String> env = env("A=1");
        String[][] cases = {
                {"${A", "failed to process \"${A\": missing ':' in substitution"},
                {"${A:-x", "failed to process \"${A:-x\": syntax error: missing '}'"},
                {"${}", "failed to process \"${}\": syntax error: bad substitution"},
                {"${:a}", "failed to process \"${:a}\": syntax error: bad substitution"},
                {"${", "failed to process \"${\": syntax error: missing '}'"},
                {"${A-x}", "failed to process \"${A-x}\": missing ':' in substitution"},
                {"${A+x}", "failed to process \"${A+x}\": missing ':' in substitution"},
                {"${A:=x}", "failed to process \"${A:=x}\": unsupported modifier (=) in substitution"},
                {"'abc", "failed to process \"'abc\": unexpected end of statement while looking for matching single-quote"},
                {"\"abc", "failed to process \"\\\"abc\": unexpected end of statement while looking for matching double-quote"},
        };
        for (String[] c : cases) {
            assertEquals(c[1], assertThrows(SubstitutionException.class, () -> lexer.process(c[0], env), c[0]).getMessage());
        }
    }

    @Test
    void recordsUsedAndUnsetVariables() throws SubstitutionException {
        Expansion e = lexer.process("$A ${B:-x} '$C' \\$D ${E:+y} \"$F\"", env("A=1", "E=", "F=f"));
        assertEquals("1 x $C $D  f", e.word());
        assertEquals(Set.of("A", "E", "F"), e.usedVariables());
        assertEquals(Set.of("B"), e.unsetVariables());
    }

    @Test
    void backtickEscapeToken() throws SubstitutionException {
        ShellLexer backtick = new ShellLexer('`');
        Map<String, String> env = env("A=1");
        assertEquals("$A \\1", backtick.process("`$A \\$A", env).word());
        assertEquals("a\"b", backtick.process("\"a`\"b\"", env).word());
        assertEquals("C:\\dir", backtick.process("C:\\dir", env).word());
    }

    @Test
    void valuesSplitIntoWordsOnlyOutsideQuotes() throws SubstitutionException {
        Map<String, String> env = env("PORTS=80/tcp  443");
        assertEquals(List.of("80/tcp", "443"), lexer.process("$PORTS", env).words());
        assertEquals(List.of("80/tcp  443"), lexer.process("\"$PORTS\"", env).words());
        assertEquals("80/tcp  443", lexer.process("$PORTS", env).word());
    }

    @Test
    void specialParametersAndDigits() throws SubstitutionException {
        Map<String, String> env = env("1=one", "12=twelve", "@=at");
        assertEquals("twelve", lexer.process("$12", env).word());
        assertEquals("at", lexer.process("$@", env).word());
        assertEquals("$", lexer.process("$", env).word());
        assertEquals("$ x", lexer.process("$ x", env).word());
        if (!lexer.process("${1}", env).word().equals("one")) fail("${1}");
    }
}
