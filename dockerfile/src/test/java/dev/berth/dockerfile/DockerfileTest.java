package dev.berth.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.dockerfile.instruction.CopyInstruction;
import dev.berth.dockerfile.instruction.RunInstruction;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Whole Dockerfiles: stages, meta ARGs, --target, stage references, and Docker's error texts. */
class DockerfileTest {
    private static final String MULTI_STAGE = """
            # syntax=docker/dockerfile:1
            ARG GO=1.22
            ARG BASE
            FROM golang:${GO} AS Build
            WORKDIR /src
            COPY . .
            RUN go build -o /out/app

            FROM build as test
            RUN go test ./...

            FROM alpine:3.19
            COPY --from=build /out/app /usr/bin/app
            COPY --from=0 /src/README /
            CMD ["app"]
            """;

    private static String error(String dockerfile) {
        return assertThrows(DockerfileException.class, () -> Dockerfile.parse(dockerfile)).getMessage();
    }

    @Test
    void stagesAndMetaArgs() throws DockerfileException {
        Dockerfile df = Dockerfile.parse(MULTI_STAGE);
        assertEquals(List.of("ARG GO=1.22", "ARG BASE"), df.metaArgs().stream().map(a -> a.text()).toList());
        assertEquals(3, df.stages().size());
        Stage build = df.stages().get(0);
        assertEquals(Optional.of("build"), build.name());
        assertEquals("golang:${GO}", build.from().image());
        assertEquals(3, build.instructions().size());
        assertInstanceOf(RunInstruction.class, build.instructions().get(2));
        assertEquals("RUN go build -o /out/app", build.instructions().get(2).text());
        assertEquals(7, build.instructions().get(2).origin().startLine());
        assertEquals(Optional.empty(), df.stages().get(2).name());
        assertEquals(2 + (1 + 3) + (1 + 1) + (1 + 3), df.stepCount(df.stages()));
        assertEquals('\\', df.escapeToken());
    }

    @Test
    void targetSelectsStagesUpToIt() throws DockerfileException {
        Dockerfile df = Dockerfile.parse(MULTI_STAGE);
        assertEquals(2, df.stagesToBuild("TEST").size());
        assertEquals(3, df.stagesToBuild(null).size());
        assertEquals(3, df.stagesToBuild("").size());
        assertEquals("failed to reach build target nope in Dockerfile",
                assertThrows(DockerfileException.class, () -> df.stagesToBuild("nope")).getMessage());
        Dockerfile twice = Dockerfile.parse("FROM a AS x\nFROM b AS X\nFROM c AS y\n");
        assertEquals("x stage name already used", assertThrows(DockerfileException.class, () -> twice.stagesToBuild(null)).getMessage());
        assertEquals(1, twice.stagesToBuild("x").size());
    }

    @Test
    void stageReferences() throws DockerfileException {
        Dockerfile df = Dockerfile.parse(MULTI_STAGE);
        assertEquals(Optional.of(df.stages().get(0)), df.earlierStageNamed("BUILD", 1));
        assertEquals(Optional.empty(), df.earlierStageNamed("build", 0));
        assertEquals(Optional.empty(), df.earlierStageNamed("alpine:3.19", 2));
        assertEquals(new CopySource.FromStage(df.stages().get(0)), df.copySource("build", 2));
        assertEquals(new CopySource.FromStage(df.stages().get(1)), df.copySource("1", 2));
        assertEquals(new CopySource.FromImage("busybox:latest"), df.copySource("busybox:latest", 2));
        assertEquals(new CopySource.FromImage("test"), df.copySource("test", 1)); // itself by name: an image, as in Docker
        assertEquals("invalid from flag value 2: refers to current build stage",
                assertThrows(DockerfileException.class, () -> df.copySource("2", 2)).getMessage());
        assertEquals("invalid from flag value 5: index out of bounds",
                assertThrows(DockerfileException.class, () -> df.copySource("5", 2)).getMessage());
        assertEquals("invalid from flag value -1: index out of bounds",
                assertThrows(DockerfileException.class, () -> df.copySource("-1", 2)).getMessage());
        CopyInstruction copy = (CopyInstruction) df.stages().get(2).instructions().get(0);
        assertEquals(Optional.of("build"), copy.from());
    }

    @Test
    void errorsUseDockersWords() {
        assertEquals("dockerfile parse error line 3: unknown instruction: FOO", error("FROM x\nRUN a\nfoo bar\n"));
        assertEquals("dockerfile parse error line 2: unknown instruction: EXPOSED", error("FROM x\nexposed 80\n"));
        assertEquals("dockerfile parse error line 2: Unknown flag: mount-cache", error("FROM x\nCOPY --mount-cache a b\n"));
        assertEquals("the --mount option requires BuildKit. Refer to https://docs.docker.com/go/buildkit/ to learn how to build images with BuildKit enabled",
                error("FROM x\nRUN --mount=type=cache,target=/c make\n"));
        assertEquals("dockerfile parse error line 2: Unknown flag: network", error("FROM x\nRUN --network=none make\n"));
        assertEquals("no build stage in current context", error("RUN a\nFROM x\n"));
        assertEquals("failed to parse Dockerfile: file with no instructions", error("# nothing\n"));
        assertEquals("the Dockerfile (Dockerfile) cannot be empty", error(""));
        assertEquals("failed to parse Dockerfile: ENV must have two arguments", error("FROM busybox\nENV PATH\n"));
        assertEquals("failed to parse build/Dockerfile.dev: when using JSON array syntax, arrays must be comprised of strings only",
                assertThrows(DockerfileException.class, () -> Dockerfile.parse("FROM x\nCMD [1]", "build/Dockerfile.dev")).getMessage());
        assertEquals("dockerfile parse error line 1: FROM requires either one or three arguments", error("FROM a b c d\n"));
        DockerfileException e = assertThrows(DockerfileException.class, () -> Dockerfile.parse("FROM x\n\nRUN a \\\n b\nWAT"));
        assertEquals(5, e.line());
    }

    @Test
    void heredocsAreRefusedClearly() {
        assertEquals("dockerfile parse error line 2: heredocs are not supported: <<EOF",
                error("FROM x\nRUN <<EOF\necho hi\nEOF\n"));
        assertEquals("dockerfile parse error line 2: heredocs are not supported: <<-'END'",
                error("FROM x\nCOPY <<-'END' /etc/x\nhello\nEND\n"));
    }

    @Test
    void shellUsesOfLessThanAreNotHeredocs() throws DockerfileException {
        Dockerfile df = Dockerfile.parse("FROM x\nRUN cat <<< hi\nRUN echo $((1<<2))\nRUN [\"sh\", \"-c\", \"cat <<EOF\"]\n");
        assertEquals(3, df.stages().get(0).instructions().size());
    }

    @Test
    void escapeDirectiveReachesTheDockerfile() throws DockerfileException {
        Dockerfile df = Dockerfile.parse("# escape=`\nFROM mcr.microsoft.com/windows\nRUN dir c:\\ `\n  /s\n");
        assertEquals('`', df.escapeToken());
        assertEquals("RUN dir c:\\   /s", df.stages().get(0).instructions().get(0).text());
    }
}
