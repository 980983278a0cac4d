package dev.berth.dockerfile.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Line-level parsing, with cases from buildkit's parser tests and testfiles. */
class SyntaxParserTest {
    private static String dump(String dockerfile) throws SyntaxException {
        return SyntaxParser.parse(dockerfile).dump();
    }

    @Test
    void flagsAreSplitOffWithQuotesRemoved() throws SyntaxException {
        String df = """
                FROM scratch
                COPY foo /tmp/
                COPY --user=me foo /tmp/
                COPY --user=me --doit=true foo /tmp/
                COPY --doit=true -- foo /tmp/
                COPY -- foo /tmp/
                CMD --doit [ "a", "b" ]
                CMD --doit -- [ ]
                COPY --from="my stage" a b
                """;
        assertEquals("""
                (from "scratch")
                (copy "foo" "/tmp/")
                (copy ["--user=me"] "foo" "/tmp/")
                (copy ["--user=me" "--doit=true"] "foo" "/tmp/")
                (copy ["--doit=true"] "foo" "/tmp/")
                (copy "foo" "/tmp/")
                (cmd ["--doit"] "a" "b")
                (cmd ["--doit"])
                (copy ["--from=my stage"] "a" "b")
                """, dump(df));
    }

    @Test
    void healthcheckTypeThenCommand() throws SyntaxException {
        String df = """
                HEALTHCHECK
                HEALTHCHECK --interval=5s --timeout=3s --retries=3 \\
                  CMD /app/check.sh --quiet
                HEALTHCHECK CMD
                HEALTHCHECK   CMD   a b
                HEALTHCHECK --timeout=3s CMD ["foo"]
                HEALTHCHECK CONNECT TCP 7000
                """;
        assertEquals("""
                (healthcheck)
                (healthcheck ["--interval=5s" "--timeout=3s" "--retries=3"] "CMD" "/app/check.sh --quiet")
                (healthcheck "CMD")
                (healthcheck "CMD" "a b")
                (healthcheck ["--timeout=3s"] "CMD" "foo")
                (healthcheck "CONNECT" "TCP 7000")
                """, dump(df));
    }

    @Test
    void jsonArraysAndShellForm() throws SyntaxException {
        String df = """
                CMD []
                CMD [""]
                CMD [ "a", "b" ]
                CMD\t[\t"a",\t"b"\t]\t
                CMD ["\\" \\\\ \\/ \\u0000"]
                CMD ["a"] trailing text is ignored, as Go's json.Decoder does
                CMD ['single', 'quotes']
                CMD ["unterminated"
                CMD [1, 2
                RUN echo [not json]
                VOLUME /a /b
                VOLUME ["/c"]
                """;
        assertEquals("""
                (cmd)
                (cmd "")
                (cmd "a" "b")
                (cmd "a" "b")
                (cmd "\\" \\\\ / \\x00")
                (cmd "a")
                (cmd "['single', 'quotes']")
                (cmd "[\\"unterminated\\"")
                (cmd "[1, 2")
                (run "echo [not json]")
                (volume "/a" "/b")
                (volume "/c")
                """, dump(df));
        assertTrue(SyntaxParser.parse("CMD [\"a\"]").nodes().get(0).json());
    }

    @Test
    void jsonArrayOfNonStringsIsAnError() {
        SyntaxException e = assertThrows(SyntaxException.class, () -> SyntaxParser.parse("FROM x\nCMD [\"a\", 1]"));
        assertEquals("when using JSON array syntax, arrays must be comprised of strings only", e.getMessage());
        assertEquals(2, e.startLine());
    }

    @Test
    void envAndLabelForms() throws SyntaxException {
        String df = """
                ENV name value with  spaces
                ENV name="value value1" b=c\\ d
                ENV name='a\\'b' x="a\\"b"
                LABEL maintainer foo@bar.com
                LABEL "com.example"="x y" k=
                ARG a b="c d" e=
                """;
        assertEquals("""
                (env "name" "value with  spaces")
                (env "name" "\\"value value1\\"" "b" "c\\\\ d")
                (env "name" "'a\\\\'b' x=\\"a\\\\\\"b\\"")
                (label "maintainer" "foo@bar.com")
                (label "\\"com.example\\"" "\\"x y\\"" "k" "")
                (arg "a" "b=\\"c d\\"" "e=")
                """, dump(df));
    }

    @Test
    void envErrors() {
        assertEquals("ENV must have two arguments",
                assertThrows(SyntaxException.class, () -> SyntaxParser.parse("FROM busybox\nENV PATH")).getMessage());
        assertEquals("Syntax error - can't find = in \"b\". Must be of the form: name=value",
                assertThrows(SyntaxException.class, () -> SyntaxParser.parse("LABEL a=1 b")).getMessage());
    }

    @Test
    void continuationsJoinLinesAndSkipCommentsAndBlankLines() throws SyntaxException {
        String df = """
                FROM ubuntu:14.04

                RUN echo hello\\
                  world\\
                  goodnight  \\
                  moon
                RUN echo hello \\
                # this is a comment

                # another comment
                this is more
                RUN echo hello  \\  \t
                world
                RUN echo foo \\\\
                """;
        SyntaxTree tree = SyntaxParser.parse(df);
        assertEquals("""
                (from "ubuntu:14.04")
                (run "echo hello  world  goodnight    moon")
                (run "echo hello this is more")
                (run "echo hello  world")
                (run "echo foo \\\\\\\\")
                """, tree.dump());
        List<Node> nodes = tree.nodes();
        assertEquals(List.of(1, 1), List.of(nodes.get(0).startLine(), nodes.get(0).endLine()));
        assertEquals(List.of(3, 6), List.of(nodes.get(1).startLine(), nodes.get(1).endLine()));
        assertEquals(List.of(7, 11), List.of(nodes.get(2).startLine(), nodes.get(2).endLine()));
        assertEquals("RUN echo hello  world  goodnight    moon", nodes.get(1).original());
        assertEquals(List.of("[WARNING]: Empty continuation line found in:\n    RUN echo hello this is more",
                "[WARNING]: Empty continuation lines will become errors in a future release."), tree.warnings());
    }

    @Test
    void continuationAtEndOfFile() throws SyntaxException {
        assertEquals("(from \"x\")\n(run \"echo a\")\n", dump("FROM x\nRUN echo a\\"));
    }

    @Test
    void emptyContinuationLinesWarn() throws SyntaxException {
        String df = "FROM alpine:3.6\n\nRUN something \\\n\n    following \\\n\n    more\n\nRUN another \\\n\n    thing\n"
                + "RUN non-indented \\\n# this is a comment\n   after-comment\n\nRUN indented \\\n"
                + "    # this is an indented comment\n    comment\n";
        List<String> warnings = SyntaxParser.parse(df).warnings();
        assertEquals(3, warnings.size());
        assertTrue(warnings.get(0).contains("Empty continuation line found in"));
        assertTrue(warnings.get(0).contains("RUN something     following     more"));
        assertTrue(warnings.get(1).contains("RUN another     thing"));
        assertTrue(warnings.get(2).contains("will become errors in a future release"));
    }

    @Test
    void escapeDirectiveChangesContinuationAndEscapes() throws SyntaxException {
        String df = "# escape=`\n\nFROM image\nENV GOPATH `\n\\go\nRUN dir c:\\ `\n  && echo done\n";
        SyntaxTree tree = SyntaxParser.parse(df);
        assertEquals('`', tree.escapeToken());
        assertEquals("(from \"image\")\n(env \"GOPATH\" \"\\\\go\")\n(run \"dir c:\\\\   && echo done\")\n", tree.dump());
    }

    @Test
    void directivesOnlyAtTheTop() throws SyntaxException {
        // after a comment, "# escape = `" is an ordinary comment and backslash stays the escape
        String df = "# Comment\n# escape = `\n\nFROM image\nENV GOPATH \\\n\\go";
        SyntaxTree tree = SyntaxParser.parse(df);
        assertEquals('\\', tree.escapeToken());
        assertEquals("(from \"image\")\n(env \"GOPATH\" \"\\\\go\")\n", tree.dump());
        // syntax is accepted and ignored; case-insensitive names; blank spacing allowed
        assertEquals('`', SyntaxParser.parse("# syntax=docker/dockerfile:1\n#ESCAPE = `\nFROM x").escapeToken());
    }

    @Test
    void directiveErrors() {
        assertEquals("only one escape parser directive can be used",
                assertThrows(SyntaxException.class, () -> SyntaxParser.parse("# escape=`\n# escape=`\nFROM x")).getMessage());
        assertEquals("invalid escape token '$' does not match ` or \\",
                assertThrows(SyntaxException.class, () -> SyntaxParser.parse("# escape=$\nFROM x")).getMessage());
    }

    @Test
    void emptyOrCommentOnlyFilesHaveNoInstructions() {
        assertEquals("file with no instructions",
                assertThrows(SyntaxException.class, () -> SyntaxParser.parse("# only\n\n   \n# comments\n")).getMessage());
        assertEquals("file with no instructions", assertThrows(SyntaxException.class, () -> SyntaxParser.parse("")).getMessage());
    }

    @Test
    void lineTooLong() {
        String df = "FROM image\nLABEL test=" + "a".repeat(65536) + "\n";
        assertEquals("dockerfile line greater than max allowed size of 65535",
                assertThrows(SyntaxException.class, () -> SyntaxParser.parse(df)).getMessage());
    }

    @Test
    void namesAreCaseInsensitiveAndUnknownOnesKept() throws SyntaxException {
        assertEquals("(from \"x\")\n(run \"a\")\n(foo \"\")\n", dump("from x\nRuN a\nFOO bar\n"));
    }

    @Test
    void onbuildNestsTheTrigger() throws SyntaxException {
        Node node = SyntaxParser.parse("ONBUILD COPY --from=a x /y").nodes().get(0);
        assertEquals("onbuild (copy [\"--from=a\"] \"x\" \"/y\")", node.dump());
        assertEquals(List.of("copy", "x", "/y"), node.flattenedArgs());
    }

    @Test
    void byteOrderMarkAndCrLf() throws SyntaxException {
        assertEquals("(from \"x\")\n(run \"a\")\n", dump("\uFEFFFROM x\r\nRUN a\r\n"));
    }
}
