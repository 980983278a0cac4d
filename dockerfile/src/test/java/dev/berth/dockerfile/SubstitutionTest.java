package dev.berth.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.dockerfile.Substitution.Expanded;
import dev.berth.dockerfile.instruction.AddInstruction;
import dev.berth.dockerfile.instruction.ArgDefinition;
import dev.berth.dockerfile.instruction.ArgInstruction;
import dev.berth.dockerfile.instruction.CopyInstruction;
import dev.berth.dockerfile.instruction.EnvInstruction;
import dev.berth.dockerfile.instruction.ExposeInstruction;
import dev.berth.dockerfile.instruction.FromInstruction;
import dev.berth.dockerfile.instruction.Instruction;
import dev.berth.dockerfile.instruction.KeyValue;
import dev.berth.dockerfile.instruction.LabelInstruction;
import dev.berth.dockerfile.instruction.OnbuildInstruction;
import dev.berth.dockerfile.instruction.RunInstruction;
import dev.berth.dockerfile.instruction.StopSignalInstruction;
import dev.berth.dockerfile.instruction.UserInstruction;
import dev.berth.dockerfile.instruction.VolumeInstruction;
import dev.berth.dockerfile.instruction.WorkdirInstruction;
import dev.berth.dockerfile.shell.SubstitutionException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which instructions Docker substitutes, and how. */
class SubstitutionTest {
    private static final Map<String, String> ENV = Map.of("HOME", "/root", "USER", "app", "PORTS", "80 443/udp",
            "EMPTY", "", "V", "1.0");
    private final Substitution substitution = new Substitution('\\');

    private static Instruction only(String line) throws DockerfileException {
        return Dockerfile.parse("FROM x\n" + line).stages().get(0).instructions().get(0);
    }

    private <T extends Instruction> T expand(String line) throws Exception {
        @SuppressWarnings("unchecked")
        T instruction = (T) only(line);
        return substitution.expand(instruction, ENV).instruction();
    }

    @Test
    void envAndLabelStripQuotesAndSubstitute() throws Exception {
        EnvInstruction env = expand("ENV A=\"$HOME/x y\" B='$HOME' C=${USER:-nobody}\\ z");
        assertEquals(List.of(new KeyValue("A", "/root/x y"), new KeyValue("B", "$HOME"), new KeyValue("C", "app z")),
                env.variables());
        EnvInstruction legacy = expand("ENV PATH $HOME/bin:$PATH  x");
        assertEquals(List.of(new KeyValue("PATH", "/root/bin:  x")), legacy.variables());
        LabelInstruction label = expand("LABEL \"org.opencontainers.version\"=$V desc=\"a b\"");
        assertEquals(List.of(new KeyValue("org.opencontainers.version", "1.0"), new KeyValue("desc", "a b")), label.labels());
    }

    @Test
    void pathsUserSignalVolumeWorkdir() throws Exception {
        assertEquals("/root/app dir", ((WorkdirInstruction) expand("WORKDIR $HOME/app dir")).path());
        assertEquals("app:app", ((UserInstruction) expand("USER ${USER}:$USER")).user());
        assertEquals("SIGTERM", ((StopSignalInstruction) expand("STOPSIGNAL SIG${EMPTY:-TERM}")).signal());
        assertEquals(List.of("/root/data", "/v1.0"), ((VolumeInstruction) expand("VOLUME [\"$HOME/data\", \"/v$V\"]")).paths());
    }

    @Test
    void copyAndAddSubstituteSourcesDestinationAndChownOnly() throws Exception {
        CopyInstruction copy = expand("COPY --from=$USER --chown=$USER --chmod=$V $HOME/a 'b' /dst/$V/");
        assertEquals(List.of("/root/a", "b"), copy.sources());
        assertEquals("/dst/1.0/", copy.destination());
        assertEquals(Optional.of("app"), copy.chown());
        assertEquals(Optional.of("$USER"), copy.from());
        assertEquals(Optional.of("$V"), copy.chmod());
        // COPY's shell form splits on blanks before substitution, so quotes cannot group words (as in Docker)
        assertEquals("failed to process \"\\\"b\": unexpected end of statement while looking for matching double-quote",
                assertThrows(SubstitutionException.class, () -> expand("COPY \"b c\" /dst/")).getMessage());
        assertEquals(List.of("b c"), ((CopyInstruction) expand("COPY [\"b c\", \"/dst/\"]")).sources());
        AddInstruction add = expand("ADD --chown=$NOPE x y");
        assertEquals(Optional.empty(), add.chown());
    }

    @Test
    void exposeSplitsValuesIntoWords() throws Exception {
        assertEquals(List.of("80", "443/udp", "8080"), ((ExposeInstruction) expand("EXPOSE $PORTS 8080")).ports());
    }

    @Test
    void argNamesAndDefaultsAreSubstituted() throws Exception {
        ArgInstruction arg = expand("ARG A=$HOME B");
        assertEquals(List.of(new ArgDefinition("A", Optional.of("/root")), new ArgDefinition("B", Optional.empty())), arg.args());
    }

    @Test
    void shellFormCommandsAndTriggersAreLeftAlone() throws Exception {
        Instruction run = only("RUN echo $HOME \"$USER\"");
        Expanded<Instruction> expanded = substitution.expand(run, ENV);
        assertSame(run, expanded.instruction());
        assertEquals(Set.of(), expanded.usedVariables());
        assertEquals("RUN echo $HOME \"$USER\"", ((RunInstruction) expanded.instruction()).text());
        Instruction onbuild = only("ONBUILD COPY $HOME /x");
        assertSame(onbuild, substitution.expand(onbuild, ENV).instruction());
        assertEquals("COPY $HOME /x", ((OnbuildInstruction) onbuild).expression());
    }

    @Test
    void fromUsesOnlyMetaArgs() throws Exception {
        Dockerfile df = Dockerfile.parse("ARG TAG=3.19\nFROM --platform=$PLAT alpine:${TAG} AS base\n");
        FromInstruction from = df.stages().get(0).from();
        Expanded<FromInstruction> expanded = substitution.expandFrom(from, Map.of("TAG", "3.20", "PLAT", "linux/amd64"));
        assertEquals("alpine:3.20", expanded.instruction().image());
        assertEquals(Optional.of("linux/amd64"), expanded.instruction().platform());
        assertEquals(Set.of("PLAT", "TAG"), expanded.usedVariables());
        assertThrows(IllegalArgumentException.class, () -> substitution.expand(from, ENV));
    }

    @Test
    void reportsUsedAndUnsetVariablesForTheCache() throws Exception {
        Instruction workdir = only("WORKDIR /$USER/$MISSING/${V:+v}");
        Expanded<Instruction> expanded = substitution.expand(workdir, ENV);
        assertEquals("/app//v", ((WorkdirInstruction) expanded.instruction()).path());
        assertEquals(Set.of("USER", "V"), expanded.usedVariables());
        assertEquals(Set.of("MISSING"), expanded.unsetVariables());
        assertEquals(Set.of("HOME"), substitution.word("$HOME", ENV).usedVariables());
    }

    @Test
    void substitutionErrorsAreDockers() throws Exception {
        Instruction workdir = only("WORKDIR ${HOME");
        assertEquals("failed to process \"${HOME\": missing ':' in substitution",
                assertThrows(SubstitutionException.class, () -> substitution.expand(workdir, ENV)).getMessage());
    }

    @Test
    void environmentPrefersEnvOverBuildArgs() {
        Map<String, String> env = Substitution.environment(List.of("A=1", "B=2", "A=3", "FLAG"), Map.of("A", "arg", "C", "c"));
        assertEquals(Map.of("A", "3", "B", "2", "FLAG", "", "C", "c"), env);
    }

    @Test
    void backtickEscapeDockerfile() throws Exception {
        Dockerfile df = Dockerfile.parse("# escape=`\nFROM x\nWORKDIR C:\\$V `$V\n");
        Instruction workdir = df.stages().get(0).instructions().get(0);
        assertEquals("C:\\1.0 $V", ((WorkdirInstruction) Substitution.of(df).expand(workdir, ENV).instruction()).path());
    }
}
