package dev.berth.dockerfile.ignore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.dockerfile.ignore.IgnoreMatcher.Decision;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** moby/patternmatcher's tests (TestMatches, TestMatch from Go's filepath tests, the clean/exception cases). */
class IgnoreMatcherTest {
    /** TestMatches: pattern, path, expected. */
    private static final String[][] MATCHES = {
                {"**", "file", "true"},
                {"**", "file/", "true"},
                {"**/", "file", "true"},
                {"**/", "file/", "true"},
                {"**", "/", "true"},
                {"**/", "/", "true"},
                {"**", "dir/file", "true"},
                {"**/", "dir/file", "true"},
                {"**", "dir/file/", "true"},
                {"**/", "dir/file/", "true"},
                {"**/**", "dir/file", "true"},
                {"**/**", "dir/file/", "true"},
                {"dir/**", "dir/file", "true"},
                {"dir/**", "dir/file/", "true"},
                {"dir/**", "dir/dir2/file", "true"},
                {"dir/**", "dir/dir2/file/", "true"},
                {"**/dir", "dir", "true"},
                {"**/dir", "dir/file", "true"},
                {"**/dir2/*", "dir/dir2/file", "true"},
                {"**/dir2/*", "dir/dir2/file/", "true"},
                {"**/dir2/**", "dir/dir2/dir3/file", "true"},
                {"**/dir2/**", "dir/dir2/dir3/file/", "true"},
                {"**file", "file", "true"},
                {"**file", "dir/file", "true"},
                {"**/file", "dir/file", "true"},
                {"**file", "dir/dir/file", "true"},
                {"**/file", "dir/dir/file", "true"},
                {"**/file*", "dir/dir/file", "true"},
                {"**/file*", "dir/dir/file.txt", "true"},
                {"**/file*txt", "dir/dir/file.txt", "true"},
                {"**/file*.txt", "dir/dir/file.txt", "true"},
                {"**/file*.txt*", "dir/dir/file.txt", "true"},
                {"**/**/*.txt", "dir/dir/file.txt", "true"},
                {"**/**/*.txt2", "dir/dir/file.txt", "false"},
                {"**/*.txt", "file.txt", "true"},
                {"**/**/*.txt", "file.txt", "true"},
                {"a**/*.txt", "a/file.txt", "true"},
                {"a**/*.txt", "a/dir/file.txt", "true"},
                {"a**/*.txt", "a/dir/dir/file.txt", "true"},
                {"a/*.txt", "a/dir/file.txt", "false"},
                {"a/*.txt", "a/file.txt", "true"},
                {"a/*.txt**", "a/file.txt", "true"},
                {"a[b-d]e", "ae", "false"},
                {"a[b-d]e", "ace", "true"},
                {"a[b-d]e", "aae", "false"},
                {"a[^b-d]e", "aze", "true"},
                {".*", ".foo", "true"},
                {".*", "foo", "false"},
                {"abc.def", "abcdef", "false"},
                {"abc.def", "abc.def", "true"},
                {"abc.def", "abcZdef", "false"},
                {"abc?def", "abcZdef", "true"},
                {"abc?def", "abcdef", "false"},
                {"a\\\\", "a\\", "true"},
                {"**/foo/bar", "foo/bar", "true"},
                {"**/foo/bar", "dir/foo/bar", "true"},
                {"**/foo/bar", "dir/dir2/foo/bar", "true"},
                {"abc/**", "abc", "false"},
                {"abc/**", "abc/def", "true"},
                {"abc/**", "abc/def/ghi", "true"},
                {"**/.foo", ".foo", "true"},
                {"**/.foo", "bar.foo", "false"},
                {"a(b)c/def", "a(b)c/def", "true"},
                {"a(b)c/def", "a(b)c/xyz", "false"},
                {"a.|)$(}+{bc", "a.|)$(}+{bc", "true"},
                {"dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", "true"},
                {"dist/*.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", "true"},
                {"a\\*b", "a*b", "true"},
    };

    /** TestMatch (Go's filepath.Match table): pattern, path, "true" / "false" / "error". */
    private static final String[][] GO_MATCH = {
                {"abc", "abc", "true"},
                {"*", "abc", "true"},
                {"*c", "abc", "true"},
                {"a*", "a", "true"},
                {"a*", "abc", "true"},
                {"a*", "ab/c", "true"},
                {"a*/b", "abc/b", "true"},
                {"a*/b", "a/c/b", "false"},
                {"a*b*c*d*e*/f", "axbxcxdxe/f", "true"},
                {"a*b*c*d*e*/f", "axbxcxdxexxx/f", "true"},
                {"a*b*c*d*e*/f", "axbxcxdxe/xxx/f", "false"},
                {"a*b*c*d*e*/f", "axbxcxdxexxx/fff", "false"},
                {"a*b?c*x", "abxbbxdbxebxczzx", "true"},
                {"a*b?c*x", "abxbbxdbxebxczzy", "false"},
                {"ab[c]", "abc", "true"},
                {"ab[b-d]", "abc", "true"},
                {"ab[e-g]", "abc", "false"},
                {"ab[^c]", "abc", "false"},
                {"ab[^b-d]", "abc", "false"},
                {"ab[^e-g]", "abc", "true"},
                {"a\\*b", "a*b", "true"},
                {"a\\*b", "ab", "false"},
                {"a?b", "a☺b", "true"},
                {"a[^a]b", "a☺b", "true"},
                {"a???b", "a☺b", "false"},
                {"a[^a][^a][^a]b", "a☺b", "false"},
                {"[a-ζ]*", "α", "true"},
                {"*[a-ζ]", "A", "false"},
                {"a?b", "a/b", "false"},
                {"a*b", "a/b", "false"},
                {"[\\]a]", "]", "true"},
                {"[\\-]", "-", "true"},
                {"[x\\-]", "x", "true"},
                {"[x\\-]", "-", "true"},
                {"[x\\-]", "z", "false"},
                {"[\\-x]", "x", "true"},
                {"[\\-x]", "-", "true"},
                {"[\\-x]", "a", "false"},
                {"[]a]", "]", "error"},
                {"[-]", "-", "error"},
                {"[x-]", "x", "error"},
                {"[x-]", "-", "error"},
                {"[x-]", "z", "error"},
                {"[-x]", "x", "error"},
                {"[-x]", "-", "error"},
                {"[-x]", "a", "error"},
                {"\\", "a", "error"},
                {"[a-b-c]", "a", "error"},
                {"[", "a", "error"},
                {"[^", "a", "error"},
                {"[^bc", "a", "error"},
                {"a[", "a", "error"},
                {"a[", "ab", "error"},
                {"*x", "xxx", "true"},
    };

    private static boolean matches(String path, String... patterns) throws IgnorePatternException {
        return IgnoreMatcher.of(List.of(patterns)).matches(path);
    }

    @Test
    void patternMatcherTable() throws IgnorePatternException {
        List<String> failures = new ArrayList<>();
        for (String[] c : MATCHES) {
            if (matches(c[1], c[0]) != Boolean.parseBoolean(c[2])) failures.add(c[0] + " ~ " + c[1]);
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void goFilepathMatchTable() {
        List<String> failures = new ArrayList<>();
        for (String[] c : GO_MATCH) {
            String outcome;
            try {
                outcome = String.valueOf(matches(c[1], c[0]));
            } catch (IgnorePatternException e) {
                outcome = e.getMessage().equals("syntax error in pattern") ? "error" : e.getMessage();
            }
            if (!outcome.equals(c[2])) failures.add(c[0] + " ~ " + c[1] + " -> " + outcome + " want " + c[2]);
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void multiplePatternsLastOneWins() throws IgnorePatternException {
        assertFalse(matches("util/docker/web/foo", "**", "!util/docker/web"));
        assertTrue(matches("util/docker/web/foo", "**", "!util/docker/web", "util/docker/web/foo"));
        String wheel = "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl";
        assertFalse(matches(wheel, "**", "!" + wheel));
        assertFalse(matches(wheel, "**", "!dist/*.whl"));
        assertTrue(matches("fileutils.go", "*"));
        assertTrue(matches("fileutils.go", "*.go"));
        assertTrue(matches("fileutils.go", "!fileutils.go", "*.go"));
        assertFalse(matches("fileutils.go", "*.go", "!fileutils.go"));
        assertFalse(matches("docs/README.md", "docs", "!docs/README.md"));
        assertFalse(matches("docs/README.md", "docs/", "!docs/README.md"));
        assertFalse(matches("docs/README.md", "docs/*", "!docs/README.md"));
        assertFalse(matches(".", "*.go"));
        assertFalse(matches("/any/path/there"));
    }

    @Test
    void patternsAreTrimmedCleanedAndBlankOnesDropped() throws IgnorePatternException {
        assertEquals(2, IgnoreMatcher.of(List.of("docs", "config", "")).patterns().size());
        assertTrue(IgnoreMatcher.of(List.of("docs", "  !docs/README.md")).hasExceptions());
        assertTrue(IgnoreMatcher.of(List.of("docs", "!docs/README.md  ")).hasExceptions());
        assertFalse(IgnoreMatcher.of(List.of("docs")).hasExceptions());
        assertEquals("a/c", IgnoreMatcher.of(List.of("./a/b/../c/")).patterns().get(0).pattern());
    }

    @Test
    void badPatternsAreRefused() {
        assertEquals("illegal exclusion pattern: \"!\"",
                assertThrows(IgnorePatternException.class, () -> IgnoreMatcher.of(List.of("!"))).getMessage());
        assertEquals("syntax error in pattern",
                assertThrows(IgnorePatternException.class, () -> IgnoreMatcher.of(List.of("["))).getMessage());
        // Go's filepath.Match accepts the reversed range, its regexp does not: refused either way
        assertThrows(IgnorePatternException.class, () -> IgnoreMatcher.of(List.of("[Local-Only]/")));
    }

    @Test
    void literalCharactersAreNotRegex() throws IgnorePatternException {
        assertTrue(matches("a(b)c/def", "a(b)c/def"));
        assertTrue(matches("a.|)$(}+{bc", "a.|)$(}+{bc"));
        assertFalse(matches("aab", "a+b"));
        assertTrue(matches("a^b", "a^b"));
        assertTrue(matches("x&&y", "x[&]&y"));
        assertTrue(matches("[x", "\\[x"));
    }

    @Test
    void exceptionsKeepDirectoriesOpenAsDockerDoes() throws IgnorePatternException {
        IgnoreMatcher m = IgnoreMatcher.of(List.of("docs", "!docs/README.md", "node_modules", "!**/keep"));
        assertTrue(m.matches("docs"));
        assertTrue(m.mayIncludeUnder("docs"));
        assertEquals(Decision.EXCLUDE_BUT_DESCEND, m.decide("docs", true));
        assertEquals(Decision.INCLUDE, m.decide("docs/README.md", false));
        assertEquals(Decision.EXCLUDE, m.decide("docs/other.md", false));
        // Docker only compares prefixes, so "!**/keep" does not keep node_modules open
        assertFalse(m.mayIncludeUnder("node_modules"));
        assertEquals(Decision.SKIP_DIRECTORY, m.decide("node_modules", true));
        assertEquals(Decision.INCLUDE, m.decide("src", true));

        IgnoreMatcher noExceptions = IgnoreMatcher.of(List.of("build"));
        assertEquals(Decision.SKIP_DIRECTORY, noExceptions.decide("build", true));
        assertFalse(noExceptions.mayIncludeUnder("build"));

        IgnoreMatcher nested = IgnoreMatcher.of(List.of("*", "!a/b/c.txt"));
        assertTrue(nested.mayIncludeUnder("a"));
        assertTrue(nested.mayIncludeUnder("a/b"));
        assertFalse(nested.mayIncludeUnder("ab"));
        assertFalse(nested.mayIncludeUnder("a/b/c.txt/d"));
    }

    @Test
    void parentDirectoriesAtAnyDepthMatch() throws IgnorePatternException {
        assertTrue(matches("a/b/node_modules/x/y", "**/node_modules"));
        assertTrue(matches("vendor/lib/file", "vendor"));
        assertFalse(matches("src/vendor/lib", "vendor"));
        assertTrue(matches("src/vendor/lib", "*/vendor"));
    }
}
