package dev.berth.dockerfile.instruction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.dockerfile.syntax.SyntaxParser;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Typed instructions and Docker's messages (cases from buildkit's instructions/parse_test.go and more). */
class InstructionParserTest {
    static Instruction parse(String line) throws Exception {
        return InstructionParser.parse(SyntaxParser.parse(line).nodes().get(0));
    }

    static String error(String line) {
        return assertThrows(InstructionException.class, () -> parse(line), line).getMessage();
    }

    @Test
    void exactlyOneArgument() {
        for (String cmd : List.of("MAINTAINER", "WORKDIR", "USER", "STOPSIGNAL")) {
            assertEquals(cmd + " requires exactly one argument", error(cmd));
        }
    }

    @Test
    void atLeastOneArgument() {
        for (String cmd : List.of("ENV", "LABEL", "ONBUILD", "HEALTHCHECK", "EXPOSE", "VOLUME", "ARG", "SHELL")) {
            assertEquals(cmd + " requires at least one argument", error(cmd));
        }
        assertEquals("SHELL requires at least one argument", error("SHELL []"));
    }

    @Test
    void noDestination() {
        for (String cmd : List.of("ADD", "COPY")) {
            assertEquals(cmd + " requires at least two arguments, but only one was provided. Destination could not be determined",
                    error(cmd + " arg1"));
        }
        assertTrue(error("COPY\t\n\t\tquux \\\n      bar").startsWith("COPY requires at least two arguments"));
    }

    @Test
    void errorCases() {
        assertEquals("FROM isn't allowed as an ONBUILD trigger", error("ONBUILD FROM scratch"));
        assertEquals("MAINTAINER isn't allowed as an ONBUILD trigger", error("ONBUILD maintainer docker.io"));
        assertEquals("Unknown flag: boo", error("MAINTAINER --boo joe@example.com"));
        assertEquals("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed", error("ONBUILD ONBUILD RUN touch foobar"));
        assertEquals("unknown instruction: FOO", error("foo bar"));
        assertEquals("FROM requires either one or three arguments", error("FROM a b"));
        assertEquals("FROM requires either one or three arguments", error("FROM"));
        assertEquals("invalid name for build stage: \"1st\", name can't start with a number or contain symbols",
                error("FROM a AS 1st"));
        assertEquals("VOLUME specified can not be an empty string", error("VOLUME [\"/a\", \" \"]"));
        assertEquals("ARG names can not be blank", error("ARG =x"));
        assertEquals("ENV names can not be blank", error("ENV =x"));
        assertEquals("SHELL requires the arguments to be in JSON form", error("SHELL /bin/bash -c"));
        assertEquals("Unknown flag: network", error("RUN --network=host echo"));
        assertEquals("Unknown flag: from", error("ADD --from=a x y"));
        assertEquals("Duplicate flag specified: chown", error("COPY --chown=a --chown=b x y"));
        assertEquals("Missing a value on flag: chown", error("COPY --chown x y"));
        assertEquals("Arg should start with -- : -x", assertThrows(InstructionException.class,
                () -> InstructionParser.parse(new dev.berth.dockerfile.syntax.Node("copy", List.of("-x"), List.of("a", "b"),
                        null, false, "COPY -x a b", 1, 1))).getMessage());
    }

    @Test
    void runMountNeedsBuildKit() {
        InstructionException e = assertThrows(InstructionException.class,
                () -> parse("RUN --mount=type=cache,target=/root/.cache --mount=type=tmpfs,target=/t make"));
        assertEquals("the --mount option requires BuildKit. Refer to https://docs.docker.com/go/buildkit/ to learn how to build images with BuildKit enabled",
                e.getMessage());
        assertFalse(e.parseError());
    }

    @Test
    void from() throws Exception {
        FromInstruction from = (FromInstruction) parse("FROM --platform=linux/arm64 Golang:1.22 As Builder");
        assertEquals("Golang:1.22", from.image());
        assertEquals(Optional.of("builder"), from.stageName());
        assertEquals(Optional.of("linux/arm64"), from.platform());
        assertEquals(new Origin("from", "FROM --platform=linux/arm64 Golang:1.22 As Builder", 1, 1), from.origin());
        assertEquals(Optional.empty(), ((FromInstruction) parse("FROM scratch")).stageName());
    }

    @Test
    void runCmdEntrypointForms() throws Exception {
        assertEquals(new CommandLine(List.of("echo hi  there"), true), ((RunInstruction) parse("RUN echo hi  there")).command());
        assertEquals(new CommandLine(List.of("echo", "hi"), false), ((RunInstruction) parse("run [\"echo\", \"hi\"]")).command());
        assertEquals(new CommandLine(List.of(), false), ((CmdInstruction) parse("CMD []")).command());
        assertEquals(new CommandLine(List.of(), true), ((EntrypointInstruction) parse("ENTRYPOINT")).command());
        assertEquals(new CommandLine(List.of("[\"a\" b"), true), ((CmdInstruction) parse("CMD [\"a\" b")).command());
    }

    @Test
    void copyAndAdd() throws Exception {
        CopyInstruction copy = (CopyInstruction) parse("COPY --from=build --chown=1:2 --chmod=644 a b /dst/");
        assertEquals(List.of("a", "b"), copy.sources());
        assertEquals("/dst/", copy.destination());
        assertEquals(Optional.of("build"), copy.from());
        assertEquals(Optional.of("1:2"), copy.chown());
        assertEquals(Optional.of("644"), copy.chmod());
        CopyInstruction json = (CopyInstruction) parse("COPY [\"a b\", \"/c d/\"]");
        assertEquals(List.of("a b"), json.sources());
        assertEquals("/c d/", json.destination());
        assertEquals(Optional.empty(), json.from());
        assertEquals(Optional.empty(), ((CopyInstruction) parse("COPY --from= a b")).from());
        AddInstruction add = (AddInstruction) parse("ADD --chown=app https://x/y.tgz /opt/");
        assertEquals(List.of("https://x/y.tgz"), add.sources());
        assertEquals(Optional.of("app"), add.chown());
    }

    @Test
    void envLabelArg() throws Exception {
        assertEquals(List.of(new KeyValue("A", "v w")), ((EnvInstruction) parse("ENV A v w")).variables());
        assertEquals(List.of(new KeyValue("A", "1"), new KeyValue("B", "\"x y\"")),
                ((EnvInstruction) parse("ENV A=1 B=\"x y\"")).variables());
        assertEquals(List.of(new KeyValue("k", "v v2")), ((LabelInstruction) parse("LABEL k v v2")).labels());
        assertEquals(List.of(new ArgDefinition("A", Optional.empty()), new ArgDefinition("B", Optional.of("")),
                new ArgDefinition("C", Optional.of("\"d e\""))), ((ArgInstruction) parse("ARG A B= C=\"d e\"")).args());
        assertEquals("ARG --x A", parse("ARG --x A").text()); // Docker never checks ARG's flags
    }

    @Test
    void exposeVolumeUserWorkdirStopsignalShellMaintainer() throws Exception {
        assertEquals(List.of("443", "53/udp", "80/tcp", "8000-8010"),
                ((ExposeInstruction) parse("EXPOSE 80/tcp 443 8000-8010 53/udp")).ports());
        assertEquals(List.of("/a", "/b"), ((VolumeInstruction) parse("VOLUME /a /b")).paths());
        assertEquals(List.of("/a b"), ((VolumeInstruction) parse("VOLUME [\"/a b\"]")).paths());
        assertEquals("app:app", ((UserInstruction) parse("USER app:app")).user());
        assertEquals("/a b", ((WorkdirInstruction) parse("WORKDIR /a b")).path());
        assertEquals("SIGKILL", ((StopSignalInstruction) parse("STOPSIGNAL --x SIGKILL")).signal());
        assertEquals(List.of("/bin/bash", "-c"), ((ShellInstruction) parse("SHELL [\"/bin/bash\", \"-c\"]")).shell());
        assertEquals("Jo <jo@x>", ((MaintainerInstruction) parse("MAINTAINER Jo <jo@x>")).maintainer());
    }

    @Test
    void onbuildKeepsTheExpressionAndParsesTheTrigger() throws Exception {
        OnbuildInstruction onbuild = (OnbuildInstruction) parse("  onbuild   COPY --from=a . /app");
        assertEquals("COPY --from=a . /app", onbuild.expression());
        CopyInstruction trigger = assertInstanceOf(CopyInstruction.class, onbuild.trigger());
        assertEquals(Optional.of("a"), trigger.from());
        assertEquals("unknown instruction: FOO", assertThrows(InstructionException.class,
                () -> OnbuildTriggers.parse("FOO bar")).getMessage());
        assertEquals("onbuild trigger should be a single expression", assertThrows(InstructionException.class,
                () -> OnbuildTriggers.parse("RUN a\nRUN b")).getMessage());
    }

    @Test
    void healthcheck() throws Exception {
        assertEquals(HealthConfig.none(), ((HealthcheckInstruction) parse("HEALTHCHECK none")).health());
        assertEquals(List.of("CMD-SHELL", "hello world"), ((HealthcheckInstruction) parse("HEALTHCHECK CMD hello world")).health().test());
        HealthConfig h = ((HealthcheckInstruction) parse(
                "HEALTHCHECK --interval=1m30s --timeout=1.5s --start-period=100ms --retries=3 CMD [\"curl\", \"-f\", \"x\"]")).health();
        assertEquals(new HealthConfig(List.of("CMD", "curl", "-f", "x"), Duration.ofSeconds(90), Duration.ofMillis(1500),
                Duration.ofMillis(100), 3), h);
        assertEquals("HEALTHCHECK NONE takes no arguments", error("HEALTHCHECK NONE x"));
        assertEquals("Unknown type \"CONNECT\" in HEALTHCHECK (try CMD)", error("HEALTHCHECK connect TCP 7000"));
        assertEquals("Missing command after HEALTHCHECK CMD", error("HEALTHCHECK CMD"));
        assertEquals("Interval \"interval\" cannot be less than 1ms", error("HEALTHCHECK --interval=50ns CMD a"));
        assertEquals("Interval \"timeout\" cannot be less than 1ms", error("HEALTHCHECK --timeout=0s CMD a"));
        assertEquals("time: invalid duration \"abc\"", error("HEALTHCHECK --interval=abc CMD a"));
        assertEquals("time: missing unit in duration \"1\"", error("HEALTHCHECK --interval=1 CMD a"));
        assertEquals("time: unknown unit \"d\" in duration \"1d\"", error("HEALTHCHECK --interval=1d CMD a"));
        assertEquals("--retries must be at least 1 (not 0)", error("HEALTHCHECK --retries=0 CMD a"));
        assertEquals("strconv.ParseInt: parsing \"x\": invalid syntax", error("HEALTHCHECK --retries=x CMD a"));
        assertEquals("strconv.ParseInt: parsing \"9999999999\": value out of range", error("HEALTHCHECK --retries=9999999999 CMD a"));
        assertEquals("Unknown flag: foo", error("HEALTHCHECK --foo=1 CMD a"));
    }

    @Test
    void goDurations() {
        assertEquals(Duration.ofMillis(1), GoDuration.parse("1ms"));
        assertEquals(Duration.ofNanos(1_500), GoDuration.parse("1.5us"));
        assertEquals(Duration.ofNanos(1_500), GoDuration.parse("1.5\u00b5s"));
        assertEquals(Duration.ofHours(2).plusMinutes(45), GoDuration.parse("2h45m"));
        assertEquals(Duration.ofMillis(-1500), GoDuration.parse("-1.5s"));
        assertEquals(Duration.ZERO, GoDuration.parse("0"));
        assertEquals(Duration.ofMillis(500), GoDuration.parse(".5s"));
        assertEquals("time: invalid duration \"\"", assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("")).getMessage());
        assertEquals("time: invalid duration \".s\"", assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(".s")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("9999999999h"));
    }

    @Test
    void originKeepsJoinedTextAndLines() throws Exception {
        Instruction run = InstructionParser.parse(SyntaxParser.parse("FROM x\n  RUN echo a \\\n  b  \n").nodes().get(1));
        assertEquals(new Origin("run", "RUN echo a   b", 2, 3), run.origin());
    }
}
